"""A filled-in field's value read on with the printed text it touches.

A field set inside printed brackets, or right before a printed unit, shows its value
and the print as one run of glyphs: "(2020-04-23)", "12kg". The value's words come from
the widget, after the page's own words, and the layout puts a space between two
fragments unless the second continues the first's word (TextSpan.joined), so the line
would read "( 2020-04-23 )". Where a value's line ends (or starts) as near the printed
text as the glyphs of one word stand (the layout's own word gap, the test it makes for
glyph gaps) the later of the two is marked as continuing the word, and the layout reads
them without a space, as it reads any word's glyphs. Only a line whose extent pdfium
measured counts: an estimated one's ends are guesses.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from worker.engines.form_values import Value, line_spans
from worker.engines.layout.thresholds import ROW_OVERLAP, WORD_GAP_EM
from worker.engines.text_spans import TextSpan

_OVERLAP_EMS = 0.1  # glyphs of one word may overlap this far (kerning; the text layer's _GAP_SHARE)


def with_values(printed: Sequence[TextSpan], values: Sequence[Value]) -> list[TextSpan]:
    """``printed`` and, after them, the words of ``values``; a value and the printed
    text it touches on its line joined (see the module's docstring)."""
    out = list(printed)
    added: list[TextSpan] = []
    by_x0 = sorted(range(len(out)), key=lambda k: out[k].x0)
    x0s = [out[k].x0 for k in by_x0]
    by_x1 = sorted(range(len(out)), key=lambda k: out[k].x1)
    x1s = [out[k].x1 for k in by_x1]
    for box, lines in values:
        for line in lines:
            spans, lead = line_spans(box, line)
            if spans and line[6]:
                first, last, size = spans[0], spans[-1], line[5]
                lo, hi = last.x1 - _OVERLAP_EMS * size, last.x1 + WORD_GAP_EM * size
                for j in range(bisect.bisect_left(x0s, lo), bisect.bisect_right(x0s, hi)):
                    k = by_x0[j]
                    if _one_row(out[k], last) and not (k and _touches(out[k - 1], out[k])):
                        out[k] = out[k]._replace(joined=True)
                start = first.x0 + lead  # where the page draws it (see line_spans)
                lo, hi = start - WORD_GAP_EM * size, start + _OVERLAP_EMS * size
                if any(
                    _one_row(out[by_x1[j]], first)
                    for j in range(bisect.bisect_left(x1s, lo), bisect.bisect_right(x1s, hi))
                ):
                    spans[0] = first._replace(joined=True)
            added.extend(spans)
    return out + added


def _one_row(a: TextSpan, b: TextSpan) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap > 0 and overlap >= ROW_OVERLAP * min(a.bottom - a.top, b.bottom - b.top)


def _touches(before: TextSpan, span: TextSpan) -> bool:
    """Whether ``span`` goes on from ``before``, the span drawn before it, as one word's
    glyphs do: joined, it would be glued to that one."""
    gap = span.x0 - before.x1
    return _one_row(before, span) and -_OVERLAP_EMS * span.size <= gap <= WORD_GAP_EM * span.size
