"""A paragraph that runs on from one column into the next past a float at the top of
that column (a table or a figure with its caption), read whole with the float after it
(flows.under_sidebar runs it on the page's regions).

A paper sets its tables and figures at the top of a column. Where a paragraph of the
column before runs on into that column, its last lines stand under the float, and read
in column order the float cuts the paragraph in two: "... values, which", then the
table's caption and the table, then "demonstrates the effectiveness ...". Read as a
reader reads it, the paragraph is one, and the float follows it.

The next column is taken to begin with a float when its first line opens a caption
("TABLE IV", "Figure 4:") and a blank line at least parts the caption's lines from the
text under them (a ruled table between them is laid out apart, page.py places it); or
when it begins with a table region and a caption's flow, laid out apart from the text
under them. The text under the float runs on the column before's last paragraph when that
column runs down past the float, ends mid-sentence, and the text's first line is set in
its print, flush with its column's left edge (a first-line indent starts a paragraph
of its own, as a list marker does).
"""

from __future__ import annotations

import re

from worker.engines.layout.model import Band, PageStats, Region, font_size
from worker.engines.layout.patterns import LIST_START_RE, SENTENCE_END
from worker.engines.layout.thresholds import INDENT_EM, PARAGRAPH_EXTRA_EM

# A float's caption opens with its label and number, then a colon, a period or a dash, or
# nothing more on its line ("TABLE IV", "Figure 4:", "Fig. 3."): "Table 1 compares ..."
# opens a paragraph.
_CAPTION_RE = re.compile(
    r"^\s*(?:fig(?:ure)?|table|tab|chart|plate|scheme|listing|algorithm)\.?\s*(?:\d{1,3}(?:\.\d{1,3})?|[IVXLC]{1,6})"
    r"[a-z]?(?:\s*[:.\u2013\u2014|]|\s*$)",
    re.IGNORECASE,
)
# A caption is set apart from the column's text under it by a blank line at least (LaTeX's
# \textfloatsep is about two); its own lines follow at a line's spacing.
_FLOAT_GAP_EM = 1.0
# The run-on's print is the column's last line's, within this share.
_SAME_SIZE = 0.1
# A float laid out apart is at most this many regions (a caption, a table or two).
_MAX_FLOAT_PARTS = 3


def runs_past_floats(regions: list[Region], stats: PageStats) -> tuple[list[Region], set[int]]:
    """``regions`` with each column's paragraph that runs on under a float at the top of
    the next column read before that float; and the ids of the regions moved so, each
    the end of the paragraph of the region before it."""
    out: list[Region] = []
    moved: set[int] = set()
    for region in regions:
        if region.kind != "flow" or not out:
            out.append(region)
            continue
        # The float may be laid out apart, ahead of the text under it: a table region,
        # and a caption's flow over it.
        # (the column before may open with a caption of its own: tried as it is first)
        c = len(out) - 1
        parts = _past_float(out[c], [], region, stats)
        if parts is None:
            while c >= 0 and len(out) - 1 - c < _MAX_FLOAT_PARTS and _float_part(out[c]):
                c -= 1
            parts = _past_float(out[c], out[c + 1 :], region, stats) if 0 <= c < len(out) - 1 else None
        if parts is None:
            out.append(region)
            continue
        float_part, run_on, rest = parts
        out[c + 1 : c + 1] = [run_on]
        if float_part.bands:
            out.append(float_part)
        if rest.bands:
            out.append(rest)
        moved.add(id(run_on))
    return out, moved


def _float_part(region: Region) -> bool:
    """Whether ``region`` may be part of a float laid out apart: a table, or a flow that
    opens with a caption."""
    return region.kind == "table" or _CAPTION_RE.match(region.bands[0][0].text) is not None


def _past_float(
    prev: Region, floats: list[Region], region: Region, stats: PageStats
) -> tuple[Region, Region, Region] | None:
    """The float's part at the head of ``region``, the lines under the float that end
    the paragraph ``prev`` (the column before) ends with, and the rest; None where no
    float with a caption heads the next column (``floats``, the float's regions laid
    out apart, then ``region``) or its text under the float runs on no paragraph of
    ``prev``."""
    bands = region.bands
    if prev.kind != "flow" or len(prev.bands) < 2:
        return None
    captioned = _CAPTION_RE.match(bands[0][0].text) is not None
    if not captioned and not any(r.kind == "flow" for r in floats):
        return None  # a float has its caption: a table alone may be the column's own
    last = prev.bands[-1]
    p_right = max(ln.bbox[2] for b in prev.bands for ln in b)
    head = [*floats, region]
    # The next column: wholly right of the column before, beside its text.
    if any(_left(r) < p_right for r in head) or head[0].bands[0].top >= last.bottom:
        return None
    k = 0  # the bands of ``region`` that are the float's (its caption)
    if captioned:
        k = next(
            (
                i
                for i in range(1, len(bands))
                if bands[i].top - bands[i - 1].bottom >= _FLOAT_GAP_EM * stats.body
            ),
            0,
        )
        if k == 0:
            return None
    float_bottom = max([b.bottom for r in floats for b in r.bands] + [b.bottom for b in bands[:k]])
    # The column before runs down past the float, its last line open; the text under
    # the float stands a blank line at least under it.
    if (
        last.bottom < float_bottom
        or last[-1].text.rstrip().endswith(SENTENCE_END)
        or bands[k].top - float_bottom < _FLOAT_GAP_EM * stats.body
    ):
        return None
    under = bands[k:]
    first = under[0]
    size = font_size(last[-1])
    left = min(b[0].bbox[0] for b in under)
    if (
        abs(font_size(first[0]) - size) > _SAME_SIZE * size
        or first[0].bbox[0] - left >= INDENT_EM * size
        or LIST_START_RE.match(first[0].text)
    ):
        return None
    n = _paragraph_end(prev.bands, under, left, size, stats)
    return Region("flow", bands[:k]), Region("flow", under[:n]), Region("flow", under[n:])


def _left(region: Region) -> float:
    return min(ln.bbox[0] for b in region.bands for ln in b)


def _paragraph_end(column: list[Band], under: list[Band], left: float, size: float, stats: PageStats) -> int:
    """How many of ``under`` end the paragraph that ``column`` ends with: up to a gap
    wider than the paragraph's own line spacing (its last two lines') by a paragraph's
    extra, or to a line indented from the column's ``left`` edge (the next paragraph)."""
    spacing = max(column[-1].top - column[-2].bottom, 0.0)
    limit = spacing + PARAGRAPH_EXTRA_EM * stats.body
    for i in range(1, len(under)):
        if under[i].top - under[i - 1].bottom > limit or under[i][0].bbox[0] - left >= INDENT_EM * size:
            return i
    return len(under)
