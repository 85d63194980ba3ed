"""Form print, in any size or weight, that heads nothing (not_headings.py asks): an
invoice or a form set in bold or large type makes its fields look like headings.

- A value (a date, a number, an amount, an identifier, a code) names no section: it is
  never a heading (:func:`value_line`, which headings.py asks of every block).
- A label with a value right under it or further along its row ("Invoice date" over
  "2/11/2023", "Invoice number  FV/2023/11/001") is a field's label, however large its
  print, unless it is set clearly larger than the value (a title over a date).
- A form sets all its labels in one print: a block in the print of two proven labels, with
  a short value under it or beside it, is a label too ("Name" over a company name); and
  what stands right beside a label, or right under one that has no value beside it, is
  its value ("Invoice type  Basic invoice" in bold).
- One form's label comes back for each party ("Address" for the seller, the buyer, the
  recipient): the same words in the same print are one decision, never a heading on
  one occurrence and a label on the others.
"""

from __future__ import annotations

import re

from common.documents.results import Word
from worker.engines.layout.model import Proto, Row
from worker.engines.layout.patterns import AMOUNT_RE, CURRENCY_RE, DASHES, YEARS_WORD_RE
from worker.engines.layout.thresholds import GUTTER_EM, HEADING_SIZE_RATIO

# A label: a few words on a line or two; its value under it starts within this blank
# (ems) of the label's foot, lined up with it, or beside it within this gap (ems).
LABEL_WORDS = 5
_LABEL_ROWS = 2
VALUE_BELOW_EM = 1.5
VALUE_BESIDE_EM = 8.0
_ALIGN_EM = 0.5
# A value: a name, a date, a number, an address; a few short lines, no running text.
VALUE_ROWS = 4
VALUE_WORDS = 6
# Labels of one form share one print: sizes this close (points), one weight.
SAME_PRINT_PT = 0.25
MIN_LABELS = 2  # labels shown in a print that make it a form's labels' print
# A value's word: figures with separators (a date "2/11/2023", an identifier
# "FV/2023/11/001", "PL5252344078"), three digits at least; an amount (patterns.AMOUNT_RE);
# a currency's code after or before an amount ("PLN", "zł"); a dash between two dates;
# a number sign before the value ("No.", "Nr", "č."). A barcode's text stands between
# asterisks ("*TXN98765*"); a whole amount may end ",-" ("12.100,-").
_CODE_RE = re.compile(r"^(?=(?:\D*\d){3})[#№]?[^\W_]+(?:[-/.:_][^\W_]+)*[.,;]?$")
_NUMBER_SIGN_RE = re.compile(r"^(?:no|nr|n°|č|#|№)\.?:?$", re.IGNORECASE)
_DASHES = DASHES | frozenset("/")  # or a slash, between two dates


def value_line(text: str) -> bool:
    """Whether ``text`` is a value and nothing else: a date, a number, an amount (with its
    currency), an identifier or a code ("2/11/2023", "FV/2023/11/001", "1 234,56 PLN").
    A heading may hold a number, but with a word to name its section ("Part 3")."""
    words = text.split()
    if len(words) > 1 and _NUMBER_SIGN_RE.match(words[0]):
        words = words[1:]
    figures = currency = 0
    for word in words:
        w = word.strip("*").removesuffix(",-").removesuffix(".-")
        if AMOUNT_RE.match(w) or _CODE_RE.match(w):
            figures += 1
        elif CURRENCY_RE.match(w):
            currency += 1
        elif w not in _DASHES:
            return False
    return figures > 0 and currency <= 1


def unhead_form_fields(protos: list[Proto]) -> None:
    """Take the heading mark off a form's labels and values, in any print (the module's
    docstring says which)."""
    heads = [p for p in protos if p.heading and _short(p, LABEL_WORDS, _LABEL_ROWS, label=True)]
    if not heads:
        return
    paragraphs = [p for p in protos if p.kind == "paragraph" and p.rows]
    labels = [
        h
        for h in heads
        if any(
            _holds(h, v) and _value_of(h, v, slack=HEADING_SIZE_RATIO) for v in paragraphs if not v.heading
        )
    ]
    if labels:
        # A print is a form's labels' where two labels at least are shown set in it.
        prints = {pr for pr in map(_print, labels) if sum(_in_prints(p, {pr}) for p in labels) >= MIN_LABELS}
        proven = {id(p) for p in labels}
        for h in heads:
            if id(h) in proven or not _in_prints(h, prints):
                continue
            if any(
                v is not h
                and _short(v, VALUE_WORDS, VALUE_ROWS)
                and _value_of(h, v, slack=HEADING_SIZE_RATIO)
                for v in paragraphs
            ):
                labels.append(h)
        for lab in labels:
            lab.heading = False
        for lab in labels:
            _unhead_value(lab, paragraphs)


def _short(p: Proto, words: int, rows: int, *, label: bool = False) -> bool:
    """A few words on a few rows; a row set in pieces far apart (a row of labels, each
    over its value) may hold that many words to each piece. A label is no sentence."""
    if p.kind != "paragraph" or not 0 < len(p.rows) <= rows:
        return False
    if label and p.rows[-1].text.rstrip().endswith("."):
        return False
    return all(len(r.text.split()) <= words * _pieces(r) for r in p.rows)


def _pieces(row: Row) -> int:
    """How many pieces a row is set in (one for a row with no words)."""
    return len(row_pieces(row)) or 1


def row_pieces(row: Row) -> list[list[Word]]:
    """A row's words in the pieces it is set in: parted by gaps wider than a gutter (a row
    of labels, each over its value). label_heads.py splits rows the same way."""
    pieces: list[list[Word]] = []
    for w in row.words:
        if not pieces or w.bbox[0] - pieces[-1][-1].bbox[2] > GUTTER_EM * row.size:
            pieces.append([w])
        else:
            pieces[-1].append(w)
    return pieces


def _holds(label: Proto, value: Proto) -> bool:
    """Whether ``value`` is a value and nothing else (:func:`value_line`), not years alone:
    a span of years under a bold line is a résumé's job under its title ("2016 - 2020")."""
    if value is label:
        return False
    text = " ".join(r.text for r in value.rows)
    return value_line(text) and not all(YEARS_WORD_RE.match(w) or w in _DASHES for w in text.split())


def _size(p: Proto) -> float:
    return max(r.size for r in p.rows)


def _print(p: Proto) -> tuple[float, bool]:
    return _size(p), all(r.bold for r in p.rows)


def _in_prints(p: Proto, prints: set[tuple[float, bool]]) -> bool:
    size, bold = _print(p)
    return any(bold == b and abs(size - s) <= SAME_PRINT_PT for s, b in prints)


def _value_of(label: Proto, value: Proto, *, slack: float) -> bool:
    """Whether ``value`` stands where a label's value does: right under it, lined up with
    it (its left edge, its right edge or its centre), or further along its row (to the
    left in right-to-left print). The label is set no larger than ``slack`` times the
    value: a heading set clearly larger than the short line under it heads it."""
    if _size(label) > _size(value) * slack + SAME_PRINT_PT:
        return False
    return value_under(label, value, _size(label), centre=True) or _beside(label, value)


def value_under(label: Proto, value: Proto, size: float, *, centre: bool) -> bool:
    """Whether ``value`` starts right under ``label`` (within ``VALUE_BELOW_EM`` of its
    foot, in ems of ``size``), lined up with its left or right edge, or, with ``centre``,
    its centre. not_headings.py asks this too: one test for a value under its label."""
    x0, _, x1, bottom = label.bbox
    vx0, vtop, vx1, _ = value.bbox
    return -0.25 * size <= vtop - bottom <= VALUE_BELOW_EM * size and (
        abs(vx0 - x0) <= _ALIGN_EM * size
        or abs(vx1 - x1) <= _ALIGN_EM * size
        or (centre and abs((vx0 + vx1) - (x0 + x1)) <= 2 * _ALIGN_EM * size)
    )


def value_beside(label: Proto, row: Row, value: Proto, size: float) -> bool:
    """Whether ``value`` stands further along ``row``, one of ``label``'s rows (to the left
    in right-to-left print), within ``VALUE_BESIDE_EM`` ems of ``size``."""
    vx0, _, vx1, _ = value.bbox
    gap = row.x0 - vx1 if label.rtl else vx0 - row.x1
    return 0 < gap <= VALUE_BESIDE_EM * size and any(abs(r.top - row.top) <= 0.3 * size for r in value.rows)


def _beside(label: Proto, value: Proto) -> bool:
    size = _size(label)
    return any(value_beside(label, row, value, size) for row in label.rows)


def _unhead_value(label: Proto, paragraphs: list[Proto]) -> None:
    """A label's value is no heading: the short block beside it on its row, or, where
    nothing stands beside it, the short block right under it."""
    near = [v for v in paragraphs if v is not label and _short(v, VALUE_WORDS, VALUE_ROWS)]
    beside = [v for v in near if _beside(label, v)]
    under = beside or [v for v in near if _value_of(label, v, slack=float("inf"))]
    for v in under[:1]:
        v.heading = False


def same_words_same_decision(protos: list[Proto]) -> None:
    """The same short words in the same print, set more than once on the page, are one
    form's label repeated for each party: where one of them heads nothing, none does."""
    paragraphs = [p for p in protos if p.kind == "paragraph" and p.rows]
    groups: dict[tuple[str, bool], list[Proto]] = {}
    for p in paragraphs:
        if _short(p, LABEL_WORDS, _LABEL_ROWS, label=True):
            text = " ".join(r.text for r in p.rows).strip().rstrip(":").strip().casefold()
            groups.setdefault((text, _print(p)[1]), []).append(p)
    for group in groups.values():
        if len(group) < 2 or all(p.heading for p in group) or not any(p.heading for p in group):
            continue
        plain = [p for p in group if not p.heading]
        for p in group:
            if p.heading and any(abs(_size(p) - _size(q)) <= SAME_PRINT_PT for q in plain):
                p.heading = False
