"""Boxes a form types rather than draws: a pair of bracket glyphs round an empty place
("[" … "]", the box itself drawn between them or left blank), and a symbol font's box
glyph that the text layer names by the Latin-1 character at its code (Wingdings' box at
0xA8 comes out as "¨", its ticked box at 0xFE as "þ").

A rule typed as a run of dashes ("- - - - -", "______", "=====", "•••", tatweels under an
Arabic title) across a line is drawn, not written: it parts the text as a drawn rule does
and is left out as one is.

A box before its label is a checkbox: it becomes the glyph ☐ (☑ when a typed mark sits
in it), which the layout turns into a list item with its state. So is a box for one mark
right after its label with nothing after it ("Yes ¨ No ¨"): its glyph follows the label,
and the layout reads a row of such options (layout/trailing_boxes.py). A run of boxes side by
side with no words between them is a comb (one box per character of an entry: a code,
a date) and is not text: its brackets are left out, as the boxes are.
"""

from __future__ import annotations

from operator import itemgetter

from worker.engines.layout.model import LayoutLine
from worker.engines.textlayer import TextSpan

Box = tuple[float, float, float, float]  # x0, top, x1, bottom

# The blank between "[" and "]" that holds a box: wider than a space, narrower than a
# word or two (ems of the brackets' font size).
_PAIR_MIN_EM, _PAIR_MAX_EM = 0.4, 2.5
# A label starts within this many ems after its box.
_LABEL_EM = 3.0
# A box set after its label stands within this many ems of it, and (typed in brackets)
# is no wider than this: room for one mark, brackets included.
_TRAILING_EM = 1.5
_MARK_BOX_EM = 1.6
# Two boxes this many ems apart or nearer, nothing between, are cells of one comb.
_COMB_EM = 1.0
_SHARED_BORDER = 0.25  # of a box's side: how far neighbouring cells may overlap (their rules)
# A symbol font's box glyph is about as wide as the box; the diaeresis it is named as is
# a third of an em.
_GLYPH_MIN_EM = 0.6
_SYMBOL_BOXES = {"\u00a8": "☐", "\u00fe": "☑"}
# A mark typed into a drawn box (rather than drawn in it) ticks it too (\u00d7: the
# multiplication sign).
TYPED_MARKS = frozenset("xX✓✔✗✘\u00d7")
# The texts of spans that may make a typed box: a page with none of them has none.
_OPENERS = frozenset(("[", "]", *_SYMBOL_BOXES))
_TEXT = itemgetter(0)  # a span's text
BUCKET = 8.0  # points: spans are looked up by the height of their centre, in bands this tall


def typed_boxes(spans: list[TextSpan]) -> tuple[list[TextSpan], list[Box]]:
    """The spans with typed boxes read: checkboxes as ☐ / ☑ before their labels, combs'
    brackets left out; and the boxes found (drawn squares inside them are theirs)."""
    if _OPENERS.isdisjoint(map(_TEXT, spans)):
        return spans, []  # most pages: one pass in C over the spans' texts, nothing made
    rows: dict[int, list[int]] = {}
    for i, s in enumerate(spans):
        rows.setdefault(int((s.top + s.bottom) / 2 / BUCKET), []).append(i)

    def after(i: int, skip: frozenset[int] = frozenset()) -> int | None:
        """The next span to the right of ``spans[i]`` on its row."""
        s = spans[i]
        cy = (s.top + s.bottom) / 2
        k = int(cy / BUCKET)
        best: int | None = None
        for j in (j for b in (k - 1, k, k + 1) for j in rows.get(b, ())):
            t = spans[j]
            if j == i or j in skip or not t.top <= cy <= t.bottom or t.x0 < s.x1 - 0.5:
                continue
            if best is None or t.x0 < spans[best].x0:
                best = j
        return best

    def ahead(i: int, skip: frozenset[int]) -> int | None:
        """The nearest span to the left of ``spans[i]`` on its row."""
        s = spans[i]
        cy = (s.top + s.bottom) / 2
        k = int(cy / BUCKET)
        best: int | None = None
        for j in (j for b in (k - 1, k, k + 1) for j in rows.get(b, ())):
            t = spans[j]
            if j == i or j in skip or not t.top <= cy <= t.bottom or t.x1 > s.x0 + 0.5:
                continue
            if best is None or t.x1 > spans[best].x1:
                best = j
        return best

    # (first span, last span, the mark's span or -1) of each box, in the spans' order
    found: list[tuple[int, int, int]] = []
    for i, s in enumerate(spans):
        size = s.size if s.size > 0 else s.bottom - s.top
        if s.text == "[":
            j = after(i)
            mark = -1
            if j is not None and spans[j].text in TYPED_MARKS:
                mark, j = j, after(j)
            if (
                j is not None
                and spans[j].text == "]"
                and _PAIR_MIN_EM * size <= spans[j].x0 - s.x1 <= _PAIR_MAX_EM * size
            ):
                found.append((i, j, mark))
        elif s.text in _SYMBOL_BOXES and s.x1 - s.x0 >= _GLYPH_MIN_EM * size:
            found.append((i, i, i if _SYMBOL_BOXES[s.text] == "☑" else -1))
    if not found:
        return spans, []
    boxes = [(spans[i].x0, spans[i].top, spans[j].x1, spans[i].bottom) for i, j, _ in found]
    # (the spans' order need not be the page's: only the box's own spans are its parts)
    parts = frozenset(k for i, j, mark in found for k in (i, j, mark) if k >= 0)
    dropped: set[int] = set(parts)
    before: dict[int, TextSpan] = {}
    behind: dict[int, TextSpan] = {}  # boxes set after their labels
    for (i, j, mark), box in zip(found, boxes, strict=True):
        checked = mark >= 0
        size = spans[i].size if spans[i].size > 0 else box[3] - box[1]
        if _in_comb(box, boxes, size):
            continue
        label = after(j, parts)
        if label is not None and spans[label].x0 - box[2] <= _LABEL_EM * size:
            s = spans[label]
            before[label] = TextSpan("☑" if checked else "☐", box[0], s.top, box[2], s.bottom, s.size, False)
            continue
        # Nothing after it: the box of the label just before it ("Yes ¨ No ¨", "Married [X]"),
        # if a box for one mark (a wider blank between brackets is an entry field's).
        label = ahead(i, parts)
        one_mark = i == j or checked or box[2] - box[0] <= _MARK_BOX_EM * size
        if label is None or not one_mark or box[0] - spans[label].x1 > _TRAILING_EM * size:
            continue  # a box alone: an entry field, not an option
        s = spans[label]
        behind[label] = TextSpan("☑" if checked else "☐", box[0], s.top, box[2], s.bottom, s.size, False)
    out: list[TextSpan] = []
    for k, s in enumerate(spans):
        if k in before:
            out.append(before[k])
        if k not in dropped:
            out.append(s)
        if k in behind:
            out.append(behind[k])
    return out, boxes


def _in_comb(box: Box, boxes: list[Box], size: float) -> bool:
    """Whether another box sits beside ``box`` on its row, no more than a comb's gap away."""
    cy = (box[1] + box[3]) / 2
    for other in boxes:
        if other is box or not other[1] <= cy <= other[3]:
            continue
        gap = max(other[0] - box[2], box[0] - other[2])
        # Comb cells touch or share a border; a box that overlaps this one by more (the
        # same square drawn twice, an inner border) is this box again, not a neighbour.
        if -_SHARED_BORDER * size <= gap <= _COMB_EM * size:
            return True
    return False


def in_comb(box: Box, boxes: list[Box]) -> bool:
    """Whether a drawn square is a comb's cell: another square of the row beside it, no
    wider apart than a square's side."""
    return _in_comb(box, boxes, box[2] - box[0])


def inside_any(box: Box, typed: list[Box]) -> bool:
    """Whether a drawn square's centre lies in one of the typed boxes (its brackets)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(t[0] <= cx <= t[2] and t[1] <= cy <= t[3] for t in typed)


# A typed rule: one mark repeated, this many times at least, each taking no more than
# this many ems of the line (marks set apart in a table's columns are values: "-" for nil).
# Box-drawing lines are drawn with the same intent. A run of bullets is a rule from three
# ("•••"): no list item is a bullet and nothing else.
_RULE_MARKS = {m: 5 for m in "-_=\u2013\u2014\u2500\u2501\u2550"} | {"\u2022": 3}
_RULE_EM = 1.2
# Tatweels alone, however few, are a rule under an Arabic title: a tatweel only stretches
# the letters it joins, and spells nothing without them (bidi_text keeps one of a run).
_TATWEEL = "\u0640"


def typed_rule(line: LayoutLine) -> bool:
    """Whether ``line`` is a rule typed as a run of one mark alone: a dash, an underscore,
    an equals sign, a bullet, a box-drawing line, or tatweels."""
    text = line.text.replace(" ", "")
    if text and text.count(_TATWEEL) == len(text):
        return True
    least = _RULE_MARKS.get(text[:1])
    if least is None or len(text) < least or text.count(text[0]) != len(text):
        return False
    size = line.size if line.size and line.size > 0 else line.bbox[3] - line.bbox[1]
    return line.bbox[2] - line.bbox[0] <= _RULE_EM * size * len(text)
