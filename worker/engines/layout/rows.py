"""Lines to the rows of a page (bands): grouped by vertical overlap, a big title apart from
small text beside it, bullets joined to their text; and what a row says to the blocks:
answer options side by side cut apart, Word's "o" bullet, the side a right-to-left row
starts on. (Lines cut where words show a cell gap or a gutter: line_cuts.py; the rows in
the margins: running.py.)"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from common.documents.results import is_rtl
from worker.engines.layout.fractions import stack_fractions
from worker.engines.layout.model import (
    Band,
    LayoutLine,
    PageStats,
    Row,
    font_size,
    make_band,
    mean_confidence,
    union_box,
)
from worker.engines.layout.notes import body_lines
from worker.engines.layout.patterns import AMOUNT_RE, BOXES, LINE_NUMBER_RE, MARKER_MAX_LEN, MARKER_ONLY_RE
from worker.engines.layout.thresholds import (
    HEADING_SIZE_RATIO,
    MARKER_GAP_EM,
    ROW_OVERLAP,
    SIZE_SPLIT_RATIO,
)

T = TypeVar("T")

# A heading's bare number ("2", "3.1") and how far before its words it may stand: LaTeX
# sets it a quad (1 em) before them, a numbered heading's tab a little more.
_SECTION_NUMBER_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}$")
_SECTION_NUMBER_GAP_EM = 2.0


def group_rows(items: Sequence[T], spans: Sequence[tuple[float, float]]) -> list[list[T]]:
    """Cluster boxes into rows, top to bottom, by vertical overlap.

    ``spans``: each item's (top, bottom). Items are visited by vertical centre and join
    the current row when they overlap its reference box (its tallest member) by
    ``ROW_OVERLAP`` of the smaller height. Loose glyph boxes of consecutive lines often
    touch or overlap slightly, so mere contact must not chain lines together; comparing
    with the tallest member (not the union) also keeps a superscript from stretching a
    row into the next line.
    """
    centres = [top + bottom for top, bottom in spans]
    rows: list[list[T]] = []
    row: list[T] = []
    members: list[int] = []  # the row's items, by index
    ref_top = ref_bottom = 0.0
    for i in sorted(range(len(spans)), key=centres.__getitem__):  # stable: ties by index
        top, bottom = spans[i]
        if row:
            overlap = (bottom if bottom < ref_bottom else ref_bottom) - (top if top > ref_top else ref_top)
            if (
                overlap > 0
                and overlap >= ROW_OVERLAP * min(bottom - top, ref_bottom - ref_top)
                and not (
                    ref_bottom - ref_top > SIZE_SPLIT_RATIO * (bottom - top)
                    and _stacked(top, bottom, members, spans)
                )
            ):
                row.append(items[i])
                members.append(i)
                if bottom - top > ref_bottom - ref_top:
                    ref_top, ref_bottom = top, bottom
                continue
        row = [items[i]]
        members = [i]
        rows.append(row)
        ref_top, ref_bottom = top, bottom
    return rows


def _stacked(top: float, bottom: float, members: list[int], spans: Sequence[tuple[float, float]]) -> bool:
    """Whether a box that overlaps a row's tall member (a large heading in another column)
    lies under or over a member of its own height instead of beside it: the next line of
    text in a column beside the heading, which must not join the line above into one row."""
    h = bottom - top
    for k in members:
        m_top, m_bottom = spans[k]
        mh = m_bottom - m_top
        overlap = min(bottom, m_bottom) - max(top, m_top)
        # Wholly under or over a member, it is the next line whatever the two heights: a
        # Latin line's box is much lower than an Arabic one's of the same font size.
        if overlap <= 0 or (
            max(h, mh) <= SIZE_SPLIT_RATIO * min(h, mh) and overlap < ROW_OVERLAP * min(h, mh)
        ):
            return True
    return False


def page_stats(lines: Sequence[LayoutLine]) -> PageStats:
    stats = _median_stats(lines)
    # The running text may be larger than the body print where that is the notes' (:mod:`.notes`).
    body = body_lines(lines, stats.body)
    if body is not lines:
        stats.text = _median_stats(body).body
    return stats


def _median_stats(lines: Sequence[LayoutLine]) -> PageStats:
    # Weight by characters: the body is where most of the text is, not most of the lines
    # (a page of short table cells and one long paragraph has the paragraph's font).
    weighted = sorted(
        [
            (s if (s := ln.size) is not None and s > 0 else font_size(ln), len(ln.text), ln.bold)
            for ln in lines
        ]
    )
    total = sum(n for _, n, _ in weighted)
    acc = 0
    body = weighted[-1][0]
    for s, n, _ in weighted:
        acc += n
        if acc * 2 >= total:
            body = s
            break
    bold_chars = sum(n for _, n, b in weighted if b)
    return PageStats(body=body, body_bold=bold_chars * 2 > total)


def to_bands(lines: Sequence[LayoutLine], stats: PageStats) -> list[Band]:
    # (a stacked fraction's numerator and denominator would be rows of their own)
    if stats.rules:
        lines = stack_fractions(list(lines), stats.rules)
    rows = group_rows(lines, [(ln.bbox[1], ln.bbox[3]) for ln in lines])
    out: list[Band] = []
    for row in rows:
        if len(row) == 1:
            out.append(make_band(row))
            continue
        row.sort(key=lambda ln: (ln.bbox[0], ln.bbox[1]))
        out.extend(_attach_markers(b, stats.body) for b in _split_by_size(row, stats))
    return out


def _split_by_size(band: list[LayoutLine], stats: PageStats) -> list[list[LayoutLine]]:
    """A big title beside a block of small text is two rows, not one.

    Block layouts put a large "INVOICE" level with the first line of the invoice-number
    block; on one row it would become a table cell or merge with that line. Split only
    side-by-side groups (a gutter apart), never a superscript from its line, nor a
    section's number or letter set smaller than its heading (:func:`_numbers_big`).
    """
    if len(band) < 2:
        return [band]
    sizes = [font_size(ln) for ln in band]
    if max(sizes) < SIZE_SPLIT_RATIO * min(sizes):
        return [band]
    big = [ln for ln, s in zip(band, sizes, strict=True) if s >= SIZE_SPLIT_RATIO * min(sizes)]
    small = [ln for ln, s in zip(band, sizes, strict=True) if s < SIZE_SPLIT_RATIO * min(sizes)]
    small = _numbers_big(big, small)
    if not small:
        return [band]
    big.sort(key=lambda ln: (ln.bbox[0], ln.bbox[1]))
    gap = stats.min_gutter
    apart = max(ln.bbox[2] for ln in big) + gap <= min(ln.bbox[0] for ln in small) or max(
        ln.bbox[2] for ln in small
    ) + gap <= min(ln.bbox[0] for ln in big)
    if not apart:
        return [band]
    return sorted([big, small], key=lambda b: (_top(b), b[0].bbox[0]))


def _numbers_big(big: list[LayoutLine], small: list[LayoutLine]) -> list[LayoutLine]:
    """``small`` less the line numbers among it that number a line of ``big``, which
    ``big`` takes: a form sets its sections' numbers or letters ("3.", "ב.") smaller than
    the headings they number. Such a number stands just before the line's first word, a
    bullet's distance at most: left of it, or right of a right-to-left line, whose first
    word is its rightmost."""
    keep: list[LayoutLine] = []
    for num in small:
        if len(num.text) > MARKER_MAX_LEN or not (
            MARKER_ONLY_RE.match(num.text) or LINE_NUMBER_RE.match(num.text)
        ):
            keep.append(num)
            continue
        for ln in big:
            reach = MARKER_GAP_EM * font_size(ln)
            level = min(num.bbox[3], ln.bbox[3]) - max(num.bbox[1], ln.bbox[1]) > 0
            if level and (
                0 <= ln.bbox[0] - num.bbox[2] <= reach
                if not is_rtl(ln.text)
                else 0 <= num.bbox[0] - ln.bbox[2] <= reach
            ):
                big.append(num)
                break
        else:
            keep.append(num)
    return keep


def _attach_markers(band: list[LayoutLine], body: float) -> Band:
    # A bullet or "1." set apart from its text (tab stop) arrives as its own fragment; on
    # its own it would make a narrow "column" of bullets and turn lists into tables.
    # An item's text is no bare figure: "(96)" before "(83)" is a bracketed negative in
    # a table's row, two cells, and so is "12." before "7.5".
    out: list[LayoutLine] = []
    for ln in band:
        prev = out[-1] if out else None
        if (
            prev is not None
            and len(prev.text.strip()) <= MARKER_MAX_LEN
            and not AMOUNT_RE.match(ln.text.strip())
            and (MARKER_ONLY_RE.match(prev.text) or prev.text.strip() == "o")  # Word's "o" bullet
            and ln.bbox[0] - prev.bbox[2] <= MARKER_GAP_EM * font_size(ln)
        ) or (prev is not None and _section_number(prev, ln, body)):
            out[-1] = LayoutLine(
                text=f"{prev.text.strip()} {ln.text}",
                bbox=union_box(prev.bbox, ln.bbox),
                size=ln.size,
                bold=ln.bold,
                confidence=mean_confidence([prev, ln]),
                words=prev.words + ln.words,
            )
        else:
            out.append(ln)
    return make_band(out)


def _section_number(num: LayoutLine, ln: LayoutLine, body: float) -> bool:
    """Whether ``num`` is a heading's bare number ("1", "2.3") set a quad or so before the
    heading's words in ``ln`` (LaTeX's section numbers, a tab in a numbered heading).

    Apart, the numbers of a page's headings line up as a narrow column of their own, and
    the page is read as that column and then the text. Both pieces are bold and the same
    size, larger than the ``body`` text or numbered with a dot (a table's row number
    beside its description cell is neither, even in a bold row of totals), and the
    heading starts with a letter.
    """
    size = font_size(ln)
    return (
        num.bold
        and ln.bold
        and (size >= HEADING_SIZE_RATIO * body or "." in num.text)
        and _SECTION_NUMBER_RE.match(num.text.strip()) is not None
        and abs(font_size(num) - size) <= 0.05 * size
        and ln.text[:1].isalpha()
        and ln.bbox[0] - num.bbox[2] <= _SECTION_NUMBER_GAP_EM * size
    )


def _top(b: Sequence[LayoutLine]) -> float:
    return b[0].bbox[1] if len(b) == 1 else min(ln.bbox[1] for ln in b)


def split_options(row: Row) -> list[Row]:
    """Answer options side by side on one line ("☐ Yes   ☐ No"): a row each, by their words."""
    words = row.words
    if row.text[:1] not in BOXES or len(words) < 4:
        return [row]
    starts = [i for i, w in enumerate(words) if w.text[:1] in BOXES]
    # Only words that spell the row's text can say where to cut it.
    if len(starts) < 2 or starts[0] != 0 or " ".join(w.text for w in words) != " ".join(row.text.split()):
        return [row]
    out = []
    for a, b in zip(starts, [*starts[1:], len(words)], strict=True):
        part = words[a:b]
        conf = mean_confidence(part) if part[0].confidence is not None else row.confidence
        text = " ".join(w.text for w in part)
        x0, x1 = part[0].bbox[0], part[-1].bbox[2]
        out.append(Row(text, x0, row.top, x1, row.bottom, row.size, row.bold, conf, part, row.estimated))
    return out


def o_bullet(row: Row) -> bool:
    """Word's second-level bullet, a Courier "o" a tab stop before its text (not the word
    "o" of Portuguese or Italian prose at a line start)."""
    words = row.words
    return len(words) >= 2 and words[0].text == "o" and words[1].bbox[0] - words[0].bbox[2] > 0.6 * row.size


# A dinkus: three or more stars or dots across a line ("* * * * *"), a break between
# sections or before a letter's footer, not a list of empty items.
_DINKUS = frozenset("*\u2217\u204e\u2022\u00b7")  # stars (asterisk, operator, low), bullets, middle dots


def dinkus(text: str) -> bool:
    if text.lstrip()[:1] not in _DINKUS:  # most rows: one look at the first character
        return False
    marks = text.split()
    return len(marks) >= 3 and all(len(m) == 1 and m in _DINKUS for m in marks)


def starts_right(row: Row, mark: str) -> bool:
    """Whether ``row``'s lines start at the right: right-to-left text, unless its list
    marker sits at the left (a producer that lays a right-to-left list out left to right)."""
    if not is_rtl(row.text):
        return False
    if mark and mark != "ordered" and row.words:
        glyph = row.text[:1]
        for w in row.words:
            if w.text[:1] == glyph or w.text[-1:] == glyph:
                return w.bbox[0] + w.bbox[2] > row.x0 + row.x1
    return True
