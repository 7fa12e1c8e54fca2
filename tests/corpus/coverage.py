#!/usr/bin/python3
"""Does the ecsc language have a native word for every field real users write?

Usage:
    coverage.py [--corpus DIR] [--models DIR] --emitted DIR [--min FILE] [--write-min FILE]
    coverage.py [--corpus DIR] [--models DIR] --list-corpus-paths

The corpus side: every task definition in CORPUS/taskdefs/*.json is
normalised to RegisterTaskDefinition input (describe output unwrapped, keys
that the API does not accept dropped and listed, malformed files skipped) and
reduced to its set of field paths.

The language side: --emitted DIR holds the JSON that ecsc emitted from `.ecs`
sources written with native words only (no escape hatch).  The paths found
there are the paths the language can express; values do not matter.

Field paths
    Object keys are joined with `.` and list elements are written `[]`:
    `containerDefinitions[].linuxParameters.tmpfs[].size`.  Free-form maps whose
    keys are user data (dockerLabels, log and firelens options, docker volume
    driverOpts and labels: the map shapes of the model) are recorded as the map
    path only.

    Recorded are the leaves (scalars, nulls, free-form maps) plus empty objects
    and empty lists, not intermediate nodes.  An intermediate node is implied by
    every leaf below it, so counting it would only add fields that are covered
    whenever one of their children is, and blur the figures.  An empty node is
    different: `"host": {}` or `"volumes": []` has no leaf below it but is still
    something the user wrote, and the language must be able to say it.

    A corpus path counts as covered when it occurs in an emitted file as a leaf
    or as an intermediate node: an empty `host {}` in the corpus is covered if
    the language can produce a `host` object at all.

Output: the uncovered corpus paths with the files using each, then
`fields: X/Y covered (P%)` and `files fully expressible: A/B`.

--min FILE holds two lines `fields=NN` and `files=NN`: the minimum numbers of
covered fields (X) and fully expressible files (A), as counts rather than
percentages so that a single lost field is noticed.  --write-min FILE records
the current counts.

Exit status: 0 ok, 1 below the minimum (or no emitted task definition found),
2 usage or I/O error, 77 corpus absent (register with SKIP_RETURN_CODE 77).
"""

import argparse
import collections
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CORPUS = os.path.normpath(os.path.join(REPO, "..", "shared", "corpus"))
DEFAULT_MODELS = os.path.normpath(os.path.join(REPO, "..", "shared", "reference", "aws-models"))

# The model loading and the list of fields newer than the built-in model live
# in the conformance validator; share them rather than repeat them.  Keep the
# source tree clean of __pycache__.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(REPO, "tests", "conformance"))
import validate_ecs  # noqa: E402

OPERATION = "RegisterTaskDefinition"

# Free-form maps: their keys are user data, not field names.  These are the
# map shapes of RegisterTaskDefinitionRequest; the model walk below adds any
# map shape a newer model introduces.
FREE_FORM_MAPS = frozenset({
    "containerDefinitions[].dockerLabels",
    "containerDefinitions[].logConfiguration.options",
    "containerDefinitions[].firelensConfiguration.options",
    "volumes[].dockerVolumeConfiguration.driverOpts",
    "volumes[].dockerVolumeConfiguration.labels",
})

SKIP_RETURN_CODE = 77


class Malformed(Exception):
    """A corpus document whose structure does not fit the API (skipped)."""


def join(prefix, key):
    return "%s.%s" % (prefix, key) if prefix else key


def json_kind(value):
    """The JSON name of a Python value, for messages."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string"


class Normaliser:
    """Turns a task-definition document into RegisterTaskDefinition input.

    Keys the model's input shape does not accept are dropped and recorded in
    `dropped` (path -> kind: unknown field, read-only describe field or
    describe wrapper key).  Keys that are newer than the loaded model (only
    possible with the built-in model) are kept and copied without a shape.
    A container value of the wrong JSON type raises Malformed.
    """

    def __init__(self, model, newer_fields):
        self.input_shape = model.operation_model(OPERATION).input_shape
        # Members of the describe output that register does not accept:
        # revision, status, taskDefinitionArn, registeredAt, ...
        self.read_only = (frozenset(model.shape_for("TaskDefinition").members)
                          - frozenset(self.input_shape.members))
        self.newer_fields = newer_fields
        self.free_form = set(FREE_FORM_MAPS)

    def normalise(self, document):
        """Return (clean_document, dropped) where dropped maps path -> kind."""
        if not isinstance(document, dict):
            raise Malformed("top level is %s, not an object" % json_kind(document))
        wrapper = None
        if "taskDefinition" in document and isinstance(document["taskDefinition"], dict):
            # describe-task-definition output: {"taskDefinition": {...}, "tags": [...]}
            wrapper, document = document, dict(document["taskDefinition"])
            if "tags" in wrapper and "tags" not in document:
                document["tags"] = wrapper["tags"]
        dropped = {}
        clean = self._walk(document, self.input_shape, "", dropped)
        if wrapper is not None:
            for key in sorted(set(wrapper) - {"taskDefinition", "tags"}):
                dropped[key] = "describe wrapper key"
        return clean, dropped

    def _walk(self, value, shape, path, dropped):
        if shape is None:               # a newer field: no shape to check against
            return value
        kind = shape.type_name
        if kind == "map":
            self.free_form.add(path)
        if value is None:
            return value                # a null leaf; botocore rejects it, we record it
        expected = {"structure": dict, "map": dict, "list": list}.get(kind)
        if expected and not isinstance(value, expected):
            raise Malformed("%s is %s, not %s" % (
                path or "top level", json_kind(value),
                "a list" if expected is list else "an object"))
        if kind == "structure":
            clean = {}
            for key, item in value.items():
                member_path = join(path, key)
                if key in shape.members:
                    clean[key] = self._walk(item, shape.members[key], member_path, dropped)
                elif member_path in self.newer_fields:
                    clean[key] = item
                else:
                    top_read_only = not path and key in self.read_only
                    dropped[member_path] = ("read-only describe field" if top_read_only
                                            else "unknown field")
            return clean
        if kind == "list":
            return [self._walk(item, shape.member, path + "[]", dropped) for item in value]
        return value                    # scalars and free-form maps


def collect_paths(document, free_form, prefix=""):
    """Return a Counter of the leaf and empty-node paths of a JSON value.

    The count is the number of occurrences (e.g. one per container).
    """
    counts = collections.Counter()

    def walk(value, path):
        if path in free_form:
            counts[path] += 1
        elif isinstance(value, dict) and value:
            for key in value:
                walk(value[key], join(path, key))
        elif isinstance(value, list) and value:
            for item in value:
                walk(item, path + "[]")
        else:                           # scalar, null, {} or []
            counts[path] += 1

    walk(document, prefix)
    return counts


def closure(paths):
    """The given paths plus every intermediate node above them."""
    result = set()
    for path in paths:
        while path:
            result.add(path)
            cut = max(path.rfind("."), path.rfind("[]"))
            path = path[:cut] if cut > 0 else ""
    return result


def json_files(directory):
    """Sorted *.json files directly inside a directory."""
    return sorted(os.path.join(directory, n) for n in os.listdir(directory)
                  if n.endswith(".json"))


def json_files_below(directory):
    """Sorted *.json files anywhere below a directory (ecsc writes
    <out>/taskdefs/<family>.json)."""
    found = []
    for root, dirs, names in os.walk(directory):
        dirs.sort()
        found.extend(os.path.join(root, n) for n in names if n.endswith(".json"))
    return sorted(found)


def load_corpus(corpus_dir, normaliser):
    """Normalise every corpus task definition.

    Returns (paths_by_file, skipped, dropped) where paths_by_file maps a file
    name to its Counter of paths, skipped maps a file name to the reason, and
    dropped maps a path to (kind, set of file names).
    """
    paths_by_file, skipped, dropped = {}, {}, {}
    for path in json_files(os.path.join(corpus_dir, "taskdefs")):
        name = os.path.basename(path)
        document, error = validate_ecs.load_json(path)
        if error:
            skipped[name] = error
            continue
        try:
            clean, file_dropped = normaliser.normalise(document)
        except Malformed as e:
            skipped[name] = "malformed: %s" % e
            continue
        for field, kind in file_dropped.items():
            dropped.setdefault(field, (kind, set()))[1].add(name)
        paths_by_file[name] = collect_paths(clean, normaliser.free_form)
    return paths_by_file, skipped, dropped


def load_emitted(emitted_dir, free_form):
    """Paths (with intermediate nodes) found in the task definitions ecsc emitted.

    Returns (paths, number_of_files, ignored_file_names).
    """
    paths, count, ignored = set(), 0, []
    for path in json_files_below(emitted_dir):
        document, error = validate_ecs.load_json(path)
        if error:
            raise OSError("%s: %s" % (path, error))
        if isinstance(document, dict) and "taskDefinition" in document:
            document = document["taskDefinition"]
        if not isinstance(document, dict) or "containerDefinitions" not in document:
            ignored.append(os.path.basename(path))   # e.g. a service definition
            continue
        count += 1
        paths |= closure(collect_paths(document, free_form))
    return paths, count, ignored


def read_min(path):
    """Parse a minimums file: `fields=NN` and `files=NN` lines."""
    minimums = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            if not sep or key.strip() not in ("fields", "files") or not value.strip().isdigit():
                raise ValueError("%s:%d: expected fields=NN or files=NN" % (path, number))
            minimums[key.strip()] = int(value)
    missing = {"fields", "files"} - set(minimums)
    if missing:
        raise ValueError("%s: missing %s" % (path, " and ".join(sorted(missing))))
    return minimums


def print_notes(skipped, dropped):
    """The corpus files skipped and the keys dropped while normalising."""
    for name in sorted(skipped):
        print("skipped corpus file %s: %s" % (name, skipped[name]))
    for field in sorted(dropped):
        kind, files = dropped[field]
        print("not in the %s API, dropped: %s (%s) [%s]"
              % (OPERATION, field, kind, ", ".join(sorted(files))))


def list_corpus_paths(paths_by_file):
    """Every distinct corpus path with the files and occurrences using it."""
    files = collections.Counter()
    occurrences = collections.Counter()
    for counts in paths_by_file.values():
        files.update(counts.keys())
        occurrences.update(counts)
    print("%5s %5s  %s" % ("files", "uses", "path"))
    for path in sorted(files):
        print("%5d %5d  %s" % (files[path], occurrences[path], path))
    print("%d distinct paths in %d task definitions" % (len(files), len(paths_by_file)))


def report_coverage(paths_by_file, expressible):
    """Print the uncovered paths and the totals; return (covered, total, full, files)."""
    users = collections.defaultdict(list)
    for name in sorted(paths_by_file):
        for path in paths_by_file[name]:
            users[path].append(name)
    uncovered = sorted(p for p in users if p not in expressible)
    if uncovered:
        print("not covered by the language (%d):" % len(uncovered))
    for path in uncovered:
        print("  %s" % path)
        for name in users[path]:
            print("      %s" % name)
    total = len(users)
    covered = total - len(uncovered)
    full = sum(1 for counts in paths_by_file.values()
               if all(p in expressible for p in counts))
    percent = 100.0 * covered / total if total else 0.0
    print("fields: %d/%d covered (%.1f%%)" % (covered, total, percent))
    print("files fully expressible: %d/%d" % (full, len(paths_by_file)))
    return covered, total, full, len(paths_by_file)


def main(argv):
    parser = argparse.ArgumentParser(
        description="Check that the ecsc language covers the fields of real task definitions.")
    parser.add_argument("--corpus", metavar="DIR", default=DEFAULT_CORPUS,
                        help="corpus directory holding taskdefs/ (default ../shared/corpus)")
    parser.add_argument("--models", metavar="DIR", default=DEFAULT_MODELS,
                        help="botocore data directory with the current ECS model "
                             "(default ../shared/reference/aws-models; built-in model if absent)")
    parser.add_argument("--emitted", metavar="DIR",
                        help="directory of task-definition JSON emitted by ecsc")
    parser.add_argument("--min", metavar="FILE", help="fail below the counts in FILE")
    parser.add_argument("--write-min", metavar="FILE", help="record the current counts in FILE")
    parser.add_argument("--list-corpus-paths", action="store_true",
                        help="print every normalised corpus path with its counts")
    args = parser.parse_args(argv)      # exits with 2 on usage errors

    if not args.list_corpus_paths and not args.emitted:
        parser.print_usage(sys.stderr)
        print("coverage.py: error: --emitted DIR or --list-corpus-paths is required",
              file=sys.stderr)
        return 2
    if not os.path.isdir(os.path.join(args.corpus, "taskdefs")):
        print("SKIPPED: corpus not found at %s" % args.corpus)
        return SKIP_RETURN_CODE

    try:
        model, is_current, description = validate_ecs.load_ecs_model(args.models)
    except validate_ecs.ModelError as e:
        print("coverage.py: error: %s" % e, file=sys.stderr)
        return 2
    print("model: %s" % description)
    newer = frozenset() if is_current else validate_ecs.NEWER_FIELDS[OPERATION]
    normaliser = Normaliser(model, newer)
    paths_by_file, skipped, dropped = load_corpus(args.corpus, normaliser)
    print_notes(skipped, dropped)

    if args.list_corpus_paths:
        list_corpus_paths(paths_by_file)
        if not args.emitted:
            return 0

    if not os.path.isdir(args.emitted):
        print("coverage.py: error: no such directory: %s" % args.emitted, file=sys.stderr)
        return 2
    try:
        expressible, emitted_count, ignored = load_emitted(args.emitted, normaliser.free_form)
    except OSError as e:
        print("coverage.py: error: %s" % e, file=sys.stderr)
        return 2
    for name in ignored:
        print("ignored emitted file %s: not a task definition" % name)
    if emitted_count == 0:
        print("coverage.py: error: no emitted task definition found in %s" % args.emitted,
              file=sys.stderr)
        return 1
    covered, _, full, _ = report_coverage(paths_by_file, expressible)

    if args.write_min:
        with open(args.write_min, "w", encoding="utf-8") as f:
            f.write("fields=%d\nfiles=%d\n" % (covered, full))
        print("wrote %s" % args.write_min)
    if args.min:
        try:
            minimums = read_min(args.min)
        except (OSError, ValueError) as e:
            print("coverage.py: error: %s" % e, file=sys.stderr)
            return 2
        status = 0
        if covered < minimums["fields"]:
            print("FAIL: %d fields covered, minimum is %d" % (covered, minimums["fields"]))
            status = 1
        if full < minimums["files"]:
            print("FAIL: %d files fully expressible, minimum is %d" % (full, minimums["files"]))
            status = 1
        if status == 0 and (covered > minimums["fields"] or full > minimums["files"]):
            print("note: above the minimum in %s; raise it with --write-min" % args.min)
        return status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
