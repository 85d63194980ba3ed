"""Running rows that one page tells by how they are set, with no other page to repeat
them (a page cut out of a proposal, a book's single page): helpers of :mod:`.running`.

- A row of pieces set at staggered baselines (an advert strip at the foot: a two-line
  slogan beside a one-line link centred on it) is one row of the page, however many
  rows its pieces make (:func:`edge_counts`).
- A web address at the end of the page's first row, in the top margin, apart from the
  text (a proposal's URL, top left, beside its ID at the right), is the page's running
  head; the row's other pieces stay the text's (:func:`url_apart`).
- A page number and a running title at the two ends of the page's first row, close over
  a heading (a book's "4 ... Chapter 1. Title" over "3. Section"), is a running head,
  though it stands nearer the heading than a page number's row must stand from plain
  text (:func:`numbered_over_heading`).
"""

from __future__ import annotations

from collections.abc import Sequence

from worker.engines.layout.model import Band, PageStats, make_band
from worker.engines.layout.patterns import PAGE_NUMBER_RE
from worker.engines.layout.print_rows import BARS, URL_RE
from worker.engines.layout.thresholds import FURNITURE_GAP_EM, PAGE_NUMBER_GAP_EM, RUNNING_MARGIN

# Rows of staggered pieces at an edge are looked at up to this many bands in all.
_MOST_BANDS = 4
# A heading under a running head is set this much larger than the body at least.
_HEADING_RATIO = 1.2
# The running title and the page number of a head row stand this share of the row's
# width apart at least: at its two ends.
_ENDS_APART = 0.4
# A head row is set no larger than the body, give or take this ratio: a size rounded
# differently is still the body's print (as page_marks' _SAME).
_BODY_SLACK = 1.05


def edge_counts(bands: Sequence[Band], most: int, limit: int, *, top: bool) -> list[int]:
    """How many bands the first (last) 1..``most`` rows of the page hold, largest first,
    none over ``limit`` bands: a row is the bands that overlap the one before down the
    page and stand beside it, not under it (pieces of one row set at staggered
    baselines; lines set solid overlap too, but one under the other)."""
    order = list(bands) if top else list(reversed(bands))
    counts: list[int] = []
    k = 0
    while k < len(order) and len(counts) < most:
        k += 1
        while k < min(len(order), _MOST_BANDS) and _staggered(order[k - 1], order[k]):
            k += 1
        counts.append(k)
    return [n for n in reversed(counts) if n <= limit]


def _staggered(a: Band, b: Band) -> bool:
    if a.bottom <= b.top or b.bottom <= a.top:
        return False
    a0, a1 = min(ln.bbox[0] for ln in a), max(ln.bbox[2] for ln in a)
    b0, b1 = min(ln.bbox[0] for ln in b), max(ln.bbox[2] for ln in b)
    return a1 <= b0 or b1 <= a0


def url_apart(bands: list[Band], stats: PageStats, height: float) -> tuple[list[Band], list[Band]]:
    """(head rows, the page's rows) with the web address at an end of the first row set
    apart as the running head, where the row stands in the top margin and apart from the
    text; else ([], ``bands``). The address is set no larger than the body."""
    if len(bands) < 3:
        return [], bands
    first, nxt = bands[0], bands[1]
    if len(first) < 2 or first.bottom > RUNNING_MARGIN * height:
        return [], bands
    if nxt.top - first.bottom < PAGE_NUMBER_GAP_EM * stats.body:
        return [], bands
    for url in (first[0], first[-1]):
        if URL_RE.match(url.text.strip(BARS)) and url.size is not None and 0 < url.size <= stats.body:
            rest = [ln for ln in first if ln is not url]
            return [make_band([url])], [make_band(rest), *bands[1:]]
    return [], bands


def numbered_over_heading(bands: Sequence[Band], stats: PageStats, height: float) -> bool:
    """Whether the first row is a page number and a running title at its two ends, in the
    top margin, no larger than the body, apart from a heading set clearly larger than it
    right under it."""
    if len(bands) < 3:
        return False
    first, nxt = bands[0], bands[1]
    if len(first) != 2 or first.bottom > RUNNING_MARGIN * height:
        return False
    if any(ln.size is None or ln.size <= 0 or ln.size > stats.body * _BODY_SLACK or ln.bold for ln in first):
        return False
    numbers = [PAGE_NUMBER_RE.match(ln.text.strip(BARS)) is not None for ln in first]
    if sum(numbers) != 1:
        return False
    title = first[1] if numbers[0] else first[0]
    if not any(ch.isalpha() for ch in title.text):
        return False
    left, right = first[0], first[1]
    if right.bbox[0] - left.bbox[2] < _ENDS_APART * (right.bbox[2] - left.bbox[0]):
        return False
    # (The head's own print, not the body's: on a page of tables the body outside them
    # may be the headings' print.)
    size = max(ln.size or 0.0 for ln in first)
    heading = min((ln.size or 0.0) for ln in nxt) >= _HEADING_RATIO * size
    return heading and nxt.top - first.bottom >= FURNITURE_GAP_EM * size
