"""Bullets drawn as shapes: a small filled dot or square painted left of a line, with no
glyph in the text layer (a résumé's achievements, a slide's points).

Without a glyph the lines were paragraphs, and two one-line points close together one
paragraph ("... ML models Developed novel ..."). A dot drawn where a bullet stands, just
left of a line's first word, at its middle height and much smaller than its letters, is
written into the text layer as the "•" it shows, so the layout makes each such line an
item as it does for a bullet glyph. A right-to-left line (Hebrew, Arabic) starts at its
right end: its dot stands right of its first word. Read at prepare time with the rules
(:func:`worker.engines.drawings.extract_drawings` finds the dots).
"""

from __future__ import annotations

from collections.abc import Sequence

from worker.engines import bidi_text
from worker.engines.text_spans import TextSpan

Dot = tuple[float, float, float, float]  # x0, top, x1, bottom, in the spans' frame

BULLET = "•"
DOT_MIN, DOT_MAX = 1.5, 8.0  # side of a drawn bullet, in points
# A bullet is a fraction of its line's font size: larger is an icon or a legend's swatch.
_MIN_SHARE, _MAX_SHARE = 0.12, 0.55
# Its text starts at most this many ems right of it.
_MAX_GAP_EM = 2.5
# A bullet starts its line: no word ends within this many ems left of it (a dot between
# two words is a separator: "Boston • Berlin").
_CLEAR_EM = 1.5
# A word left of it on its text's own line (same size, same baseline, to this share of an
# em) makes it a mark inside a table row ("Jane  Admin  ● Active": a status dot), not a
# bullet. A sidebar's or another column's words beside a list are set on their own line
# grid (a résumé's: other sizes, other baselines) and leave its bullets be.
_SAME_LINE_EM = 0.15
_SAME_SIZE = 0.05  # sizes closer than this share of an em are one size (10.8 pt is not 12)
_ROW = 10.0  # points per bucket of the row index
_PAPER = 220  # a fill whose every channel is above this is (near) white: paper


def is_dot(w: float, h: float) -> bool:
    """Whether a small filled path's size makes it a bullet: round or square, a few points."""
    return DOT_MIN <= w <= DOT_MAX and DOT_MIN <= h <= DOT_MAX and abs(w - h) <= 0.25 * max(w, h)


def inked(colour: tuple[int, int, int, int] | None) -> bool:
    """Whether a path is filled (only) in a colour that shows on paper: a white dot is a
    mark on a coloured ground (an icon's, a ticked box's), no bullet."""
    return colour is not None and colour[3] > 0 and min(colour[:3]) < _PAPER


def alone(dots: list[Dot], shapes: Sequence[tuple[float, float, float, float]]) -> list[Dot]:
    """The dots that no larger small shape holds (a radio button's ring, a checkbox, an
    icon's square around its dot)."""
    out: list[Dot] = []
    for dot in dots:
        cx, cy, side = (dot[0] + dot[2]) / 2, (dot[1] + dot[3]) / 2, dot[2] - dot[0]
        if not any(s[0] < cx < s[2] and s[1] < cy < s[3] and s[2] - s[0] > side + 0.5 for s in shapes):
            out.append(dot)
    return out


def _in_row(spans: list[TextSpan], near: Sequence[int], text: TextSpan, x: float, *, right: bool) -> bool:
    """Whether a word stands on ``text``'s own line on the far side of the dot at ``x``
    (left of it; right of it for a right-to-left line): the dot is then inside a row of
    cells, not at the start of its line."""
    em = text.size if text.size > 0 else text.bottom - text.top
    for i in near:
        s = spans[i]
        if (
            (s.x0 >= x if right else s.x1 <= x)
            and s.text.strip()
            and abs(s.size - text.size) <= _SAME_SIZE * em
            and abs(s.bottom - text.bottom) <= _SAME_LINE_EM * em
            and abs(s.top - text.top) <= _SAME_LINE_EM * em
        ):
            return True
    return False


def with_bullets(spans: list[TextSpan], dots: Sequence[Dot]) -> list[TextSpan]:
    """``spans`` with a "•" before each line that a drawn dot marks as a list item.

    A dot marks the line whose first word starts just right of it (within
    ``_MAX_GAP_EM``), on its row (the dot's middle inside the word's box, near its middle
    height), with no word ending just left of it and none on its text's own line anywhere
    left of it (a table row's cells: :func:`_in_row`). Pages with no dots cost nothing.
    """
    if not dots or not spans:
        return spans
    rows: dict[int, list[int]] = {}
    for i, s in enumerate(spans):
        for k in range(int(s.top / _ROW), int(s.bottom / _ROW) + 1):
            rows.setdefault(k, []).append(i)
    before: dict[int, TextSpan] = {}
    behind: dict[int, TextSpan] = {}  # right-to-left lines: the "•" drawn after their first word
    for dot in dots:
        near = rows.get(int((dot[1] + dot[3]) / 2 / _ROW), ())
        after, first = _marked(spans, near, dot)
        if after is not None and not _in_row(spans, near, spans[after], dot[0], right=False):
            s = spans[after]
            if after not in before and s.text.lstrip()[:1] != BULLET:
                before[after] = TextSpan(BULLET, dot[0], s.top, dot[2], s.bottom, s.size, False)
        elif first is not None and not _in_row(spans, near, spans[first], dot[2], right=True):
            s = spans[first]
            if first not in behind and s.text.rstrip()[-1:] != BULLET:
                behind[first] = TextSpan(BULLET, dot[0], s.top, dot[2], s.bottom, s.size, False)
    if not before and not behind:
        return spans
    out: list[TextSpan] = []
    for i, s in enumerate(spans):
        glyph = before.get(i)
        if glyph is not None:
            out.append(glyph)
        out.append(s)
        glyph = behind.get(i)
        if glyph is not None:
            out.append(glyph)
    return out


def _marked(spans: list[TextSpan], near: Sequence[int], dot: Dot) -> tuple[int | None, int | None]:
    """The word a dot stands before as a bullet, and (for a right-to-left line, which
    starts at its right end) the word it stands after: either within ``_MAX_GAP_EM`` of
    it, the dot on its row and much smaller than its letters; a word just on the other
    side of the dot (``_CLEAR_EM``) makes it a separator inside a line ("Boston • Berlin")."""
    x0, top, x1, bottom = dot
    cy = (top + bottom) / 2
    side = max(x1 - x0, bottom - top)
    after: int | None = None
    first: int | None = None
    touch_left = touch_right = False
    for i in near:
        s = spans[i]
        if not s.top < cy < s.bottom or not s.text.strip():
            continue
        em = s.size if s.size > 0 else s.bottom - s.top
        touch_left = touch_left or (s.x1 <= x0 and x0 - s.x1 < _CLEAR_EM * em)
        touch_right = touch_right or (s.x0 >= x1 - 0.5 and s.x0 - x1 < _CLEAR_EM * em)
        if not (_MIN_SHARE * em <= side <= _MAX_SHARE * em and abs(cy - (s.top + s.bottom) / 2) <= 0.3 * em):
            continue
        if x1 - 0.5 <= s.x0 <= x1 + _MAX_GAP_EM * em and (after is None or s.x0 < spans[after].x0):
            after = i
        if x0 - _MAX_GAP_EM * em <= s.x1 <= x0 + 0.5 and (first is None or s.x1 > spans[first].x1):
            first = i
    # A right-to-left word starts its line at its right end (bidi_text): a dot left of it
    # stands at its line's end, and a dot right of it before its first word.
    if touch_left or (after is not None and _rtl(spans[after].text)):
        after = None
    if touch_right or first is None or not _rtl(spans[first].text):
        first = None
    return after, first


def _rtl(text: str) -> bool:
    return not text.isascii() and bidi_text.has_rtl(text)
