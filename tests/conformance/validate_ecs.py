#!/usr/bin/python3
"""Validate ECS request JSON files against the ECS API model with botocore.

Usage:
    validate_ecs.py --operation RegisterTaskDefinition [--models DIR] FILE_OR_DIR...
    validate_ecs.py --operation CreateService [--models DIR] FILE_OR_DIR...
    validate_ecs.py --print-newer-fields --models DIR

Each FILE is one request body, as given to `aws ecs register-task-definition
--cli-input-json` (or `create-service`).  Directories are searched recursively
for `*.json`; all files are checked in sorted order.

Model selection
    If DIR/ecs/2014-11-13/service-2.json exists, AWS_DATA_PATH is set to DIR
    before the botocore session is created, so botocore prefers that (current)
    model to the one built into Debian's python3-botocore (1.29, late 2022).
    The script then checks that the loaded model really is the current one.

    Without it, the built-in model is used.  Fields that the built-in model
    does not know but that ECS added later (NEWER_FIELDS below) are then
    reported as SKIPPED rather than failing; every other error still fails.

Output
    One line per file (PASS/FAIL/SKIPPED, errors indented below a FAIL), then
    exactly: `N passed, M failed, K skipped`, where K counts files whose only
    problems were skipped newer fields.

Exit status: 0 all files valid (or skipped), 1 a file is invalid or no file
was found, 2 usage error or unusable model.

Only Debian's /usr/bin/python3, python3-botocore and the standard library are
used.
"""

import argparse
import json
import os
import re
import sys

# The ECS API version whose model we load; it has not changed since 2014.
ECS_API_VERSION = "2014-11-13"

OPERATIONS = ("RegisterTaskDefinition", "CreateService")

# A member that only the current model has: proves AWS_DATA_PATH was honoured.
CURRENT_MODEL_PROBE = ("RegisterTaskDefinitionRequest", "enableFaultInjection")

# Input fields that ECS added after the model built into botocore 1.29.27.
# Only the root of each new subtree is listed: botocore reports an unknown
# member and does not descend into it.  Paths use `a.b` for members and `[]`
# for list elements.  Regenerate with:
#     validate_ecs.py --print-newer-fields --models ../shared/reference/aws-models
NEWER_FIELDS = {
    "RegisterTaskDefinition": frozenset({
        "containerDefinitions[].credentialSpecs",
        "containerDefinitions[].portMappings[].containerPortRange",
        "containerDefinitions[].restartPolicy",
        "containerDefinitions[].versionConsistency",
        "enableFaultInjection",
        "volumes[].configuredAtLaunch",
        "volumes[].s3filesVolumeConfiguration",
    }),
    "CreateService": frozenset({
        "availabilityZoneRebalancing",
        "deploymentConfiguration.alarms",
        "deploymentConfiguration.bakeTimeInMinutes",
        "deploymentConfiguration.canaryConfiguration",
        "deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask",
        "deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration",
        "deploymentConfiguration.lifecycleHooks",
        "deploymentConfiguration.linearConfiguration",
        "deploymentConfiguration.strategy",
        "loadBalancers[].advancedConfiguration",
        "monitoring",
        "serviceConnectConfiguration.accessLogConfiguration",
        "serviceConnectConfiguration.services[].clientAliases[].testTrafficRules",
        "serviceConnectConfiguration.services[].timeout",
        "serviceConnectConfiguration.services[].tls",
        "volumeConfigurations",
        "vpcLatticeConfigurations",
    }),
}


class ModelError(Exception):
    """The requested model could not be loaded or is not the one asked for."""


def model_file(models_dir):
    """Path of the ECS model inside a botocore data directory."""
    return os.path.join(models_dir, "ecs", ECS_API_VERSION, "service-2.json")


def load_ecs_model(models_dir):
    """Load the ECS service model; return (model, is_current, description).

    models_dir: a botocore data directory (may be None or absent).  When it
    holds an ECS model, AWS_DATA_PATH is pointed at it before the session is
    created; otherwise AWS_DATA_PATH is removed so that the built-in model is
    used regardless of the caller's environment.
    """
    import botocore
    import botocore.session

    use_current = models_dir is not None and os.path.isfile(model_file(models_dir))
    if use_current:
        os.environ["AWS_DATA_PATH"] = os.path.abspath(models_dir)
    else:
        os.environ.pop("AWS_DATA_PATH", None)

    session = botocore.session.get_session()
    model = session.get_service_model("ecs")
    _, loaded_from = session.get_component("data_loader").load_data_with_path(
        "ecs/%s/service-2" % ECS_API_VERSION)

    shape_name, member = CURRENT_MODEL_PROBE
    has_probe = member in model.shape_for(shape_name).members
    if use_current:
        if not has_probe:
            raise ModelError("%s was set as AWS_DATA_PATH but botocore loaded %s, "
                             "which lacks %s.%s" % (models_dir, loaded_from,
                                                    shape_name, member))
        return model, True, "current (%s)" % models_dir

    if not loaded_from.startswith(os.path.dirname(botocore.__file__)):
        # e.g. a model in ~/.aws/models shadows the built-in one.
        raise ModelError("expected botocore's built-in ECS model, but it was "
                         "loaded from %s" % loaded_from)
    why = ("%s not found" % models_dir) if models_dir else "no --models DIR given"
    return model, False, "built-in (botocore %s) \u2014 %s" % (botocore.__version__, why)


def collect_files(args):
    """Expand FILE_OR_DIR arguments into a list of JSON files.

    Directories are walked recursively for *.json, sorted; explicit files are
    kept in the order given.  Returns (files, missing_arguments).
    """
    files, missing = [], []
    for arg in args:
        if os.path.isdir(arg):
            found = []
            for root, dirs, names in os.walk(arg):
                dirs.sort()
                found.extend(os.path.join(root, n) for n in names if n.endswith(".json"))
            files.extend(sorted(found))
        elif os.path.isfile(arg):
            files.append(arg)
        else:
            missing.append(arg)
    return files, missing


def generic_path(botocore_name, member=None):
    """Turn a botocore error location into a field path.

    botocore names look like `.containerDefinitions[0].linuxParameters`; list
    indices become `[]` and the leading dot is dropped, so the result can be
    compared with NEWER_FIELDS.
    """
    path = re.sub(r"\[\d+\]", "[]", botocore_name or "").lstrip(".")
    if member is not None:
        path = "%s.%s" % (path, member) if path else member
    return path


def exact_path(botocore_name, member):
    """The location of an unknown member with its list indices kept."""
    path = (botocore_name or "").lstrip(".")
    return "%s.%s" % (path, member) if path else member


def validate_document(params, input_shape, newer):
    """Validate one request body; return (errors, skipped) as lists of text.

    `newer` is the set of field paths treated as newer than the model: an
    "unknown field" error at one of them goes to `skipped`, every other error
    to `errors`.
    """
    from botocore.validate import ParamValidator

    report = ParamValidator().validate(params, input_shape)
    errors, skipped = [], []
    # ValidationErrors keeps structured (reason, name, details) tuples in
    # _errors and formats them with _format_error; botocore's public API only
    # offers the joined text, which would lose the per-error reason.
    for error in report._errors:
        reason, name, details = error
        if (reason == "unknown field"
                and generic_path(name, details["unknown_param"]) in newer):
            skipped.append(exact_path(name, details["unknown_param"]))
        else:
            errors.append(report._format_error(error))
    return errors, skipped


def load_json(path):
    """Parse a JSON file; return (document, error_text)."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f), None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        return None, "cannot read JSON: %s" % e


def print_newer_fields(models_dir):
    """Print, for each operation, the input fields missing from the built-in
    model: the roots of subtrees present only in the current model."""
    import botocore.loaders
    from botocore.model import ServiceModel

    if not models_dir or not os.path.isfile(model_file(models_dir)):
        print("validate_ecs.py: --print-newer-fields needs --models DIR holding %s"
              % model_file(models_dir or "DIR"), file=sys.stderr)
        return 2
    with open(model_file(models_dir), encoding="utf-8") as f:
        current = ServiceModel(json.load(f))
    builtin = ServiceModel(botocore.loaders.Loader(include_default_search_paths=True)
                           .load_service_model("ecs", "service-2"))

    def paths(shape, prefix, out, seen):
        # Depth-first over structures and lists; recursive shapes stop.
        if shape.name in seen:
            return
        seen = seen | {shape.name}
        if shape.type_name == "structure":
            for name, member in shape.members.items():
                path = "%s.%s" % (prefix, name) if prefix else name
                out.add(path)
                paths(member, path, out, seen)
        elif shape.type_name == "list":
            paths(shape.member, prefix + "[]", out, seen)
        return out

    for op in OPERATIONS:
        old = paths(builtin.operation_model(op).input_shape, "", set(), frozenset())
        new = paths(current.operation_model(op).input_shape, "", set(), frozenset())
        added = new - old
        # A root is an added path whose parent member is not itself added.
        roots = sorted(p for p in added
                       if re.sub(r"(\[\])+$", "", p.rpartition(".")[0]) not in added)
        print("%s:" % op)
        for path in roots:
            print("    %s" % path)
    return 0


def main(argv):
    parser = argparse.ArgumentParser(
        description="Validate ECS request JSON files with botocore's ECS model.")
    parser.add_argument("--operation", choices=OPERATIONS,
                        help="API operation whose input shape the files must match")
    parser.add_argument("--models", metavar="DIR",
                        help="botocore data directory holding ecs/%s/service-2.json "
                             "(e.g. ../shared/reference/aws-models)" % ECS_API_VERSION)
    parser.add_argument("--print-newer-fields", action="store_true",
                        help="print the fields missing from the built-in model and exit")
    parser.add_argument("paths", nargs="*", metavar="FILE_OR_DIR")
    args = parser.parse_args(argv)      # exits with 2 on usage errors

    if args.print_newer_fields:
        return print_newer_fields(args.models)
    if not args.operation or not args.paths:
        parser.print_usage(sys.stderr)
        print("validate_ecs.py: error: --operation and at least one FILE_OR_DIR "
              "are required", file=sys.stderr)
        return 2

    files, missing = collect_files(args.paths)
    for arg in missing:
        print("validate_ecs.py: error: no such file or directory: %s" % arg,
              file=sys.stderr)
    if missing:
        return 2

    try:
        model, is_current, description = load_ecs_model(args.models)
    except ModelError as e:
        print("validate_ecs.py: error: %s" % e, file=sys.stderr)
        return 2
    print("model: %s" % description)
    input_shape = model.operation_model(args.operation).input_shape
    newer = frozenset() if is_current else NEWER_FIELDS[args.operation]

    passed = failed = skipped = 0
    for path in files:
        document, error = load_json(path)
        if error:
            errors, skipped_fields = [error], []
        else:
            errors, skipped_fields = validate_document(document, input_shape, newer)
        for field in skipped_fields:
            print("SKIPPED (newer than built-in model): %s: %s" % (path, field))
        if errors:
            failed += 1
            print("FAIL %s" % path)
            for text in errors:
                print("    %s" % text)
        elif skipped_fields:
            skipped += 1
        else:
            passed += 1
            print("PASS %s" % path)

    if not files:
        print("validate_ecs.py: error: no JSON files found in: %s"
              % " ".join(args.paths), file=sys.stderr)
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed or not files else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
