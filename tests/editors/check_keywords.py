#!/usr/bin/env python3
"""check_keywords.py REPO [--write] - keep grammar/keywords.def, the compiler
and the editor keyword lists in step.

grammar/keywords.def is the one list of the language's words, by category:

    KW(declaration, "task")     a top-level declaration head
    KW(field, "image")          a field of some block (a FieldDef table)
    KW(word, "fargate")         an option or value word read by the decoder
    KW(constant, "true")        a value word highlighted as a constant
    KW(unit, "GiB")             a unit word the lexer joins to a number ("1 GiB")
    KW(duration, "s")           a duration suffix ("30s")
    KW(percent, "%")            the percentage suffix ("50%")

Checks
  1. the compiler against keywords.def: the decoders (compiler/sema/decode*.c)
     are scanned for declaration names (the decls[] table), field names (the
     FieldDef tables, strcmp(...->head, "x")), option words (args_take_word,
     args_peek_word, `static const char *const x[] = {...}` choice lists and
     strcmp(..., "x")) and units (the Unit tables of args_size_*,
     args_cpu_units, args_duration, args_percent, and the lexer's UNITWORD).
     The module system (compiler/sema/expand.c, compiler/driver/modules.c:
     import, template, environment, use, add, ...) is scanned for the words
     it compares (strcmp, is_word) and lists; a declaration or field of
     keywords.def that no decoder table has must be a statement head there.
     A word the compiler reads that keywords.def lacks fails, and so does a
     word of keywords.def the compiler no longer reads.
  2. each editor against keywords.def, category by category: the VS Code
     TextMate grammar (repository rules named in TM_RULES below), the Vim
     syntax file (`let s:kw_<category> = [...]`) and the Emacs mode
     (`(defconst ecs-kw-<category> '(...))`).

With --write, the editor lists are rewritten from keywords.def first (the
way to update the editors after editing keywords.def); the checks then run.
Prints one line per check and a closing `N passed, M failed`; exits 1 on any
failure.
"""
import json
import os
import re
import sys

CATEGORIES = ["declaration", "field", "word", "constant", "unit", "duration", "percent"]
WORD_RE = re.compile(r"[A-Za-z_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?\Z")

# TextMate repository rules and the category whose words each one lists.
# Every `(?:a|b|c)` alternation of plain words in a rule must be exactly the
# category's words (sorted longest first, so that no word hides a longer one).
TM_RULES = {
    "declaration": ["declaration", "environment-declaration"],
    "field": ["field"],
    "word": ["word"],
    "constant": ["constant"],
    "unit": ["number-size"],
    "duration": ["number-duration"],
    "percent": ["number-percent"],
}

VSCODE_GRAMMAR = "editors/vscode/syntaxes/ecs.tmLanguage.json"
VSCODE_KEYWORD_TEST = "tests/editors/vscode/keywords.test.ecs"
VIM_SYNTAX = "editors/vim/syntax/ecs.vim"
EMACS_MODE = "editors/emacs/ecs-mode.el"
DECODERS = ["compiler/sema/decode.c", "compiler/sema/decode_task.c",
            "compiler/sema/decode_container.c", "compiler/sema/decode_service.c"]
# The module system (imports, templates, constants, environments), resolved
# on the syntax tree before the decoders run.
EXPANDERS = ["compiler/sema/expand.c", "compiler/driver/modules.c"]
# Literals of the expanders that are no words of the language.
EXPANDER_IGNORE = {
    "ms",       # a unit the expander prints, not one it reads
}
LEXER = "grammar/lexer.l"
KEYWORDS = "grammar/keywords.def"


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, name):
        self.passed += 1
        print(f"ok   - {name}")

    def fail(self, name, details):
        self.failed += 1
        print(f"FAIL - {name}")
        for line in details:
            print(f"         {line}")

    def same(self, name, expected, actual, expected_what, actual_what):
        """Passes when the two sets are equal; lists the differences."""
        missing = sorted(set(expected) - set(actual))
        extra = sorted(set(actual) - set(expected))
        if not missing and not extra:
            self.ok(name)
            return
        details = []
        if missing:
            details.append(f"in {expected_what} but not in {actual_what}: {' '.join(missing)}")
        if extra:
            details.append(f"in {actual_what} but not in {expected_what}: {' '.join(extra)}")
        self.fail(name, details)


def read(repo, rel):
    with open(os.path.join(repo, rel), encoding="utf-8") as f:
        return f.read()


def strip_c_comments(text):
    """Blanks C comments, leaving string and character literals alone."""
    token = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|/\*.*?\*/|//[^\n]*', re.S)
    return token.sub(lambda m: m.group(0) if m.group(0)[0] in "\"'" else " ", text)


def sorted_words(words):
    """Longest first, then alphabetical: the order of every editor list."""
    return sorted(set(words), key=lambda w: (-len(w), w))


# ---- keywords.def ------------------------------------------------------------

def parse_keywords_def(text, checks):
    """Returns {category: set of words}; reports malformed lines."""
    cats = {c: set() for c in CATEGORIES}
    problems = []
    seen = set()
    for no, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s or s.startswith("/*") or s.startswith("*") or s.startswith("//") or s.startswith("#"):
            continue
        m = re.fullmatch(r'KW\(\s*([a-z]+)\s*,\s*"([^"\\]+)"\s*\)', s)
        if not m:
            problems.append(f"line {no}: not KW(category, \"word\"): {s}")
            continue
        cat, word = m.groups()
        if cat not in cats:
            problems.append(f"line {no}: unknown category '{cat}' (one of {', '.join(CATEGORIES)})")
            continue
        if (cat, word) in seen:
            problems.append(f"line {no}: KW({cat}, \"{word}\") is listed twice")
        seen.add((cat, word))
        if cat in ("declaration", "field", "word", "constant", "unit") and not WORD_RE.match(word):
            problems.append(f"line {no}: '{word}' is not a word of the language")
        cats[cat].add(word)
    both = cats["word"] & cats["constant"]
    if both:
        problems.append(f"in both word and constant: {' '.join(sorted(both))}")
    if problems:
        checks.fail(f"{KEYWORDS} is well formed", problems)
    else:
        checks.ok(f"{KEYWORDS} is well formed ({len(seen)} entries)")
    return cats


# ---- the compiler --------------------------------------------------------------

def scan_compiler(repo):
    """Returns {category: set of words} as the compiler reads them."""
    found = {c: set() for c in CATEGORIES}
    found["word+constant"] = set()
    units_sema = set()
    for rel in DECODERS:
        src = strip_c_comments(read(repo, rel))
        # declarations: {"app", decode_app},
        for m in re.finditer(r'\{\s*"([^"]+)"\s*,\s*decode_\w+\s*\}', src):
            found["declaration"].add(m.group(1))
        # FieldDef tables
        for m in re.finditer(r"FieldDef\s+\w+\s*\[\s*\]\s*=\s*\{(.*?)\n\s*\};", src, re.S):
            for f in re.finditer(r'\{\s*"([^"]+)"\s*,', m.group(1)):
                found["field"].add(f.group(1))
        # option words
        for m in re.finditer(r'args_(?:take|peek)_word\s*\([^,()]+,\s*"([^"]+)"\s*\)', src):
            found["word+constant"].add(m.group(1))
        for m in re.finditer(r"static\s+const\s+char\s*\*\s*const\s+\w+\s*\[\s*\]\s*=\s*\{(.*?)\}\s*;", src, re.S):
            for w in re.findall(r'"([^"]*)"', m.group(1)):
                found["word+constant"].add(w)
        for m in re.finditer(r'strcmp\s*\(\s*([^,()]+(?:\[[^]]*\])?)\s*,\s*"([^"]+)"\s*\)', src):
            target, word = m.group(1).strip(), m.group(2)
            if not WORD_RE.match(word):
                continue
            if target.endswith("head"):
                found["field"].add(word)
            else:
                found["word+constant"].add(word)
        # Unit tables, by the reader they belong to
        for m in re.finditer(r"\n(?:bool|int|static bool)\s+(\w+)\s*\([^)]*\)\s*\{(.*?)\n\}", src, re.S):
            fn, body = m.groups()
            for t in re.finditer(r"static\s+const\s+Unit\s+\w+\s*\[\s*\]\s*=\s*\{(.*?)\}\s*;", body, re.S):
                names = set(re.findall(r'\{\s*"([^"]+)"\s*,', t.group(1)))
                if fn == "args_duration":
                    found["duration"] |= names
                elif fn == "args_percent":
                    found["percent"] |= names
                else:
                    units_sema |= names
    lexer = read(repo, LEXER)
    m = re.search(r"^UNITWORD\s+\((.*)\)\s*$", lexer, re.M)
    if m:
        found["unit"] = set(m.group(1).split("|"))
    return found, units_sema


def scan_expanders(repo):
    """Returns (heads, words): the words the module system compares with
    statement heads, and every other word it compares or lists."""
    heads, words = set(), set()
    for rel in EXPANDERS:
        path = os.path.join(repo, rel)
        if not os.path.exists(path):
            continue
        src = strip_c_comments(read(repo, rel))
        for m in re.finditer(r'strcmp\s*\(\s*([^,()]+(?:\[[^]]*\])?)\s*,\s*"([^"]+)"\s*\)', src):
            (heads if m.group(1).strip().endswith("head") else words).add(m.group(2))
        for m in re.finditer(r'is_word\s*\([^,()]+,\s*"([^"]+)"\s*\)', src):
            words.add(m.group(1))
        for m in re.finditer(r"static\s+const\s+char\s*\*\s*const\s+\w+\s*\[\s*\]\s*=\s*\{(.*?)\}\s*;", src, re.S):
            words.update(re.findall(r'"([^"]*)"', m.group(1)))
    keep = lambda ws: {w for w in ws if WORD_RE.match(w) and w not in EXPANDER_IGNORE}
    return keep(heads), keep(words)


def check_compiler(repo, cats, checks):
    found, units_sema = scan_compiler(repo)
    heads, words = scan_expanders(repo)
    all_words = set().union(*cats.values())
    missing = sorted((heads | words) - all_words)
    if missing:
        checks.fail("the module system's words (compiler/sema/expand.c, modules.c) are in keywords.def",
                    [f"not in {KEYWORDS}: {' '.join(missing)}"])
    else:
        checks.ok("the module system's words (compiler/sema/expand.c, modules.c) are in keywords.def")
    # what keywords.def lists beyond the decoders must come from the module
    # system: statement heads for declarations and fields, words otherwise
    found["declaration"] |= cats["declaration"] & heads
    found["field"] |= cats["field"] & heads
    found["word+constant"] |= (cats["word"] | cats["constant"]) & (words | heads)
    where = "the compiler"
    checks.same("declarations: keywords.def = the decls[] table of decode.c + module statements",
                found["declaration"], cats["declaration"], where, KEYWORDS)
    checks.same("fields: keywords.def = the FieldDef tables + module statements",
                found["field"], cats["field"], where, KEYWORDS)
    checks.same("option words: keywords.def word+constant = args_take_word/args_peek_word/choice lists/strcmp/is_word",
                found["word+constant"], cats["word"] | cats["constant"], where, KEYWORDS)
    checks.same("units: keywords.def = the lexer's UNITWORD", found["unit"], cats["unit"], LEXER, KEYWORDS)
    missing = sorted(units_sema - cats["unit"])
    if missing:
        checks.fail("units: the size and CPU units of decode.c are all lexer units",
                    [f"not in {KEYWORDS} as units: {' '.join(missing)}"])
    else:
        checks.ok("units: the size and CPU units of decode.c are all lexer units")
    checks.same("durations: keywords.def = the Unit table of args_duration",
                found["duration"], cats["duration"], "decode.c", KEYWORDS)
    checks.same("percent: keywords.def = the Unit table of args_percent",
                found["percent"], cats["percent"], "decode.c", KEYWORDS)


# ---- the editors ------------------------------------------------------------------

ALT_RE = re.compile(r"\(\?:((?:[A-Za-z0-9_%-]|\\[.%-])+(?:\|(?:[A-Za-z0-9_%-]|\\[.%-])+)+|[A-Za-z0-9_%]+)\)")


def tm_alternations(rule):
    """All `(?:w1|w2|...)` plain-word alternations in a rule's regexes."""
    out = []

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("match", "begin", "end") and isinstance(v, str):
                    for m in ALT_RE.finditer(v):
                        out.append([w.replace("\\", "") for w in m.group(1).split("|")])
                elif isinstance(v, (dict, list)):
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(rule)
    return out


def tm_alternation(words):
    return "(?:" + "|".join(w.replace(".", "\\.") for w in sorted_words(words)) + ")"


def check_vscode(repo, cats, checks):
    name = "vscode"
    try:
        grammar = json.loads(read(repo, VSCODE_GRAMMAR))
    except (OSError, ValueError) as e:
        checks.fail(f"{name}: {VSCODE_GRAMMAR} parses", [str(e)])
        return
    repo_rules = grammar.get("repository", {})
    for cat in CATEGORIES:
        problems = []
        lists = []
        for rule_name in TM_RULES[cat]:
            rule = repo_rules.get(rule_name)
            if rule is None:
                problems.append(f"no repository rule '{rule_name}'")
                continue
            alts = tm_alternations(rule)
            if not alts:
                problems.append(f"rule '{rule_name}' has no (?:a|b|...) word list")
            lists += alts
        for words in lists:
            if words != sorted_words(words):
                problems.append("a list is not sorted longest first (run check_keywords.py --write)")
            if set(words) != cats[cat]:
                missing = sorted(cats[cat] - set(words))
                extra = sorted(set(words) - cats[cat])
                if missing:
                    problems.append(f"missing from the grammar: {' '.join(missing)}")
                if extra:
                    problems.append(f"not in {KEYWORDS}: {' '.join(extra)}")
        if problems:
            checks.fail(f"{name}: {cat} words of the TextMate grammar = keywords.def", problems)
        else:
            checks.ok(f"{name}: {cat} words of the TextMate grammar = keywords.def ({len(lists)} list(s))")


def keywords_test(cats):
    """The vscode-tmgrammar-test file that puts every word in its place."""
    out = ['# SYNTAX TEST "source.ecs" "every word of grammar/keywords.def in its place"',
           "# Written by tests/editors/check_keywords.py --write: do not edit."]
    for w in sorted(cats["declaration"]):
        out += [f"{w} name {{", f"# <{'-' * len(w)} keyword.control.declaration.ecs", "}"]
    out.append("task all {")

    def arg(word, lines):
        out.append(f"  x {word}")
        for col, n, scope in lines:
            out.append("#" + " " * (col - 1) + "^" * n + " " + scope)
    for w in sorted(cats["field"]):
        out += [f"  {w}", f"# {'^' * len(w)} support.type.property-name.field.ecs"]
    for w in sorted(cats["word"]):
        arg(w, [(4, len(w), "support.constant.option.ecs")])
    for w in sorted(cats["constant"]):
        arg(w, [(4, len(w), "constant.language.boolean.ecs")])
    for w in sorted(cats["unit"]):
        arg(f"1 {w}", [(4, len(w) + 2, "constant.numeric.size.ecs"), (6, len(w), "keyword.other.unit.size.ecs")])
        arg(f"12{w}", [(4, len(w) + 2, "constant.numeric.size.ecs"), (6, len(w), "keyword.other.unit.size.ecs")])
    for w in sorted(cats["duration"]):
        arg(f"30{w}", [(4, len(w) + 2, "constant.numeric.duration.ecs"), (6, len(w), "keyword.other.unit.duration.ecs")])
    for w in sorted(cats["percent"]):
        arg(f"50{w}", [(4, len(w) + 2, "constant.numeric.percentage.ecs"), (6, len(w), "keyword.other.unit.percentage.ecs")])
    out.append("}")
    return "\n".join(out) + "\n"


def check_vscode_test(repo, cats, checks):
    name = f"vscode: {VSCODE_KEYWORD_TEST} is up to date"
    try:
        text = read(repo, VSCODE_KEYWORD_TEST)
    except OSError as e:
        checks.fail(name, [str(e), "run check_keywords.py REPO --write"])
        return
    if text == keywords_test(cats):
        checks.ok(name)
    else:
        checks.fail(name, ["it differs from keywords.def: run check_keywords.py REPO --write"])


def write_vscode(repo, cats):
    with open(os.path.join(repo, VSCODE_KEYWORD_TEST), "w", encoding="utf-8") as f:
        f.write(keywords_test(cats))
    path = os.path.join(repo, VSCODE_GRAMMAR)
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        grammar = json.load(f)

    def fix(node, words):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("match", "begin", "end") and isinstance(v, str):
                    node[k] = ALT_RE.sub(lambda m: tm_alternation(words), v)
                else:
                    fix(v, words)
        elif isinstance(node, list):
            for v in node:
                fix(v, words)
    for cat in CATEGORIES:
        for rule_name in TM_RULES[cat]:
            if rule_name in grammar["repository"]:
                fix(grammar["repository"][rule_name], cats[cat])
    with open(path, "w", encoding="utf-8") as f:
        json.dump(grammar, f, indent=2, ensure_ascii=False)
        f.write("\n")


VIM_LIST_RE = re.compile(r"^let s:kw_([a-z]+) = \[(.*?)\]\s*$", re.M | re.S)
EMACS_LIST_RE = re.compile(r"\(defconst ecs-kw-([a-z]+)\s*'\((.*?)\)", re.S)


def editor_lists(text, regex, quote):
    out = {}
    for m in regex.finditer(text):
        out.setdefault(m.group(1), []).append(re.findall(quote, m.group(2)))
    return out


def check_lists(name, path, lists, cats, checks):
    for cat in CATEGORIES:
        got = lists.get(cat)
        if not got:
            checks.fail(f"{name}: {cat} words of {path} = keywords.def", [f"no list for '{cat}'"])
            continue
        if len(got) > 1:
            checks.fail(f"{name}: {cat} words of {path} = keywords.def", [f"'{cat}' is listed {len(got)} times"])
            continue
        checks.same(f"{name}: {cat} words of {path} = keywords.def", cats[cat], got[0], KEYWORDS, path)


def chunks(items, sep, width):
    """Joins items with sep into lines of at most `width` characters."""
    lines, cur = [], ""
    for it in items:
        if cur and len(cur) + len(sep) + len(it) > width:
            lines.append(cur)
            cur = ""
        cur = f"{cur}{sep}{it}" if cur else it
    if cur:
        lines.append(cur)
    return lines


def vim_list(cat, words):
    lines = chunks([f"'{w}'" for w in sorted(words)], ", ", 70)
    return f"let s:kw_{cat} = [" + "".join(f"\n      \\ {l}," for l in lines).rstrip(",") + "]"


def emacs_list(cat, words):
    lines = chunks([f'"{w}"' for w in sorted(words)], " ", 70)
    return f"(defconst ecs-kw-{cat}\n  '(" + "\n    ".join(lines) + ")"


def check_vim(repo, cats, checks):
    try:
        text = read(repo, VIM_SYNTAX)
    except OSError as e:
        checks.fail(f"vim: {VIM_SYNTAX} exists", [str(e)])
        return
    check_lists("vim", VIM_SYNTAX, editor_lists(text, VIM_LIST_RE, r"'([^']*)'"), cats, checks)


def check_emacs(repo, cats, checks):
    try:
        text = read(repo, EMACS_MODE)
    except OSError as e:
        checks.fail(f"emacs: {EMACS_MODE} exists", [str(e)])
        return
    check_lists("emacs", EMACS_MODE, editor_lists(text, EMACS_LIST_RE, r'"((?:[^"\\]|\\.)*)"'), cats, checks)


def write_lists(repo, rel, regex, render, cats):
    path = os.path.join(repo, rel)
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = regex.sub(lambda m: render(m.group(1), cats.get(m.group(1), set())), text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    write = "--write" in argv[1:]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    repo = args[0]
    checks = Checks()
    cats = parse_keywords_def(read(repo, KEYWORDS), checks)
    if write:
        write_vscode(repo, cats)
        write_lists(repo, VIM_SYNTAX, VIM_LIST_RE, vim_list, cats)
        write_lists(repo, EMACS_MODE, EMACS_LIST_RE, emacs_list, cats)
    check_compiler(repo, cats, checks)
    check_vscode(repo, cats, checks)
    check_vscode_test(repo, cats, checks)
    check_vim(repo, cats, checks)
    check_emacs(repo, cats, checks)
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
