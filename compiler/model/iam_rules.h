/* iam_rules.h - facts about IAM that the checker and the emitter share:
 * which actions take only "*" as their resource, and which ARNs name every
 * resource of a kind. */
#ifndef ECSC_MODEL_IAM_RULES_H
#define ECSC_MODEL_IAM_RULES_H

#include <stdbool.h>

/* Whether IAM grants `action` only on "*" (it has no resource types). */
bool iam_action_star_only(const char *action);
/* What `arn` grants on when it names every resource of a kind ("*",
   "arn:aws:s3:::*", "arn:aws:dynamodb:…:table/…"), for messages; else NULL. */
const char *iam_arn_every(const char *arn);

#endif
