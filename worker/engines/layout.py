"""Reading order and block structure from positioned text, shared by text-layer and OCR engines.

Two layers, so that an OCR engine (which gets text lines, not characters) can reuse the
second one:

1. :func:`spans_to_lines` turns a PDF text layer's spans (words) into :class:`LayoutLine`
   fragments: spans are grouped into rows by vertical overlap, words are separated
   by gap size, and a row is cut where the gap is wide (a column gutter or a table cell
   boundary). Content-stream order is ignored beyond a fast first pass, because many PDFs
   draw a two-column page row by row.
2. :func:`layout_lines` orders lines column-aware and groups them into blocks: running
   header/footer, headings (by font size or a short bold line), paragraphs (by vertical
   gap, first-line indent, short last line), list items (bullets and enumerators) and
   simple tables (cells aligned in a grid of at least 3 rows by 2 columns).

Reading order uses a recursive cut on whitespace: a region is split at a vertical gutter
only when the gutter runs through the whole region with content beside it on both sides,
and otherwise into horizontal groups of rows that share a gutter, so a full-width title,
table or footer stays in place above/below a two-column run. Distances are measured in
ems of the body font size so that the thresholds carry over between 8 pt and 14 pt text.
Everything is deterministic: ties are broken by position, never by dict/set order.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from mypy_extensions import mypyc_attr

from common.documents.results import BBox, Block, BlockKind, Line, Word, table_to_markdown
from worker.engines.textlayer import TextSpan

# --- thresholds (in ems of the local font size unless noted) ---------------------------

WORD_GAP_EM = 0.15  # a gap wider than this between glyphs is a word space (no space char needed)
SPLIT_GAP_EM = 1.0  # a gap wider than this cuts a row into separate lines (gutter, table cell)
ROW_OVERLAP = 0.5  # share of the smaller height two boxes must overlap to be on one row
GUTTER_EM = 1.0  # narrowest whitespace column that separates text columns / table columns
MARKER_GAP_EM = 4.0  # a bullet set apart from its text by at most this still belongs to it
HEADING_SIZE_RATIO = 1.15  # a row this much larger than the body font is a heading
PARAGRAPH_EXTRA_EM = 0.35  # extra vertical space over the usual line pitch that ends a paragraph
INDENT_EM = 0.8  # first-line indent that starts a new paragraph
MAX_HEADING_ROWS = 3  # a "heading" longer than this is a large-print paragraph
MAX_BOLD_HEADING_ROWS = 2  # same for body-size bold text (an address block in bold is no heading)
MAX_BOLD_HEADING_WORDS = 14
RUNNING_MARGIN = 0.07  # share of the page height where running headers/footers live
SECTION_GAP_EM = 2.5  # a blank stripe this tall across a region separates its parts
FIGURE_GAP_EM = 6.0  # ... and this tall even across columns of running text
SIZE_SPLIT_RATIO = 1.3  # side-by-side lines this different in size are separate rows
_MAX_DEPTH = 12  # recursion guard for the region splitter; real pages need 3-4 levels


@dataclass(slots=True)
class LayoutLine:
    """A line of text (or a fragment of one) with its box in page units, top-left origin.

    ``size`` is the font size when known (PDF text layer); OCR engines may leave it None,
    the layout then estimates it from the box height.
    """

    text: str
    bbox: BBox
    size: float | None = None
    bold: bool = False
    confidence: float | None = None
    words: list[Word] = field(default_factory=list)


LineLike = LayoutLine

_BULLETS = "•◦▪▫●○■□‣\u2043∙·◆◇►▶➢➤✓✔"  # U+2043: hyphen bullet
# A list item starts with a bullet, or an enumerator "1." "1)" "(1)" "a)" "(a)" "iv." "(iv)".
# Bare letters with a period ("A. Smith", "e.g.") are too often prose to count.
_MARKER = (
    rf"(?:[{_BULLETS}]|[-\u2013\u2014*](?=\s|$)|\(?\d{{1,3}}[.)]|\(?[a-z]\)|\([A-Za-z]\)|[a-z]\.(?=\s|$)"
    r"|\(?[ivxlc]{1,6}[.)])"
)
_LIST_START_RE = re.compile(rf"^\s*{_MARKER}(?:\s|$)|^\s*[{_BULLETS}]")
_MARKER_ONLY_RE = re.compile(rf"^\s*{_MARKER}\s*$")
_MARKER_MAX_LEN = 8  # "(viii)" at most: longer text is never a marker alone
_FOOTNOTE_START_RE = re.compile(r"^\s*(?:\d{1,3}|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰])")
_WORD_RE = re.compile(r"[^\W\d_]{3,}")
_INLINE_LABEL_RE = re.compile(r"^[^:]{1,40}:\s*\S")
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:(?:page|pagina|página|seite|p\.)\s*:?\s*)?[-\u2013\u2014]?\s*\d{1,4}\s*"
    r"(?:(?:/|of|de|von|sur|van|di)\s*\d{1,4})?\s*[-\u2013\u2014]?\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = (".", "!", "?", ":", ";", ".)", '."', ".”")


# --- layer 1: characters to lines ------------------------------------------------------


@dataclass(slots=True)
class _Frag:
    """Spans that follow each other on one row without a wide gap."""

    words: list[list[Any]]  # [text, x0, x1] per word, as drawn (not stripped)
    x0: float
    top: float
    x1: float
    bottom: float
    n: int  # characters, for size/bold averages
    size_sum: float
    bold_n: int

    @property
    def text(self) -> str:
        words = self.words
        return words[0][0] if len(words) == 1 else " ".join([w[0] for w in words])


def spans_to_lines(spans: Sequence[TextSpan]) -> list[LayoutLine]:
    """Group a text layer's spans into line fragments, top to bottom then left to right.

    A row is cut wherever the gap between neighbouring spans exceeds ``SPLIT_GAP_EM``
    font sizes, so each returned line belongs to one column or one table cell;
    :func:`layout_lines` decides how the fragments are read.
    """
    frags = _runs_to_frags(spans)
    lines: list[LayoutLine] = []
    for row in _group_rows(frags, [(f.top, f.bottom) for f in frags]):
        if len(row) == 1:  # most rows: one fragment, one line
            lines.append(_frag_to_line(row[0]))
        else:
            row.sort(key=lambda f: (f.x0, f.top))
            lines.extend(_merge_row(row))
    return lines


def _runs_to_frags(spans: Sequence[TextSpan]) -> list[_Frag]:
    # First pass in content-stream order: most streams draw a line (or a word) at a time,
    # so consecutive spans almost always continue the current fragment. This keeps the
    # per-span work to a few comparisons; the expensive geometric grouping then runs on
    # fragments, which are 5-10x fewer. The fragment being built lives in local variables.
    frags: list[_Frag] = []
    words: list[list[Any]] = []
    word: list[Any] = []
    f_x0 = f_top = f_x1 = f_bottom = f_size_sum = 0.0
    f_n = f_bold_n = 0
    last_top = last_bottom = last_x0 = last_x1 = last_size = 0.0
    split_em, word_em = SPLIT_GAP_EM, WORD_GAP_EM
    for t, x0, top, x1, bottom, size, bold, joined in spans:  # TextSpan is a named tuple
        n = len(t)
        if words:
            em = size if size > last_size else last_size
            if em <= 0:
                em = bottom - top  # no font size at all: the box height will do
            gap = x0 - last_x1
            # Glyphs may overlap (kerning; pdfium gives both halves of an "fi" ligature
            # the ligature's box), but starting left of the previous span is a new line
            # or a second layer of text; a wide jump right is a gutter or cell gap.
            if (
                x0 >= last_x0 - 0.1 * em
                and gap <= split_em * em
                and (
                    (top == last_top and bottom == last_bottom)
                    or (
                        (overlap := min(bottom, last_bottom) - max(top, last_top)) > 0
                        and overlap >= ROW_OVERLAP * min(bottom - top, last_bottom - last_top)
                    )
                )
            ):
                if not joined or gap > word_em * em:
                    word[2] = last_x1
                    word = [t, x0, 0.0]
                    words.append(word)
                else:
                    word[0] += t
                if x0 < f_x0:
                    f_x0 = x0
                if x1 > f_x1:
                    f_x1 = x1
                if top < f_top:
                    f_top = top
                if bottom > f_bottom:
                    f_bottom = bottom
                f_n += n
                f_size_sum += size * n
                if bold:
                    f_bold_n += n
                last_top, last_bottom, last_x0, last_x1, last_size = top, bottom, x0, x1, size
                continue
            word[2] = last_x1
            frags.append(_Frag(words, f_x0, f_top, f_x1, f_bottom, f_n, f_size_sum, f_bold_n))
        word = [t, x0, 0.0]
        words = [word]
        f_x0, f_top, f_x1, f_bottom = x0, top, x1, bottom
        f_n, f_size_sum, f_bold_n = n, size * n, n if bold else 0
        last_top, last_bottom, last_x0, last_x1, last_size = top, bottom, x0, x1, size
    if words:
        word[2] = last_x1
        frags.append(_Frag(words, f_x0, f_top, f_x1, f_bottom, f_n, f_size_sum, f_bold_n))
    return frags


def _frag_words(f: _Frag) -> list[tuple[str, float, float]]:
    """(text, x0, x1) of each word of a fragment."""
    out = []
    for text, x0, x1 in f.words:
        text = text.strip()
        if text:
            out.append((text, x0, x1))
    return out


def _frag_to_line(f: _Frag) -> LayoutLine:
    """A fragment that is a line on its own (most are)."""
    top, bottom = f.top, f.bottom
    words = []
    for text, x0, x1 in f.words:
        text = text.strip()
        if text:
            words.append(Word(text, (x0, top, x1, bottom)))
    # Bold only when (nearly) the whole line is: a bold lead-in word must not make a body
    # line look like a bold heading.
    return LayoutLine(f.text, (f.x0, top, f.x1, bottom), f.size_sum / f.n, f.bold_n >= 0.8 * f.n, None, words)


def _merge_row(row: list[_Frag]) -> list[LayoutLine]:
    """Fragments of one row (sorted by x) to lines, cut at wide gaps."""
    out: list[LayoutLine] = []
    cur: _Frag | None = None
    # Until a second fragment joins it, ``cur`` is the row's own fragment, turned into a
    # line as it is; ``merged`` then holds (copy of cur, its text, its words).
    merged: tuple[_Frag, list[str], list[tuple[str, float, float]]] | None = None
    cur_size = 0.0
    for f in row:
        f_size = f.size_sum / f.n
        if cur is not None:
            size = cur_size if cur_size > f_size else f_size
            near = 0.2 * (f_size if f_size < cur_size else cur_size)
            if (
                abs(f_size - cur_size) <= 0.02 * size
                and abs(f.x0 - cur.x0) < near
                and abs(f.x1 - cur.x1) < near
                and abs(f.top - cur.top) < near
                and f.text == ("".join(merged[1]) if merged is not None else cur.text)
            ):
                # The same string drawn twice, slightly offset: a fake-bold trick. Keep one.
                if merged is None:
                    merged = _own(cur)
                    cur = merged[0]
                cur.bold_n = cur.n
                continue
            gap = f.x0 - cur.x1
            if gap <= SPLIT_GAP_EM * size:
                if merged is None:
                    merged = _own(cur)
                    cur = merged[0]
                _, texts, cur_words = merged
                joined = gap > WORD_GAP_EM * size or gap < -0.3 * size
                if joined:
                    texts.append(" ")
                texts.append(f.text)
                words = _frag_words(f)
                if not joined and cur_words and words:
                    # No space between the fragments: the first word continues the last.
                    last, first = cur_words[-1], words[0]
                    cur_words[-1] = (last[0] + first[0], last[1], max(last[2], first[2]))
                    words = words[1:]
                cur_words.extend(words)
                cur.x0, cur.x1 = min(cur.x0, f.x0), max(cur.x1, f.x1)
                cur.top, cur.bottom = min(cur.top, f.top), max(cur.bottom, f.bottom)
                cur.n += f.n
                cur.size_sum += f.size_sum
                cur.bold_n += f.bold_n
                cur_size = cur.size_sum / cur.n
                continue
            out.append(_frag_to_line(cur) if merged is None else _frag_line(*merged))
        cur, merged, cur_size = f, None, f_size
    if cur is not None:
        out.append(_frag_to_line(cur) if merged is None else _frag_line(*merged))
    return out


def _own(f: _Frag) -> tuple[_Frag, list[str], list[tuple[str, float, float]]]:
    # A line that fragments are merged into: a copy of the first, its text as pieces.
    return _Frag([], f.x0, f.top, f.x1, f.bottom, f.n, f.size_sum, f.bold_n), [f.text], _frag_words(f)


def _frag_line(f: _Frag, texts: list[str], words: list[tuple[str, float, float]]) -> LayoutLine:
    top, bottom = f.top, f.bottom
    return LayoutLine(
        "".join(texts),
        (f.x0, top, f.x1, bottom),
        f.size_sum / f.n,
        f.bold_n >= 0.8 * f.n,
        None,
        [Word(w, (x0, top, x1, bottom)) for w, x0, x1 in words],
    )


T = TypeVar("T")


def _group_rows(items: Sequence[T], spans: Sequence[tuple[float, float]]) -> list[list[T]]:
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
    ref_top = ref_bottom = 0.0
    for i in sorted(range(len(spans)), key=centres.__getitem__):  # stable: ties by index
        top, bottom = spans[i]
        if row:
            overlap = (bottom if bottom < ref_bottom else ref_bottom) - (top if top > ref_top else ref_top)
            if overlap > 0 and overlap >= ROW_OVERLAP * min(bottom - top, ref_bottom - ref_top):
                row.append(items[i])
                if bottom - top > ref_bottom - ref_top:
                    ref_top, ref_bottom = top, bottom
                continue
        row = [items[i]]
        rows.append(row)
        ref_top, ref_bottom = top, bottom
    return rows


# --- layer 2: lines to blocks ----------------------------------------------------------

# Coverage: x-intervals covered by text, each with the vertical extent of what covers it,
# sorted by x and non-overlapping. The whitespace between intervals is where gutters are.
Cover = list[tuple[float, float, float, float]]  # x0, x1, top, bottom
Cuts = tuple[float, ...]  # x positions of column boundaries, left to right


# Compiled, a class cannot subclass list; left a Python class, a Band is still a list
# to the compiled code that reads it.
@mypyc_attr(native_class=False)
class Band(list[LayoutLine]):
    """Lines sharing a row, sorted left to right; never changed once made (by :func:`_band`).

    The region splitter asks the same questions of a band many times over (its extent,
    its coverage, which of its lines fall in which column for a set of cuts), so the
    answers are kept with it.
    """

    __slots__ = ("bottom", "cells", "chars", "cover", "has_gutter", "top")
    top: float
    bottom: float
    chars: int
    cover: Cover | None
    has_gutter: bool | None
    cells: dict[Cuts, dict[int, list[LayoutLine]]]


def _band(lines: list[LayoutLine]) -> Band:
    b = Band(lines)
    if len(lines) == 1:
        ln = lines[0]
        x0, top, x1, bottom = ln.bbox
        b.top, b.bottom, b.chars = top, bottom, len(ln.text)
        b.cover, b.has_gutter = [(x0, x1, top, bottom)], False  # one interval: no gutter
    else:
        ln = lines[0]
        top, bottom, chars = ln.bbox[1], ln.bbox[3], len(ln.text)
        for ln in lines[1:]:
            box = ln.bbox
            if box[1] < top:
                top = box[1]
            if box[3] > bottom:
                bottom = box[3]
            chars += len(ln.text)
        b.top, b.bottom, b.chars = top, bottom, chars
        b.cover = b.has_gutter = None  # worked out when asked for
    b.cells = {}
    return b


@dataclass
class _Stats:
    body: float  # body font size (char-weighted median)
    body_bold: bool  # the body text itself is bold: bold then says nothing about headings
    pitch: float = 1.2  # usual baseline-to-baseline distance, in ems
    min_gutter: float = field(init=False)  # narrowest gap between columns, in points

    def __post_init__(self) -> None:
        self.min_gutter = max(GUTTER_EM * self.body, 4.0)


@dataclass
class _Region:
    kind: Literal["flow", "table"]
    bands: list[Band]
    cuts: Cuts = ()  # table column boundaries (x)


@dataclass(slots=True)
class _Row:
    """A band read as one line of a flow region."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    confidence: float | None
    words: list[Word] = field(default_factory=list)

    def as_line(self) -> Line:
        return Line(
            text=self.text,
            bbox=(self.x0, self.top, self.x1, self.bottom),
            confidence=self.confidence,
            words=self.words,
        )


@dataclass(slots=True)
class _Proto:
    """A block being built, before heading levels/title are assigned."""

    kind: BlockKind
    rows: list[_Row]
    size: float
    heading: bool = False
    level: int = 0
    x0: float = 0.0  # horizontal extent of the rows so far
    x1: float = 0.0
    table: list[list[str]] | None = None
    lines: list[Line] | None = None  # tables: the cell fragments

    @property
    def bbox(self) -> BBox:
        if self.lines is not None and not self.rows:
            boxes = [ln.bbox for ln in self.lines]
            return (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
        return (
            min(r.x0 for r in self.rows),
            min(r.top for r in self.rows),
            max(r.x1 for r in self.rows),
            max(r.bottom for r in self.rows),
        )


def _size(ln: LayoutLine) -> float:
    if ln.size is not None and ln.size > 0:
        return ln.size
    # OCR lines carry no font size; a line box is roughly 1.2 em tall (ascender to
    # descender), which keeps the em-based thresholds meaningful.
    return max((ln.bbox[3] - ln.bbox[1]) / 1.2, 1.0)


def layout_lines(
    lines: Sequence[LayoutLine], width: float, height: float, *, allow_title: bool = True
) -> list[Block]:
    """Blocks in reading order from text lines anywhere on a ``width`` x ``height`` page.

    ``allow_title``: whether the page may have a document title (the caller passes True
    for the first page only).
    """
    lines = [piece for ln in lines if ln.text.strip() for piece in _split_at_gaps(ln)]
    if not lines:
        return []
    stats = _page_stats(lines)
    bands = _bands(lines, stats)
    head, bands, foot = _running_bands(bands, stats, height)

    regions = _join_flows(_segment(bands, stats, 0), stats)
    flows = {id(r): [_band_row(b) for b in r.bands] for r in regions if r.kind == "flow"}
    stats.pitch = _line_pitch(list(flows.values()))

    protos: list[_Proto] = []
    for region in regions:
        if region.kind == "table":
            protos.append(_table_proto(region))
        else:
            protos.extend(_flow_protos(flows[id(region)], stats))
    _classify(protos, stats, height, allow_title=allow_title)

    blocks = [_running_block("page_header", b) for b in head]
    blocks += [_to_block(p) for p in protos]
    blocks += [_running_block("page_footer", b) for b in foot]
    return blocks


_AMOUNT_RE = re.compile(r"^[-+(]?[$€£¥]?\d(?:[\d.,'\u2019]*\d)?(?:%|\)|[$€£¥])?$")
NUMERIC_GAP_EM = 0.5  # two amounts this far apart are two cells (a thousands space is ~0.25 em)


def _split_at_gaps(ln: LayoutLine) -> list[LayoutLine]:
    """Cut a line where its words say it spans two cells or columns.

    An OCR line box can run across a gutter, and right-aligned amounts in tight columns
    ("374.41  3,369.69") come out of either engine as one line. Word boxes show the gap:
    any gap of a full em is a cut, and so is half an em between two amounts.
    """
    words = ln.words
    n = len(words)
    if n < 2:
        return [ln]
    size = ln.size
    if size is None or size <= 0:
        size = _size(ln)
    split_gap, numeric_gap = SPLIT_GAP_EM * size, NUMERIC_GAP_EM * size
    cuts = []
    prev_end = words[0].bbox[2]
    for i in range(1, n):
        box = words[i].bbox
        gap = box[0] - prev_end
        prev_end = box[2]
        if gap >= numeric_gap and (
            gap >= split_gap or (_AMOUNT_RE.match(words[i - 1].text) and _AMOUNT_RE.match(words[i].text))
        ):
            cuts.append(i)
    # Only words that spell the line's text can say where to cut it.
    if not cuts or " ".join(w.text for w in words) != " ".join(ln.text.split()):
        return [ln]
    pieces = []
    for start, end in zip([0, *cuts], [*cuts, len(words)], strict=True):
        part = words[start:end]
        pieces.append(
            LayoutLine(
                text=" ".join(w.text for w in part),
                bbox=(part[0].bbox[0], ln.bbox[1], part[-1].bbox[2], ln.bbox[3]),
                size=ln.size,
                bold=ln.bold,
                confidence=_mean_conf(part) if part[0].confidence is not None else ln.confidence,
                words=part,
            )
        )
    return pieces


def _page_stats(lines: Sequence[LayoutLine]) -> _Stats:
    # Weight by characters: the body is where most of the text is, not most of the lines
    # (a page of short table cells and one long paragraph has the paragraph's font).
    weighted = sorted(
        [(s if (s := ln.size) is not None and s > 0 else _size(ln), len(ln.text), ln.bold) for ln in lines]
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
    return _Stats(body=body, body_bold=bold_chars * 2 > total)


def _bands(lines: Sequence[LayoutLine], stats: _Stats) -> list[Band]:
    rows = _group_rows(lines, [(ln.bbox[1], ln.bbox[3]) for ln in lines])
    out: list[Band] = []
    for row in rows:
        if len(row) == 1:
            out.append(_band(row))
            continue
        row.sort(key=lambda ln: (ln.bbox[0], ln.bbox[1]))
        out.extend(_attach_markers(b) for b in _split_by_size(row, stats))
    return out


def _split_by_size(band: list[LayoutLine], stats: _Stats) -> list[list[LayoutLine]]:
    """A big title beside a block of small text is two rows, not one.

    Block layouts put a large "INVOICE" level with the first line of the invoice-number
    block; on one row it would become a table cell or merge with that line. Split only
    side-by-side groups (a gutter apart), never a superscript from its line.
    """
    if len(band) < 2:
        return [band]
    sizes = [_size(ln) for ln in band]
    if max(sizes) < SIZE_SPLIT_RATIO * min(sizes):
        return [band]
    big = [ln for ln, s in zip(band, sizes, strict=True) if s >= SIZE_SPLIT_RATIO * min(sizes)]
    small = [ln for ln, s in zip(band, sizes, strict=True) if s < SIZE_SPLIT_RATIO * min(sizes)]
    gap = stats.min_gutter
    apart = max(ln.bbox[2] for ln in big) + gap <= min(ln.bbox[0] for ln in small) or max(
        ln.bbox[2] for ln in small
    ) + gap <= min(ln.bbox[0] for ln in big)
    if not apart:
        return [band]
    return sorted([big, small], key=lambda b: (_top(b), b[0].bbox[0]))


def _attach_markers(band: list[LayoutLine]) -> Band:
    # A bullet or "1." set apart from its text (tab stop) arrives as its own fragment; on
    # its own it would make a narrow "column" of bullets and turn lists into tables.
    out: list[LayoutLine] = []
    for ln in band:
        prev = out[-1] if out else None
        if (
            prev is not None
            and len(prev.text.strip()) <= _MARKER_MAX_LEN
            and _MARKER_ONLY_RE.match(prev.text)
            and ln.bbox[0] - prev.bbox[2] <= MARKER_GAP_EM * _size(ln)
        ):
            out[-1] = LayoutLine(
                text=f"{prev.text.strip()} {ln.text}",
                bbox=_union(prev.bbox, ln.bbox),
                size=ln.size,
                bold=ln.bold,
                confidence=_mean_conf([prev, ln]),
                words=prev.words + ln.words,
            )
        else:
            out.append(ln)
    return _band(out)


def _running_bands(
    bands: list[Band], stats: _Stats, height: float
) -> tuple[list[Band], list[Band], list[Band]]:
    """Split off a page number (or "Page 2 of 5") in the top or bottom margin.

    Done before column detection: a centred page number under two columns would sit in
    the gutter and join the columns into one region. Only rows with a page number: one
    page cannot tell a running header from a document's first line, and Markdown drops
    headers and footers, so anything else stays in the body rather than risk losing it.
    """
    head: list[Band] = []
    foot: list[Band] = []
    if len(bands) < 2:
        return head, bands, foot

    def page_number(b: Band) -> bool:
        # "Page 2 of 3" alone, or beside a running title ("ACME report ... Page 2 of 3").
        return any(_PAGE_NUMBER_RE.match(ln.text) for ln in b)

    gap = 1.2 * stats.body
    first, second = bands[0], bands[1]
    if first.bottom <= RUNNING_MARGIN * height and second.top - first.bottom >= gap and page_number(first):
        head.append(first)
    last, before = bands[-1], bands[-2]
    if (
        last is not first
        and last.top >= (1 - RUNNING_MARGIN) * height
        and last.top - before.bottom >= gap
        and page_number(last)
    ):
        foot.append(last)
    return head, bands[len(head) : len(bands) - len(foot)], foot


def _top(b: Sequence[LayoutLine]) -> float:
    return b[0].bbox[1] if len(b) == 1 else min(ln.bbox[1] for ln in b)


# --- region splitting (reading order) --------------------------------------------------


def _cover(lines: Sequence[LayoutLine]) -> Cover:
    if len(lines) == 1:
        x0, top, x1, bottom = lines[0].bbox
        return [(x0, x1, top, bottom)]
    return _union_spans(sorted([(ln.bbox[0], ln.bbox[2], ln.bbox[1], ln.bbox[3]) for ln in lines]))


def _band_cover(band: Band) -> Cover:
    cover = band.cover
    if cover is None:
        cover = band.cover = _cover(band)
    return cover


def _bands_cover(bands: Sequence[Band]) -> Cover:
    # The union of the bands' coverages is the union of their lines' (both are the
    # connected pieces of the same set of x-intervals), from fewer, already merged spans.
    if len(bands) == 1:
        return _band_cover(bands[0])
    return _union_spans(sorted([iv for b in bands for iv in (b.cover or _band_cover(b))]))


def _band_has_gutter(band: Band, stats: _Stats) -> bool:
    has = band.has_gutter
    if has is None:
        has = band.has_gutter = bool(_gutters(_band_cover(band), stats))
    return has


def _union_spans(spans: list[tuple[float, float, float, float]]) -> Cover:
    """Merge x-sorted (x0, x1, top, bottom) spans that overlap horizontally."""
    out: Cover = []
    if not spans:
        return out
    it = iter(spans)
    c0, c1, ct, cb = next(it)
    for x0, x1, top, bottom in it:
        if x0 <= c1:
            if x1 > c1:
                c1 = x1
            if top < ct:
                ct = top
            if bottom > cb:
                cb = bottom
        else:
            out.append((c0, c1, ct, cb))
            c0, c1, ct, cb = x0, x1, top, bottom
    out.append((c0, c1, ct, cb))
    return out


def _merge_cover(a: Cover, b: Cover) -> Cover:
    if len(a) == 1 and len(b) == 1 and a[0][0] <= b[0][1] and b[0][0] <= a[0][1]:
        (a0, a1, at, ab), (b0, b1, bt, bb) = a[0], b[0]
        return [(min(a0, b0), max(a1, b1), min(at, bt), max(ab, bb))]  # the common case
    return _union_spans(sorted(a + b))


def _gutters(cover: Cover, stats: _Stats) -> Cuts:
    """x positions (gap centres) of gutters: wide gaps with text beside them on both sides.

    Requiring the text left and right of the gap to overlap vertically is what tells
    columns from a right-aligned date above a left-aligned salutation: those are read
    top to bottom, not left column first.
    """
    if len(cover) < 2:
        return ()
    return tuple((x0 + x1) / 2 for x0, x1 in _gutter_gaps(cover, stats))


def _gutter_gaps(cover: Cover, stats: _Stats) -> list[tuple[float, float]]:
    """The gaps (x0, x1) whose centres :func:`_gutters` gives."""
    n = len(cover)
    if n < 2:
        return []
    min_gutter = stats.min_gutter
    wide = [i for i in range(n - 1) if not cover[i + 1][0] - cover[i][1] < min_gutter]
    if not wide:
        return []
    # Vertical extent of everything left of / right of each gap.
    left_ext: list[tuple[float, float]] = []
    top, bottom = cover[0][2], cover[0][3]
    for iv in cover:
        if iv[2] < top:
            top = iv[2]
        if iv[3] > bottom:
            bottom = iv[3]
        left_ext.append((top, bottom))
    right_ext: list[tuple[float, float]] = [(0.0, 0.0)] * n
    top, bottom = cover[-1][2], cover[-1][3]
    for i in range(n - 1, -1, -1):
        iv = cover[i]
        if iv[2] < top:
            top = iv[2]
        if iv[3] > bottom:
            bottom = iv[3]
        right_ext[i] = (top, bottom)
    out: list[tuple[float, float]] = []
    min_side_by_side = 0.8 * stats.body
    for i in wide:
        (lt, lb), (rt, rb) = left_ext[i], right_ext[i + 1]
        if min(lb, rb) - max(lt, rt) >= min_side_by_side:
            out.append((cover[i][1], cover[i + 1][0]))
    return out


def _segment(bands: list[Band], stats: _Stats, depth: int) -> list[_Region]:
    """Regions in reading order: recursive cuts at gutters and at layout changes."""
    if len(bands) >= 2 and depth < _MAX_DEPTH:
        cover = _bands_cover(bands)
        cuts = _gutters(cover, stats)
        if cuts:
            # Blocks side by side that are not running text (an invoice's addresses, then
            # its line items, then its totals) often share a gutter by accident; a wide
            # blank stripe across them separates such sections before anything else.
            # Across columns of running text only a very wide stripe counts (where a
            # full-width figure sits): a paragraph gap level in both columns is chance.
            prose = _prose_columns(bands, cuts)
            breaks = _section_breaks(bands, stats, FIGURE_GAP_EM if prose >= 2 else SECTION_GAP_EM)
            if any(breaks):
                return [r for sec in _split_at(bands, breaks) for r in _segment(sec, stats, depth + 1)]
            table = _as_table(bands, cuts, stats)
            if table is not None:
                regions: list[_Region] = []
                for part in table:
                    regions.extend([part] if part.kind == "table" else _segment(part.bands, stats, depth + 1))
                return regions
            if _read_as_columns(bands, cuts, prose):
                pieces = _cut_out_grids(bands, cuts, cover)
                regions = []
                if len(pieces) > 1:
                    for piece in pieces:
                        regions.extend(_segment(piece, stats, depth + 1))
                    return regions
                for col in _split_columns(bands, cuts):
                    regions.extend(_segment(col, stats, depth + 1))
                return regions
            return [_Region("flow", bands)]
        groups = _group_bands(bands, stats)
        if len(groups) > 1:
            return [r for g in groups for r in _segment(g, stats, depth + 1)]
    return [_Region("flow", bands)]


def _group_bands(bands: list[Band], stats: _Stats) -> list[list[Band]]:
    """Consecutive bands that share a gutter (or that all lack one) form a group.

    This is the horizontal cut of XY-cut, made only where the column structure changes:
    cutting at every row gap would slice a two-column run into rows and interleave it.
    A band extends the group when the union still has a gutter (columns go on; a short
    line beside a gutter does not end them), or when neither has one (full-width text
    goes on). A full-width line after columns, columns after full-width text, or a
    wide blank stripe start a new group.
    """
    apart = _section_breaks(bands, stats)
    first = bands[0]
    groups: list[list[Band]] = [[first]]
    g_cover = _band_cover(first)
    g_has = _band_has_gutter(first, stats)
    for i in range(1, len(bands)):
        band = bands[i]
        b_cover = band.cover or _band_cover(band)
        b_has = band.has_gutter
        if b_has is None:
            b_has = _band_has_gutter(band, stats)
        if not apart[i]:
            u_cover = _merge_cover(g_cover, b_cover)
            u_has = len(u_cover) > 1 and bool(_gutters(u_cover, stats))
            if u_has or (not g_has and not b_has):
                groups[-1].append(band)
                g_cover, g_has = u_cover, u_has
                continue
        groups.append([band])
        g_cover, g_has = b_cover, b_has
    return groups


def _split_at(bands: list[Band], breaks: list[bool]) -> list[list[Band]]:
    out: list[list[Band]] = []
    for band, brk in zip(bands, breaks, strict=True):
        if brk or not out:
            out.append([])
        out[-1].append(band)
    return out


def _section_breaks(bands: list[Band], stats: _Stats, min_em: float = SECTION_GAP_EM) -> list[bool]:
    """Whether a wide blank stripe across the whole region lies above each band.

    Such a stripe ends a section (an invoice's summary vs. its detail, a form's blocks):
    it is at least ``SECTION_GAP_EM`` tall and half again as tall as the spacing on one
    side of it, so that a table with generously spaced rows is not cut row by row.
    A blank in one column only is no stripe: the other column's bands fill it.
    """
    n = len(bands)
    gaps = [0.0] * n
    lowest = bands[0].bottom
    for i in range(1, n):
        band = bands[i]
        gap = band.top - lowest
        if gap > 0.0:
            gaps[i] = gap
        if band.bottom > lowest:
            lowest = band.bottom
    out = [False] * n
    tall = min_em * stats.body
    for i in range(1, n):
        gap = gaps[i]
        if gap >= tall:
            # The narrower of the spacings just above and just below (none for the first
            # band, whose "gap" is no spacing at all).
            if i >= 2:
                local = gaps[i - 1] if i + 1 >= n or gaps[i - 1] <= gaps[i + 1] else gaps[i + 1]
            else:
                local = gaps[i + 1] if i + 1 < n else 0.0
            out[i] = gap >= 1.5 * local
    return out


def _cells(band: Band, cuts: Cuts) -> dict[int, list[LayoutLine]]:
    """The band's lines by column (0 = left of the first cut). Do not modify the answer:
    it is kept with the band, since every set of cuts is tried on every band many times."""
    cells = band.cells.get(cuts)
    if cells is None:
        if len(band) == 1:
            x0, _, x1, _ = band[0].bbox
            cells = {bisect.bisect_left(cuts, (x0 + x1) / 2): band}
        else:
            groups: dict[int, list[LayoutLine]] = {}
            for ln in band:
                b = ln.bbox
                groups.setdefault(bisect.bisect_left(cuts, (b[0] + b[2]) / 2), []).append(ln)
            cells = dict.fromkeys(groups, band) if len(groups) == 1 else groups
        band.cells[cuts] = cells
    return cells


def _cut_out_grids(bands: list[Band], cuts: Cuts, cover: Cover) -> list[list[Band]]:
    """Split a column region above and below runs of rows that are a full-width grid.

    A full-width table between two-column text may have a cell gap right where the page
    gutter is, so it shares the gutter and would be torn in half by the column split.
    Its rows give it away: three or more short cells spread over both sides of the
    gutter, none filling its column as a line of running text does.
    """
    edges = [cover[0][0], *cuts, cover[-1][1]]  # the region's coverage spans its lines

    def grid_row(band: Band) -> bool:
        if len(band) < 3:
            return False
        cells = band.cells.get(cuts) or _cells(band, cuts)
        return len(cells) >= 2 and all(
            ln.bbox[2] - ln.bbox[0] < 0.6 * (edges[col + 1] - edges[col])
            for col, lns in cells.items()
            for ln in lns
        )

    flags = [grid_row(b) for b in bands]
    if not any(flags):
        return [bands]
    pieces: list[list[Band]] = []
    other = False  # whether pieces[-1] is ordinary rows (grid runs stay separate pieces)
    i = 0
    while i < len(bands):
        j = i
        while j < len(bands) and flags[j] == flags[i]:
            j += 1
        grid = flags[i] and j - i >= 2  # a lone grid-like row stays with its neighbours
        if pieces and other and not grid:
            pieces[-1].extend(bands[i:j])
        else:
            pieces.append(bands[i:j])
        other = not grid
        i = j
    return pieces


def _split_columns(bands: list[Band], cuts: Cuts) -> list[list[Band]]:
    cols: list[list[Band]] = [[] for _ in range(len(cuts) + 1)]
    for band in bands:
        cells = band.cells.get(cuts) or _cells(band, cuts)
        if len(cells) == 1:
            for col in cells:
                cols[col].append(band)
        else:
            for col, lns in sorted(cells.items()):
                cols[col].append(_band(lns))
    return [c for c in cols if c]


def _median(values: list[int]) -> float:
    # statistics.median, without its overhead: this runs for every candidate column.
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def _prose_columns(bands: list[Band], cuts: Cuts) -> int:
    # Running text: lines of at least ~25 characters. Table columns (numbers, short
    # labels) rarely look like that; a description column might, but not two columns.
    lengths: dict[int, list[int]] = {}
    for band in bands:
        cells = band.cells.get(cuts) or _cells(band, cuts)
        for col, lns in cells.items():
            if len(cells) == 1:
                chars = band.chars
            elif len(lns) == 1:
                chars = len(lns[0].text)
            else:
                chars = sum(len(ln.text) for ln in lns)
            got = lengths.get(col)
            if got is None:
                lengths[col] = [chars]
            else:
                got.append(chars)
    return sum(1 for v in lengths.values() if len(v) >= 2 and _median(v) >= 25)


def _multi_cell_bands(bands: list[Band], cuts: Cuts) -> int:
    return sum(1 for b in bands if len(b.cells.get(cuts) or _cells(b, cuts)) >= 2)


def _read_as_columns(bands: list[Band], cuts: Cuts, prose: int) -> bool:
    # Side-by-side text is read column by column, except a form: short "Label: value"
    # cells aligned on rows ("Name: ...   Date: ...") read better row by row. (A label
    # above its value, "Due Date:" over "04/04/2023", reads right column-wise.)
    # ``prose``: _prose_columns(bands, cuts), which the caller has at hand.
    if prose >= 1:
        return True
    multi = inline = 0
    for band in bands:
        cells = band.cells.get(cuts) or _cells(band, cuts)
        if len(cells) >= 2:
            multi += 1
            inline += any(_INLINE_LABEL_RE.match(" ".join(ln.text for ln in c)) for c in cells.values())
    return multi < 0.6 * len(bands) or inline < 0.5 * multi


def _aligned(band: Band) -> bool:
    sizes = [_size(ln) for ln in band]
    size = min(sizes)
    bottoms = [ln.bbox[3] for ln in band]
    return max(sizes) <= 1.15 * size and max(bottoms) - min(bottoms) <= 0.25 * size


def _is_figure(text: str) -> bool:
    # "$4.11", "15.00%", "31/12/2017", "€ 399,00", "2": mostly digits among letters/digits.
    digits = sum(map(str.isdigit, text))
    return digits > 0 and digits * 2 >= sum(map(str.isalnum, text))


def _numeric_column(bands: list[Band], cuts: Cuts) -> bool:
    cols: dict[int, list[bool]] = {}
    for band in bands[1:]:  # the first row may be the header
        for col, lns in (band.cells.get(cuts) or _cells(band, cuts)).items():
            text = lns[0].text if len(lns) == 1 else " ".join(ln.text for ln in lns)
            cols.setdefault(col, []).append(_is_figure(text))
    return any(len(v) >= 2 and sum(v) * 2 >= len(v) for v in cols.values())


def _colon_keys(bands: list[Band], cuts: Cuts) -> float:
    """Share of multi-cell rows whose first cell is a "Label:"."""
    multi = keyed = 0
    for band in bands:
        cells = band.cells.get(cuts) or _cells(band, cuts)
        if len(cells) >= 2:
            multi += 1
            first = " ".join(ln.text for ln in cells[min(cells)]).rstrip()
            keyed += first.endswith(":")
    return keyed / multi if multi else 0.0


def _as_table(bands: list[Band], cuts: Cuts, stats: _Stats) -> list[_Region] | None:
    """The region as [flow above?, table, flow below?] when part of it is a grid.

    The grid runs from the first to the last row with cells on both sides of a gutter;
    rows above/below it (a caption, the notes under an invoice's lines) are left to the
    caller. Columns are then found again from the grid's multi-cell rows only: a wrapped
    description line or a "--- Section ---" row inside the table may cross a gutter,
    and must not erase it (nor may a row of totals, see :func:`_table_cuts`, which
    splits the columns of a table found).
    """
    multi = [i for i, b in enumerate(bands) if len(b.cells.get(cuts) or _cells(b, cuts)) >= 2]
    if len(multi) < 3:
        return None
    start, end = multi[0], multi[-1] + 1
    core = bands[start:end]
    cuts = _gutters(_bands_cover([bands[i] for i in multi]), stats)
    if not cuts:
        return None
    n_multi = _multi_cell_bands(core, cuts)
    if n_multi < 3 or n_multi < 0.5 * len(core) or _prose_columns(core, cuts) >= 2:
        return None
    # The cells of a table row share one font size and baseline; two blocks of text
    # that merely sit side by side (a letterhead beside an address) drift apart.
    multi_bands = [b for b in core if len(b.cells.get(cuts) or _cells(b, cuts)) >= 2]
    if sum(_aligned(b) for b in multi_bands) < 0.7 * len(multi_bands):
        return None
    # Blocks of short text side by side (sender and recipient addresses) also align on
    # rows; what makes a grid a table is a column of figures or a column of "Label:" keys.
    if not _numeric_column(core, cuts) and _colon_keys(core, cuts) < 0.5:
        return None
    # A table, then: its columns are those its rows agree on.
    cuts = _table_cuts(bands, multi, stats) or cuts
    out: list[_Region] = []
    if start:
        out.append(_Region("flow", bands[:start]))
    out.append(_Region("table", core, cuts))
    if end < len(bands):
        out.append(_Region("flow", bands[end:]))
    return out


def _table_cuts(bands: list[Band], multi: list[int], stats: _Stats) -> Cuts:
    """Column boundaries of a grid from its multi-cell rows ``multi`` (indices into ``bands``).

    A table's rows share its columns, so a row that would close a gutter the rows above
    it agree on (three at least) does not get a say: typically the totals under an
    invoice's line items, whose amounts ("59,100.20 EUR") reach across the unit price
    and amount columns and would merge them in every row. Such a row stays in the
    table; its lines fall into the columns by their centres.
    """
    cover = _band_cover(bands[multi[0]])
    gaps = _gutter_gaps(cover, stats)
    rows = 1
    for i in multi[1:]:
        band = bands[i]
        merged = _merge_cover(cover, band.cover or _band_cover(band))
        merged_gaps = _gutter_gaps(merged, stats)
        # A gutter lives on when a gutter of the union overlaps it (narrower, or split).
        closes = any(not any(a0 < b1 and b0 < a1 for b0, b1 in merged_gaps) for a0, a1 in gaps)
        if closes and rows >= 3:
            continue
        cover, gaps, rows = merged, merged_gaps, rows + 1
    return tuple((x0 + x1) / 2 for x0, x1 in gaps)


def _join_flows(regions: list[_Region], stats: _Stats) -> list[_Region]:
    # Region splitting may cut one column of text into consecutive flows (a single row
    # with a wide gap, a caption peeled off a table). Rejoin flows that continue straight
    # down the same column so that paragraph grouping sees them whole.
    out: list[_Region] = []
    for region in regions:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "flow" and region.kind == "flow":
            p_box = _bands_box(prev.bands)
            r_box = _bands_box(region.bands)
            overlap = min(p_box[2], r_box[2]) - max(p_box[0], r_box[0])
            narrower = min(p_box[2] - p_box[0], r_box[2] - r_box[0])
            if r_box[1] >= p_box[3] - 0.5 * stats.body and overlap >= 0.5 * narrower:
                prev.bands.extend(region.bands)
                continue
        out.append(_Region(region.kind, list(region.bands), region.cuts))
    return out


def _bands_box(bands: list[Band]) -> BBox:
    return (
        min(ln.bbox[0] for b in bands for ln in b),
        min(ln.bbox[1] for b in bands for ln in b),
        max(ln.bbox[2] for b in bands for ln in b),
        max(ln.bbox[3] for b in bands for ln in b),
    )


# --- flow regions: rows to paragraphs, headings, list items ----------------------------


def _band_row(band: Band) -> _Row:
    if len(band) == 1:
        ln = band[0]
        x0, top, x1, bottom = ln.bbox
        size = ln.size
        if size is None or size <= 0:
            size = _size(ln)
        return _Row(ln.text.strip(), x0, top, x1, bottom, size, ln.bold, ln.confidence, ln.words)
    n = sum(len(ln.text) for ln in band) or 1
    return _Row(
        text=" ".join(ln.text.strip() for ln in band),
        x0=min(ln.bbox[0] for ln in band),
        top=min(ln.bbox[1] for ln in band),
        x1=max(ln.bbox[2] for ln in band),
        bottom=max(ln.bbox[3] for ln in band),
        size=sum(_size(ln) * len(ln.text) for ln in band) / n,
        bold=all(ln.bold for ln in band),
        confidence=_mean_conf(band),
        words=[w for ln in band for w in ln.words],
    )


def _pitch(a: _Row, b: _Row) -> float:
    # Baseline distance without baselines: the smaller of the top and bottom distances,
    # since a superscript raises one line's top and a subscript lowers one line's bottom.
    return min(b.top - a.top, b.bottom - a.bottom)


def _line_pitch(flows: list[list[_Row]]) -> float:
    samples: list[float] = []
    for rows in flows:
        for a, b in itertools.pairwise(rows):
            if abs(a.size - b.size) <= 0.1 * a.size:
                p = _pitch(a, b) / a.size
                if 0.8 <= p <= 2.5:
                    samples.append(p)
    # The median is the ordinary line spacing as long as most rows are not paragraph
    # starts; below 3 samples there is no telling, so assume ordinary single spacing.
    return statistics.median(samples) if len(samples) >= 3 else 1.2


def _heading_kind(row: _Row, stats: _Stats) -> bool:
    if row.size >= stats.body * HEADING_SIZE_RATIO and row.size - stats.body >= 1.0:
        return True
    # A short bold line, unless it is a form label ("Due Date:") or a bold list item.
    text = row.text.rstrip()
    return (
        row.bold
        and not stats.body_bold
        and len(text.split()) <= MAX_BOLD_HEADING_WORDS
        and not text.endswith(":")
        and not _LIST_START_RE.match(text)
    )


def _flow_protos(rows: list[_Row], stats: _Stats) -> list[_Proto]:
    protos: list[_Proto] = []
    cur: _Proto | None = None
    prev: _Row | None = None
    for row in rows:
        heading = _heading_kind(row, stats)
        is_item = bool(_LIST_START_RE.match(row.text)) and not heading
        new_kind: BlockKind = "list_item" if is_item else "paragraph"
        if cur is None or prev is None or _starts_block(cur, prev, row, heading, is_item, stats):
            cur = _Proto(kind=new_kind, rows=[row], size=row.size, heading=heading, x0=row.x0, x1=row.x1)
            protos.append(cur)
        else:
            cur.rows.append(row)
            cur.x0, cur.x1 = min(cur.x0, row.x0), max(cur.x1, row.x1)
        prev = row
    # A "heading" that runs on for many rows is large print (a pull quote, a cover page
    # blurb), not a heading.
    for p in protos:
        limit = MAX_HEADING_ROWS if p.size >= stats.body * HEADING_SIZE_RATIO else MAX_BOLD_HEADING_ROWS
        if p.heading and len(p.rows) > limit:
            p.heading = False
    return protos


def _starts_block(cur: _Proto, prev: _Row, row: _Row, heading: bool, is_item: bool, stats: _Stats) -> bool:
    size = max(prev.size, row.size)
    pitch = _pitch(prev, row)
    if pitch > (stats.pitch + PARAGRAPH_EXTRA_EM) * size or pitch < 0.3 * size:
        return True  # a blank line, or a row that is not below the previous one
    if heading != cur.heading:
        return True
    if heading:
        # A multi-line heading keeps one style; a different size is the next heading.
        return abs(row.size - cur.size) > 0.08 * cur.size or row.bold != cur.rows[0].bold
    if abs(row.size - cur.size) > 0.15 * cur.size:
        return True
    x0, x1 = cur.x0, cur.x1
    if row.x0 > x1 or row.x1 < x0:
        return True  # side by side, not below: a separate block (a sender name beside an address)
    ended = prev.text.rstrip().endswith(_SENTENCE_END)
    short_prev = len(cur.rows) >= 2 and prev.x1 < x1 - max(0.25 * (x1 - x0), 3 * size)
    if is_item:
        # A bullet always starts an item; an enumerator at a line start may just be a
        # wrapped sentence ("... see\n2. above"), so also need the previous line to end.
        return cur.kind == "list_item" or ended or short_prev or row.text.lstrip()[:1] in _BULLETS
    if cur.kind == "list_item":
        return False  # continuation of the item (hanging indent or not)
    indent = row.x0 - x0
    if INDENT_EM * size <= indent <= 6 * size and prev.x0 - x0 < 0.5 * size:
        return True  # first-line indent of the next paragraph
    return ended and short_prev and abs(indent) < 0.5 * size


def _table_proto(region: _Region) -> _Proto:
    cuts = region.cuts
    ncols = len(cuts) + 1
    rows: list[list[str]] = []
    frags: list[Line] = []
    for band in region.bands:
        cells = [""] * ncols
        for col, lns in (band.cells.get(cuts) or _cells(band, cuts)).items():
            cells[col] = " ".join(ln.text.strip() for ln in lns)
            frags.extend(
                Line(text=ln.text, bbox=ln.bbox, confidence=ln.confidence, words=ln.words) for ln in lns
            )
        rows.append(cells)
    size = statistics.median(_size(ln) for b in region.bands for ln in b)
    return _Proto(kind="table", rows=[], size=size, table=rows, lines=frags)


def _classify(protos: list[_Proto], stats: _Stats, height: float, *, allow_title: bool) -> None:
    """Heading kinds and levels, title, footnotes: decisions that need the whole page."""
    headings = [p for p in protos if p.heading]
    for p in headings:
        p.size = max(r.size for r in p.rows)
    if allow_title and headings:
        top_size = max(p.size for p in headings)
        first = next((p for p in protos[:3] if p.heading and p.size == top_size), None)
        # The title: the largest text on the first page, near the top, clearly above body.
        if (
            first is not None
            and first.bbox[1] <= 0.35 * height
            and first.size >= 1.3 * stats.body
            and _wordy(_join_rows(first.rows))
        ):
            first.kind = "title"
            headings = [p for p in headings if p is not first]
    # Levels by size rank; sizes within 0.5 pt are one level. Bold body-size headings
    # come after every larger size.
    sizes: list[float] = []
    for s in sorted(
        {round(p.size, 1) for p in headings if p.size >= stats.body * HEADING_SIZE_RATIO}, reverse=True
    ):
        if not sizes or sizes[-1] - s > 0.5:
            sizes.append(s)
    for p in headings:
        p.kind = "section_header"
        rank = next((i for i, s in enumerate(sizes) if round(p.size, 1) >= s - 0.5), len(sizes))
        p.level = min(6, rank + 1)
    for p in protos:
        if (
            p.kind == "paragraph"
            and p.bbox[1] >= 0.6 * height
            and p.size <= 0.85 * stats.body
            and _FOOTNOTE_START_RE.match(p.rows[0].text)
        ):
            p.kind = "footnote"


def _wordy(text: str) -> bool:
    # A title has a word in it; a big account number or amount at the top is not one.
    return _WORD_RE.search(text) is not None


def _join_rows(rows: list[_Row]) -> str:
    text = ""
    for r in rows:
        t = r.text.strip()
        if not text:
            text = t
        elif text.endswith("-") and len(text) > 1 and text[-2].isalpha() and t[:1].islower():
            text = text[:-1] + t  # a word hyphenated at the line end
        else:
            text += " " + t
    return text


def _to_block(p: _Proto) -> Block:
    if p.kind == "table" and p.table is not None:
        return Block(
            kind="table",
            text=table_to_markdown(p.table),
            bbox=p.bbox,
            rows=p.table,
            lines=p.lines or [],
            confidence=_mean_conf(p.lines or []),
        )
    return Block(
        kind=p.kind,
        text=_join_rows(p.rows),
        bbox=p.bbox,
        level=p.level if p.kind == "section_header" else 0,
        lines=[r.as_line() for r in p.rows],
        confidence=_mean_conf(p.rows),
    )


def _running_block(kind: BlockKind, band: Band) -> Block:
    row = _band_row(band)
    return Block(
        kind=kind,
        text=row.text,
        bbox=(row.x0, row.top, row.x1, row.bottom),
        lines=[Line(text=ln.text, bbox=ln.bbox, confidence=ln.confidence, words=ln.words) for ln in band],
        confidence=row.confidence,
    )


def _mean_conf(
    items: Sequence[LayoutLine] | Sequence[_Row] | Sequence[Line] | Sequence[Word],
) -> float | None:
    vals = [c for c in (it.confidence for it in items) if c is not None]
    return sum(vals) / len(vals) if vals else None


def _union(a: BBox, b: BBox) -> BBox:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
