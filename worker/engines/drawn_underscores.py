"""Underscores drawn as rules: a short thin bar at the foot of a line between two words
that it glues ("Kick_To", "teammate_uniform_number"), which TeX prints for "\\_" as a rule
rather than a glyph. The text layer has no character there and the words read apart
("Kick To"); the bar is written into it as the "_" it shows, the words joined to it.

Only a bar that touches a word on each side, as long as an underscore glyph (a fraction
of an em) and in the line's descent, is one: an underline runs under its words, a rule
between columns stands apart from them.
"""

from __future__ import annotations

from collections.abc import Sequence

from worker.engines.text_spans import TextSpan

Bar = tuple[float, float, float, float]  # x0, top, x1, bottom, in the spans' frame

UNDERSCORE = "_"
# A bar is at most this thick (points) and this share of an em long, at least this one.
BAR_THICK = 1.5
_MIN_EM, _MAX_EM = 0.25, 0.7
# The words on both sides end and start within this share of an em of the bar.
_TOUCH_EM = 0.15
# Its middle lies below the line's middle, above the foot of the line's box plus this
# share of an em: in the descent, where an underscore's glyph is drawn.
_BELOW_EM = 0.1
_ROW = 8.0  # points per bucket of the pairs' index
_RUN_ON = 1.0  # points: a segment this near a bar's height and ends runs on from it


def is_bar(w: float, h: float) -> bool:
    """Whether a thin path's size may make it an underscore: thinner than
    :data:`BAR_THICK`, a few points long (checked against its line's size later)."""
    return 0 < h <= BAR_THICK and 2.0 <= w <= 10.0


def with_underscores(spans: list[TextSpan], bars: Sequence[Bar], rules: Sequence[Bar] = ()) -> list[TextSpan]:
    """``spans`` with a "_" where a drawn bar glues two words of a line, the word after
    it joined to it. A bar that another bar or a horizontal rule of ``rules`` runs on
    from, at its height, is a piece of an underline drawn word by word and space by
    space (a link's "Pay online now"), no underscore."""
    if not bars or not spans:
        return spans
    bars = _alone(bars, rules)
    # The pairs of words one after the other, by the foot of the first: a chart's tick
    # marks are bars too, and each is looked up among the pairs at its height only.
    pairs: dict[int, list[int]] = {}
    for i in range(1, len(spans)):
        pairs.setdefault(int(spans[i - 1].bottom / _ROW), []).append(i)
    glue: dict[int, TextSpan] = {}  # index of the word after the bar: the "_" before it
    for x0, top, x1, bottom in bars:
        cy = (top + bottom) / 2
        k = int(cy / _ROW)
        for i in (*pairs.get(k - 1, ()), *pairs.get(k, ()), *pairs.get(k + 1, ())):
            left, right = spans[i - 1], spans[i]
            em = left.size if left.size > 0 else left.bottom - left.top
            if (
                abs(x0 - left.x1) <= _TOUCH_EM * em
                and abs(right.x0 - x1) <= _TOUCH_EM * em
                and _MIN_EM * em <= x1 - x0 <= _MAX_EM * em
                and (left.top + left.bottom) / 2 < cy <= left.bottom + _BELOW_EM * em
                and right.top < cy <= right.bottom + _BELOW_EM * em
                and abs(right.size - left.size) <= 0.1 * em
            ):
                glue[i] = TextSpan(UNDERSCORE, x0, left.top, x1, left.bottom, left.size, left.bold, True)
                break
    if not glue:
        return spans
    out: list[TextSpan] = []
    for i, s in enumerate(spans):
        bar = glue.get(i)
        if bar is not None:
            out.append(bar)
            s = s._replace(joined=True)
        out.append(s)
    return out


def _alone(bars: Sequence[Bar], rules: Sequence[Bar]) -> list[Bar]:
    """The bars that no other bar or horizontal rule continues at their height."""
    lines: dict[int, list[Bar]] = {}
    for seg in (*bars, *(r for r in rules if r[3] - r[1] <= BAR_THICK)):
        lines.setdefault(int((seg[1] + seg[3]) / 2 / _ROW), []).append(seg)
    out: list[Bar] = []
    for bar in bars:
        x0, top, x1, bottom = bar
        cy = (top + bottom) / 2
        k = int(cy / _ROW)
        if not any(
            seg is not bar
            and abs((seg[1] + seg[3]) / 2 - cy) <= _RUN_ON
            and seg[2] >= x0 - _RUN_ON
            and seg[0] <= x1 + _RUN_ON
            for seg in (*lines.get(k - 1, ()), *lines.get(k, ()), *lines.get(k + 1, ()))
        ):
            out.append(bar)
    return out
