/* check_accept.c - what a service's `accept` lines let in: ports, the
 * services and address ranges they come from.  Codes E0630-E0632, W0066.
 *
 * Sources: the EC2 API reference, AuthorizeSecurityGroupIngress (ports
 * 0-65535, CidrIp / CidrIpv6, SourcePrefixListId "pl-…"), and the ECS
 * developer guide, "Task networking" (only awsvpc tasks have a security
 * group of their own; bridge and host tasks use their instance's).
 */
#include "sema/check_deploy.h"

#include <ctype.h>
#include <string.h>

static bool prefix_list_ok(const char *s)
{
    size_t n = strlen(s);
    if (strncmp(s, "pl-", 3) != 0 || (n != 3 + 8 && n != 3 + 17))
        return false;
    for (size_t i = 3; i < n; i++)
        if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
            return false;
    return true;
}

static const IrTask *task_of(const IrService *sv)
{
    return sv->task.target;
}

static void not_awsvpc(DCheck *k, const IrAccept *ac, const IrService *sv, bool source)
{
    const IrTask *t = task_of(sv);
    Diagnostic *dg = diag_error(k->de, source ? ac->from_span : ac->span, "E0631",
                                "service '%s' %s, but its tasks have no security group of their "
                                "own", sv->name, source ? "is a source of traffic here"
                                                        : "accepts traffic");
    diag_note(dg, t->network_span.file ? t->network_span : t->name_span,
              "task '%s' uses %s networking: its tasks share their instance's security group",
              t->name, t->net == IR_NET_HOST ? "host" : "bridge");
    diag_note(dg, SPAN_NONE, "write `network awsvpc` in task '%s' (its services then need "
                             "`subnets`), or remove this `accept`", t->name);
}

static void check_accept(DCheck *k, const IrService *sv, const IrAccept *ac)
{
    Diagnostic *dg;
    if (ac->lo < 0 || ac->hi > 65535 || ac->lo > ac->hi) {
        dg = diag_error(k->de, ac->port_span, "E0630", "ports %d..%d are not a range of 0 to 65535",
                        ac->lo, ac->hi);
        diag_note(dg, SPAN_NONE, "write one port (`accept 5432 …`) or FIRST..LAST with FIRST "
                                 "not above LAST");
        return;
    }
    const IrTask *t = task_of(sv);
    if (t && t->net != IR_NET_AWSVPC) {
        not_awsvpc(k, ac, sv, false);
        return;
    }
    const IrService *from = ac->service.target;
    if (from) {
        if (task_of(from) && task_of(from)->net != IR_NET_AWSVPC)
            not_awsvpc(k, ac, from, true);
        return;
    }
    if (ac->service.name)
        return;     /* resolve reported the unknown name */
    if (ac->prefix_list && !prefix_list_ok(ac->prefix_list)) {
        dg = diag_error(k->de, ac->from_span, "E0632", "'%s' is not a prefix list id",
                        ac->prefix_list);
        diag_note(dg, SPAN_NONE, "a prefix list id is pl- and 8 or 17 lowercase hexadecimal "
                                 "digits, as in \"pl-0123456789abcdef0\"");
        return;
    }
    if (ac->cidr && !check_cidr_ok(ac->cidr)) {
        dg = diag_error(k->de, ac->from_span, "E0632", "'%s' is not an address range", ac->cidr);
        diag_note(dg, SPAN_NONE, "write an IPv4 or IPv6 range in CIDR notation, as in "
                                 "\"10.0.0.0/16\" or \"2001:db8::/32\"; a service is a word: "
                                 "`from api`");
        return;
    }
    if (ac->cidr && (strcmp(ac->cidr, "0.0.0.0/0") == 0 || strcmp(ac->cidr, "::/0") == 0)) {
        dg = diag_warning(k->de, ac->from_span, "W0066",
                          "service '%s' accepts port %d from the whole internet", sv->name, ac->lo);
        diag_note(dg, SPAN_NONE, "its tasks are reached without a load balancer, by anyone who "
                                 "finds their addresses");
        diag_note(dg, SPAN_NONE, "name the range that needs it (`from \"203.0.113.0/24\"`), or "
                                 "put the service behind a load balancer with `route`");
    }
}

void check_accepts(DCheck *k, const IrService *sv)
{
    VEC_EACH(const IrAccept *, ac, sv->accepts)
        check_accept(k, sv, ac);
}
