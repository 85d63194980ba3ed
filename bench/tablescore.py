"""Scorers for the real-document evaluation (bench/eval_real.py): text similarity to a
reference, the ICDAR 2013 cell-adjacency measure for tables, and list items, checkboxes
and headings found in Markdown. Pure functions, no services.

Every text (reference, Pagemill's outputs, the naive dump) goes through the same
:func:`normalize`: list markers, checkbox glyphs and enumerators at the start of a line
are dropped (the reference has none; a bullet is structure, not content) and whitespace
is collapsed. Markdown is first stripped of its markup, so that the text and the
Markdown outputs are compared on their content alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Bullets and checkbox glyphs, with or without a space after them; "-", "*", "+" and
# enumerators only when a space follows, so that "-5" or "12.5" stay as they are.
_GLYPHS = "•◦▪▫■□●○‣\u2043\u2013\u2014·\uf0b7\uf0a7\uf0d8\uf0fc☐☑☒✓✔✗✘"
_MARKER = re.compile(
    rf"^[ \t]*(?:(?:[{_GLYPHS}][ \t]*)|(?:[-*+][ \t]+)|(?:\[[ xX]\][ \t]+)"
    r"|(?:(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)][ \t]+)|(?:\((?:\d{1,2}|[a-z]|[ivx]{1,4})\)[ \t]+))+",
    re.MULTILINE,
)
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", re.MULTILINE)
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
# Emphasis only around text, as CommonMark has it: a run of underscores ("Signature:
# ______") is literal.
_MD_STRONG = re.compile(r"(\*\*|__)(?=[^\s*_])(.+?)(?<=[^\s*_])\1", re.DOTALL)
_MD_EM = re.compile(r"(?<![\w*])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])")
_MD_TAGS = re.compile(r"<!--.*?-->|</?(?:sub|sup|b|i|u|em|strong|br|p|span|div)\b[^>]*>", re.DOTALL)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")


def strip_markdown(md: str) -> str:
    """Markdown to its plain content: no heading #s, emphasis, table pipes or
    separator rows, HTML tags or escapes (list markers go in :func:`normalize`)."""
    s = _MD_TAGS.sub(" ", md)
    s = _MD_SEPARATOR.sub("", s)
    s = _MD_HEADING.sub("", s)
    s = _MD_STRONG.sub(r"\2", s)
    s = _MD_EM.sub(r"\2", s)
    s = s.replace("|", " ")
    return _MD_ESCAPE.sub(r"\1", s)


def normalize(text: str, markdown: bool = False) -> str:
    s = strip_markdown(text) if markdown else text
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u00ad", "")
    s = _MARKER.sub("", s)
    return " ".join(s.split())


def similarity(output: str, reference: str, markdown: bool = False) -> float:
    """Levenshtein normalized similarity (1 = identical) of the normalized texts."""
    from rapidfuzz.distance import Levenshtein

    return float(Levenshtein.normalized_similarity(normalize(output, markdown), normalize(reference)))


@dataclass
class PRF:
    """Counts of a multiset comparison; precision/recall/F1 from them, so that
    documents pool by adding counts."""

    hits: int = 0
    found: int = 0
    expected: int = 0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.hits + other.hits, self.found + other.found, self.expected + other.expected)

    @property
    def precision(self) -> float | None:
        return self.hits / self.found if self.found else (1.0 if not self.expected else 0.0)

    @property
    def recall(self) -> float | None:
        return self.hits / self.expected if self.expected else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def compare(found: Iterable[object], expected: Iterable[object]) -> PRF:
    f, e = Counter(found), Counter(expected)
    return PRF(sum((f & e).values()), sum(f.values()), sum(e.values()))


def _cell(text: object) -> str:
    return " ".join(str(text if text is not None else "").split())


def adjacency(grid: Sequence[Sequence[object]]) -> Counter[tuple[str, str, str]]:
    """ICDAR 2013 adjacency relations of one table: every non-empty cell with its nearest
    non-empty neighbour to the right in its row ("h") and below in its column ("v")."""
    cells = [[_cell(c) for c in row] for row in grid]
    width = max((len(r) for r in cells), default=0)
    cells = [r + [""] * (width - len(r)) for r in cells]
    out: Counter[tuple[str, str, str]] = Counter()
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            if not text:
                continue
            right = next((t for t in row[c + 1 :] if t), None)
            if right is not None:
                out[(text, right, "h")] += 1
            below = next((cells[rr][c] for rr in range(r + 1, len(cells)) if cells[rr][c]), None)
            if below is not None:
                out[(text, below, "v")] += 1
    return out


def table_adjacency(
    found: Sequence[Sequence[Sequence[object]]], expected: Sequence[Sequence[Sequence[object]]]
) -> PRF:
    """All tables' relations of a document pooled (the simplest faithful table matching:
    a relation counts wherever it is found), compared as multisets."""
    f: Counter[tuple[str, str, str]] = Counter()
    e: Counter[tuple[str, str, str]] = Counter()
    for g in found:
        f += adjacency(g)
    for g in expected:
        e += adjacency(g)
    return PRF(sum((f & e).values()), sum(f.values()), sum(e.values()))


# A list marker: a bullet, "1." / "1)", or a bullet followed by a clause number closed by
# a point ("- 5.1. ..."): Markdown has no marker for "5.1.", so a nested clause is written
# as a bullet item that starts with its number, which is its marker as "1." is.
_MD_ITEM = re.compile(
    r"^[ \t]*(?:[-*+](?:[ \t]+\d{1,3}(?:\.\d{1,3})+[.)](?=[ \t]))?|\d{1,3}[.)])"
    r"[ \t]+(?:\[([ xX])\][ \t]+)?(.*)$"
)
_MD_HEAD = re.compile(r"^[ \t]*#{1,6}[ \t]+(.*?)[ \t#]*$")


def markdown_items(md: str) -> list[tuple[str, bool | None]]:
    """List items of Markdown with their checkbox state (None: not a checkbox). A
    bullet glyph without a Markdown list marker is a paragraph, as a renderer shows it."""
    out: list[tuple[str, bool | None]] = []
    for line in md.splitlines():
        m = _MD_ITEM.match(line)
        if m:
            state = None if m.group(1) is None else m.group(1) in "xX"
            out.append((normalize(m.group(2), markdown=True), state))
    return out


def markdown_headings(md: str) -> list[str]:
    return [normalize(m.group(1), markdown=True) for m in map(_MD_HEAD.match, md.splitlines()) if m]


def item_scores(md: str, truth_items: Sequence[dict[str, object]]) -> dict[str, PRF]:
    """Items found with the right text and checked state; and the checkbox items alone."""
    found = markdown_items(md)
    expected = [(normalize(str(it["text"])), it.get("checked")) for it in truth_items]
    return {
        "items": compare(found, expected),
        "checkboxes": compare(
            [x for x in found if x[1] is not None], [x for x in expected if x[1] is not None]
        ),
    }


def heading_scores(md: str, truth_headings: Sequence[dict[str, object]]) -> PRF:
    return compare(markdown_headings(md), [normalize(str(h["text"])) for h in truth_headings])
