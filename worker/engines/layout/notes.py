"""Footnotes: the print of a page's notes, so that it is not taken for the body's.

A page of a law register, a report or a paper may hold more words in its notes than in its
body (the Federal Register sets each column's notes under it, in smaller print). The body
size is where most of the text is, so there the notes' size would be the body's: every
paragraph of the real body would then be "large" (a heading), and no note small enough to
be a footnote. A note begins with its marker raised above the line, as its reference in
the text is: lines that begin so mark their print as the notes'.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from worker.engines.layout.model import LayoutLine, PageStats, Proto, font_size
from worker.engines.layout.patterns import FOOTNOTE_START_RE
from worker.engines.layout.thresholds import RUNNING_MARGIN

# The notes' print takes the body's place only where it starts this many notes and the
# larger print beside it still holds this share of the page's characters.
MIN_NOTES = 2
MIN_BODY_SHARE = 0.25
RUNNING_LINE_CHARS = 20  # mean characters per line of running text (a column's are 30-90)
SIZE_SLACK = 0.25  # points: one print
# Print a little smaller than the running text (LaTeX's small print beside a 10 pt body is
# 0.9 of it) under a footnote rule is a note, however it begins (a proceedings note at
# the foot of a paper's first column). The rule: a short one, under this share of the
# note's width, at its left edge (within this many ems), its first line at most this
# many ems under it; a rule is this many times longer than thick.
_RULED_NOTE_RATIO = 0.95
_RULE_SHARE = 0.5
_RULE_ALIGN_EM = 0.5
_RULE_ABOVE_EM = 1.5
_RULE_THIN = 4.0
# Small print under a figure or a table is its caption, read where it stands.
_CAPTION_RE = re.compile(
    r"^\s*(?:fig(?:ure)?|table|tab|chart|plate|scheme|listing)\.?\s*[\dIVX]", re.IGNORECASE
)


def body_lines(lines: Sequence[LayoutLine], body: float) -> Sequence[LayoutLine]:
    """The lines the body size is to be read from: all of them, or, where the print at
    ``body`` starts notes with raised markers and larger print holds a fair share of the
    page in lines of running text, the lines in other print (the notes are then no body)."""
    notes = sum(1 for ln in lines if abs(font_size(ln) - body) <= SIZE_SLACK and ln.note_mark)
    if notes < MIN_NOTES:
        return lines
    total = sum(len(ln.text) for ln in lines)
    rest = [ln for ln in lines if abs(font_size(ln) - body) > SIZE_SLACK]
    above = [len(ln.text) for ln in rest if font_size(ln) > body]
    larger = sum(above)
    # ... and the larger print is running text, not a table's labels and figures.
    if total == 0 or larger < MIN_BODY_SHARE * total or larger < RUNNING_LINE_CHARS * len(above):
        return lines
    return rest


def mark_footnotes(protos: list[Proto], stats: PageStats, height: float) -> None:
    """Small-print paragraphs that are notes become footnotes.

    A note at the page's foot that starts like one ("1", "*"), in print well under the
    body's; or one whose marker is raised, in print well under the running text's, set at
    the foot of its column: under it, down to the page's margin, only other notes (a
    raised "**" before a paragraph of terms that goes on is a marked paragraph, not a note).
    So is print a little smaller than the running text under a footnote rule (a short
    rule at its left edge), at the foot of its column. So is small print with no marker
    at the foot of a column that another column's text runs down beside (a paper's
    copyright and permission block under its first column):
    read in place it would come between the columns. The text of a drawn form's cell is
    no note: the number before it is the form's line number ("4 Your first name").
    """
    foot = (1.0 - RUNNING_MARGIN) * height
    plain: list[Proto] = []
    raised: list[Proto] = []
    unmarked: list[Proto] = []
    for p in protos:
        if p.kind != "paragraph" or p.boxed:
            continue
        if (
            p.size <= 0.85 * stats.body
            and p.bbox[1] >= 0.6 * height
            and FOOTNOTE_START_RE.match(p.rows[0].text)
        ):
            plain.append(p)
        elif (p.rows[0].note_mark and p.size <= 0.85 * stats.text) or (
            p.size <= _RULED_NOTE_RATIO * stats.text and p.bbox[1] >= 0.6 * height and _ruled_off(p, stats)
        ):
            raised.append(p)
        elif (
            p.size <= 0.85 * stats.text
            and p.bbox[1] >= 0.6 * height
            and not _CAPTION_RE.match(p.rows[0].text)
        ):
            unmarked.append(p)
    unmarked = [p for p in unmarked if _text_beside(p, protos, unmarked)]
    raised += unmarked
    notes = {id(p) for p in plain + raised}
    # From the lowest up: a note is at its column's foot when all under it are notes.
    for p in sorted(raised, key=lambda p: -p.bbox[1]):
        x0, _, x1, bottom = p.bbox
        if any(
            id(q) not in notes
            and q.bbox[1] >= bottom - 1.0
            and q.bbox[1] < foot
            and q.bbox[0] < x1
            and q.bbox[2] > x0
            for q in protos
            if q is not p
        ):
            notes.discard(id(p))
    for p in protos:
        if id(p) in notes:
            p.kind = "footnote"


def _ruled_off(p: Proto, stats: PageStats) -> bool:
    """Whether a footnote rule stands just over ``p``: a short horizontal rule (under half
    its width) from its left edge, at most a line and a half above its first line."""
    x0, top, x1, _ = p.bbox
    em = stats.text
    for r0, rtop, r1, rbottom in stats.rules:
        long = r1 - r0
        if (
            long > _RULE_THIN * (rbottom - rtop)
            and long <= _RULE_SHARE * (x1 - x0)
            and abs(r0 - x0) <= _RULE_ALIGN_EM * em
            and 0.0 <= top - rbottom <= _RULE_ABOVE_EM * em
        ):
            return True
    return False


def _text_beside(p: Proto, protos: list[Proto], small: list[Proto]) -> bool:
    """Whether text other than small print runs beside ``p``, wholly left or right of it."""
    x0, top, x1, bottom = p.bbox
    return any(
        all(q is not s for s in small)
        and q.kind not in ("page_header", "page_footer")
        and (q.bbox[0] >= x1 or q.bbox[2] <= x0)
        and q.bbox[1] < bottom
        and q.bbox[3] > top
        for q in protos
    )
