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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

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
    """Characters that follow each other on one row without a wide gap."""

    parts: list[str]
    x0: float
    top: float
    x1: float
    bottom: float
    n: int  # non-space characters, for size/bold averages
    size_sum: float
    bold_n: int
    last_size: float
    # Word boundaries: [index into parts where the word starts, x0, x1 (None: open)].
    # Updated only at word breaks, so the per-character loop stays as it was.
    word_marks: list[list[Any]] = field(default_factory=list)


def spans_to_lines(spans: Sequence[TextSpan]) -> list[LayoutLine]:
    """Group a text layer's spans into line fragments, top to bottom then left to right.

    A row is cut wherever the gap between neighbouring spans exceeds ``SPLIT_GAP_EM``
    font sizes, so each returned line belongs to one column or one table cell;
    :func:`layout_lines` decides how the fragments are read.
    """
    frags = _runs_to_frags(spans)
    lines: list[LayoutLine] = []
    for row in _group_rows(frags, lambda f: (f.top, f.bottom)):
        row.sort(key=lambda f: (f.x0, f.top))
        lines.extend(_merge_row(row))
    return lines


def _runs_to_frags(spans: Sequence[TextSpan]) -> list[_Frag]:
    # First pass in content-stream order: most streams draw a line (or a word) at a time,
    # so consecutive spans almost always continue the current fragment. This keeps the
    # per-span work to a few comparisons; the expensive geometric grouping then runs on
    # fragments, which are 5-10x fewer.
    frags: list[_Frag] = []
    cur: _Frag | None = None
    last_top = last_bottom = last_x0 = last_x1 = 0.0
    for s in spans:
        t = s.text
        top, bottom, x0, x1, size = s.top, s.bottom, s.x0, s.x1, s.size
        n = len(t)
        if cur is not None:
            em = size if size > cur.last_size else cur.last_size
            if em <= 0:
                em = bottom - top  # no font size at all: the box height will do
            gap = x0 - last_x1
            if top == last_top and bottom == last_bottom:
                same_row = True
            else:
                overlap = min(bottom, last_bottom) - max(top, last_top)
                same_row = overlap >= ROW_OVERLAP * min(bottom - top, last_bottom - last_top) and overlap > 0
            # Glyphs may overlap (kerning; pdfium gives both halves of an "fi" ligature
            # the ligature's box), but starting left of the previous span is a new line
            # or a second layer of text; a wide jump right is a gutter or cell gap.
            if same_row and x0 >= last_x0 - 0.1 * em and gap <= SPLIT_GAP_EM * em:
                if not s.joined or gap > WORD_GAP_EM * em:
                    cur.parts.append(" ")
                    cur.word_marks[-1][2] = last_x1
                    cur.word_marks.append([len(cur.parts), x0, None])
                cur.parts.append(t)
                if x0 < cur.x0:
                    cur.x0 = x0
                if x1 > cur.x1:
                    cur.x1 = x1
                if top < cur.top:
                    cur.top = top
                if bottom > cur.bottom:
                    cur.bottom = bottom
                cur.n += n
                cur.size_sum += size * n
                if s.bold:
                    cur.bold_n += n
                cur.last_size = size
                last_top, last_bottom, last_x0, last_x1 = top, bottom, x0, x1
                continue
        if cur is not None:
            cur.word_marks[-1][2] = last_x1
        cur = _Frag([t], x0, top, x1, bottom, n, size * n, n if s.bold else 0, size, [[0, x0, None]])
        frags.append(cur)
        last_top, last_bottom, last_x0, last_x1 = top, bottom, x0, x1
    if cur is not None:
        cur.word_marks[-1][2] = last_x1
    return frags


def _frag_words(f: _Frag) -> list[tuple[str, float, float]]:
    """(text, x0, x1) of each word of a fragment."""
    marks = f.word_marks
    out = []
    for i, (start, x0, x1) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(f.parts)
        text = "".join(f.parts[start:end]).strip()
        if text:
            out.append((text, x0, x1 if x1 is not None else f.x1))
    return out


def _merge_row(row: list[_Frag]) -> list[LayoutLine]:
    """Fragments of one row (sorted by x) to lines, cut at wide gaps."""
    out: list[LayoutLine] = []
    cur: _Frag | None = None
    cur_text = ""
    cur_words: list[tuple[str, float, float]] = []
    for f in row:
        text = "".join(f.parts)
        if cur is not None:
            cur_size, f_size = cur.size_sum / cur.n, f.size_sum / f.n
            size = max(cur_size, f_size)
            gap = f.x0 - cur.x1
            near = 0.2 * min(cur_size, f_size)
            if (
                text == cur_text
                and abs(f_size - cur_size) <= 0.02 * size
                and abs(f.x0 - cur.x0) < near
                and abs(f.x1 - cur.x1) < near
                and abs(f.top - cur.top) < near
            ):
                # The same string drawn twice, slightly offset: a fake-bold trick. Keep one.
                cur.bold_n = cur.n
                continue
            if gap <= SPLIT_GAP_EM * size:
                joined = gap > WORD_GAP_EM * size or gap < -0.3 * size
                cur_text += (" " if joined else "") + text
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
                continue
            out.append(_frag_line(cur, cur_text, cur_words))
        cur = _Frag([], f.x0, f.top, f.x1, f.bottom, f.n, f.size_sum, f.bold_n, f.last_size)
        cur_text = text
        cur_words = _frag_words(f)
    if cur is not None:
        out.append(_frag_line(cur, cur_text, cur_words))
    return out


def _frag_line(f: _Frag, text: str, words: list[tuple[str, float, float]]) -> LayoutLine:
    # Bold only when (nearly) the whole line is: a bold lead-in word must not make a body
    # line look like a bold heading.
    return LayoutLine(
        text=text,
        bbox=(f.x0, f.top, f.x1, f.bottom),
        size=f.size_sum / f.n,
        bold=f.bold_n >= 0.8 * f.n,
        words=[Word(w, (x0, f.top, x1, f.bottom)) for w, x0, x1 in words],
    )


T = TypeVar("T")


def _group_rows(items: Sequence[T], span: Callable[[T], tuple[float, float]]) -> list[list[T]]:
    """Cluster boxes into rows, top to bottom, by vertical overlap.

    Items are visited by vertical centre and join the current row when they overlap its
    reference box (its tallest member) by ``ROW_OVERLAP`` of the smaller height. Loose
    glyph boxes of consecutive lines often touch or overlap slightly, so mere contact must
    not chain lines together; comparing with the tallest member (not the union) also keeps
    a superscript from stretching a row into the next line.
    """
    keyed = sorted(((s[0] + s[1], i, s) for i, s in enumerate(map(span, items))), key=lambda k: (k[0], k[1]))
    rows: list[list[T]] = []
    ref_top = ref_bottom = 0.0
    for _, i, (top, bottom) in keyed:
        if rows:
            overlap = min(bottom, ref_bottom) - max(top, ref_top)
            if overlap > 0 and overlap >= ROW_OVERLAP * min(bottom - top, ref_bottom - ref_top):
                rows[-1].append(items[i])
                if bottom - top > ref_bottom - ref_top:
                    ref_top, ref_bottom = top, bottom
                continue
        rows.append([items[i]])
        ref_top, ref_bottom = top, bottom
    return rows


# --- layer 2: lines to blocks ----------------------------------------------------------

Band = list[LayoutLine]  # lines sharing a row, sorted left to right


@dataclass
class _Stats:
    body: float  # body font size (char-weighted median)
    body_bold: bool  # the body text itself is bold: bold then says nothing about headings
    pitch: float = 1.2  # usual baseline-to-baseline distance, in ems

    @property
    def min_gutter(self) -> float:
        return max(GUTTER_EM * self.body, 4.0)


@dataclass
class _Region:
    kind: Literal["flow", "table"]
    bands: list[Band]
    cuts: list[float] = field(default_factory=list)  # table column boundaries (x)


@dataclass
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


@dataclass
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
    bands = [_attach_markers(b) for b in _bands(lines, stats)]
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
    if len(words) < 2 or " ".join(w.text for w in words) != " ".join(ln.text.split()):
        return [ln]
    size = _size(ln)
    cuts = [
        i
        for i in range(1, len(words))
        if (gap := words[i].bbox[0] - words[i - 1].bbox[2]) >= SPLIT_GAP_EM * size
        or (
            gap >= NUMERIC_GAP_EM * size
            and _AMOUNT_RE.match(words[i - 1].text)
            and _AMOUNT_RE.match(words[i].text)
        )
    ]
    if not cuts:
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
    weighted = sorted((_size(ln), len(ln.text), ln.bold) for ln in lines)
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
    rows = _group_rows(lines, lambda ln: (ln.bbox[1], ln.bbox[3]))
    out: list[Band] = []
    for row in rows:
        row.sort(key=lambda ln: (ln.bbox[0], ln.bbox[1]))
        out.extend(_split_by_size(row, stats))
    return out


def _split_by_size(band: Band, stats: _Stats) -> list[Band]:
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


def _attach_markers(band: Band) -> Band:
    # A bullet or "1." set apart from its text (tab stop) arrives as its own fragment; on
    # its own it would make a narrow "column" of bullets and turn lists into tables.
    out: Band = []
    for ln in band:
        prev = out[-1] if out else None
        if (
            prev is not None
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
    return out


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
    if (
        _bottom(first) <= RUNNING_MARGIN * height
        and _top(second) - _bottom(first) >= gap
        and page_number(first)
    ):
        head.append(first)
    last, before = bands[-1], bands[-2]
    if (
        last is not first
        and _top(last) >= (1 - RUNNING_MARGIN) * height
        and _top(last) - _bottom(before) >= gap
        and page_number(last)
    ):
        foot.append(last)
    return head, bands[len(head) : len(bands) - len(foot)], foot


def _top(b: Band) -> float:
    return b[0].bbox[1] if len(b) == 1 else min(ln.bbox[1] for ln in b)


def _bottom(b: Band) -> float:
    return b[0].bbox[3] if len(b) == 1 else max(ln.bbox[3] for ln in b)


# --- region splitting (reading order) --------------------------------------------------

# Coverage: x-intervals covered by text, each with the vertical extent of what covers it,
# sorted by x and non-overlapping. The whitespace between intervals is where gutters are.
Cover = list[tuple[float, float, float, float]]  # x0, x1, top, bottom


def _cover(lines: Sequence[LayoutLine]) -> Cover:
    if len(lines) == 1:
        x0, top, x1, bottom = lines[0].bbox
        return [(x0, x1, top, bottom)]
    return _union_spans(sorted((ln.bbox[0], ln.bbox[2], ln.bbox[1], ln.bbox[3]) for ln in lines))


def _union_spans(spans: list[tuple[float, float, float, float]]) -> Cover:
    """Merge x-sorted (x0, x1, top, bottom) spans that overlap horizontally."""
    out: list[list[float]] = []
    for x0, x1, top, bottom in spans:
        if out and x0 <= out[-1][1]:
            cur = out[-1]
            cur[1] = max(cur[1], x1)
            cur[2] = min(cur[2], top)
            cur[3] = max(cur[3], bottom)
        else:
            out.append([x0, x1, top, bottom])
    return [(a, b, c, d) for a, b, c, d in out]


def _merge_cover(a: Cover, b: Cover) -> Cover:
    if len(a) == 1 and len(b) == 1 and a[0][0] <= b[0][1] and b[0][0] <= a[0][1]:
        (a0, a1, at, ab), (b0, b1, bt, bb) = a[0], b[0]
        return [(min(a0, b0), max(a1, b1), min(at, bt), max(ab, bb))]  # the common case
    return _union_spans(sorted(a + b))


def _gutters(cover: Cover, stats: _Stats) -> list[float]:
    """x positions (gap centres) of gutters: wide gaps with text beside them on both sides.

    Requiring the text left and right of the gap to overlap vertically is what tells
    columns from a right-aligned date above a left-aligned salutation: those are read
    top to bottom, not left column first.
    """
    n = len(cover)
    if n < 2:
        return []
    # Vertical extent of everything left of / right of each gap.
    left_ext: list[tuple[float, float]] = []
    top, bottom = cover[0][2], cover[0][3]
    for iv in cover:
        top, bottom = min(top, iv[2]), max(bottom, iv[3])
        left_ext.append((top, bottom))
    right_ext: list[tuple[float, float]] = [(0.0, 0.0)] * n
    top, bottom = cover[-1][2], cover[-1][3]
    for i in range(n - 1, -1, -1):
        top, bottom = min(top, cover[i][2]), max(bottom, cover[i][3])
        right_ext[i] = (top, bottom)
    out: list[float] = []
    min_side_by_side = 0.8 * stats.body
    for i in range(n - 1):
        gap_x0, gap_x1 = cover[i][1], cover[i + 1][0]
        if gap_x1 - gap_x0 < stats.min_gutter:
            continue
        (lt, lb), (rt, rb) = left_ext[i], right_ext[i + 1]
        if min(lb, rb) - max(lt, rt) >= min_side_by_side:
            out.append((gap_x0 + gap_x1) / 2)
    return out


def _segment(bands: list[Band], stats: _Stats, depth: int) -> list[_Region]:
    """Regions in reading order: recursive cuts at gutters and at layout changes."""
    if len(bands) >= 2 and depth < _MAX_DEPTH:
        cuts = _gutters(_cover([ln for b in bands for ln in b]), stats)
        if cuts:
            # Blocks side by side that are not running text (an invoice's addresses, then
            # its line items, then its totals) often share a gutter by accident; a wide
            # blank stripe across them separates such sections before anything else.
            # Across columns of running text only a very wide stripe counts (where a
            # full-width figure sits): a paragraph gap level in both columns is chance.
            prose = _prose_columns(bands, cuts) >= 2
            breaks = _section_breaks(bands, stats, FIGURE_GAP_EM if prose else SECTION_GAP_EM)
            sections = _split_at(bands, breaks)
            if len(sections) > 1:
                return [r for sec in sections for r in _segment(sec, stats, depth + 1)]
            table = _as_table(bands, cuts, stats)
            if table is not None:
                regions: list[_Region] = []
                for part in table:
                    regions.extend([part] if part.kind == "table" else _segment(part.bands, stats, depth + 1))
                return regions
            if _read_as_columns(bands, cuts):
                pieces = _cut_out_grids(bands, cuts)
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
    groups: list[list[Band]] = [[bands[0]]]
    g_cover = _cover(bands[0])
    g_has = bool(_gutters(g_cover, stats))
    for i, band in enumerate(bands[1:], start=1):
        b_cover = _cover(band)
        b_has = bool(_gutters(b_cover, stats))
        u_cover = _merge_cover(g_cover, b_cover)
        u_has = bool(_gutters(u_cover, stats))
        if not apart[i] and (u_has or (not g_has and not b_has)):
            groups[-1].append(band)
            g_cover, g_has = u_cover, u_has
        else:
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
    gaps = [0.0]
    lowest = _bottom(bands[0])
    for band in bands[1:]:
        gaps.append(max(0.0, _top(band) - lowest))
        lowest = max(lowest, _bottom(band))
    out = [False]
    for i in range(1, len(bands)):
        neighbours = [gaps[j] for j in (i - 1, i + 1) if 1 <= j < len(gaps)]
        local = min(neighbours) if neighbours else 0.0
        out.append(gaps[i] >= min_em * stats.body and gaps[i] >= 1.5 * local)
    return out


def _cells(band: Band, cuts: list[float]) -> dict[int, list[LayoutLine]]:
    # Called for every band under every candidate set of cuts: keep the one-line band
    # (most of running text) to a single lookup.
    if len(band) == 1:
        x0, _, x1, _ = band[0].bbox
        return {bisect.bisect_left(cuts, (x0 + x1) / 2): band}
    out: dict[int, list[LayoutLine]] = {}
    for ln in band:
        out.setdefault(bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2), []).append(ln)
    return out


def _cut_out_grids(bands: list[Band], cuts: list[float]) -> list[list[Band]]:
    """Split a column region above and below runs of rows that are a full-width grid.

    A full-width table between two-column text may have a cell gap right where the page
    gutter is, so it shares the gutter and would be torn in half by the column split.
    Its rows give it away: three or more short cells spread over both sides of the
    gutter, none filling its column as a line of running text does.
    """
    x_min = min(ln.bbox[0] for b in bands for ln in b)
    x_max = max(ln.bbox[2] for b in bands for ln in b)
    edges = [x_min, *cuts, x_max]

    def grid_row(band: Band) -> bool:
        if len(band) < 3:
            return False
        cells = _cells(band, cuts)
        return len(cells) >= 2 and all(
            ln.bbox[2] - ln.bbox[0] < 0.6 * (edges[col + 1] - edges[col])
            for col, lns in cells.items()
            for ln in lns
        )

    flags = [grid_row(b) for b in bands]
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


def _split_columns(bands: list[Band], cuts: list[float]) -> list[list[Band]]:
    cols: list[list[Band]] = [[] for _ in range(len(cuts) + 1)]
    for band in bands:
        for col, lns in sorted(_cells(band, cuts).items()):
            cols[col].append(lns)
    return [c for c in cols if c]


def _prose_columns(bands: list[Band], cuts: list[float]) -> int:
    # Running text: lines of at least ~25 characters. Table columns (numbers, short
    # labels) rarely look like that; a description column might, but not two columns.
    lengths: dict[int, list[int]] = {}
    for band in bands:
        for col, lns in _cells(band, cuts).items():
            lengths.setdefault(col, []).append(sum(len(ln.text) for ln in lns))
    return sum(1 for v in lengths.values() if len(v) >= 2 and statistics.median(v) >= 25)


def _multi_cell_bands(bands: list[Band], cuts: list[float]) -> int:
    return sum(1 for b in bands if len(_cells(b, cuts)) >= 2)


def _read_as_columns(bands: list[Band], cuts: list[float]) -> bool:
    # Side-by-side text is read column by column, except a form: short "Label: value"
    # cells aligned on rows ("Name: ...   Date: ...") read better row by row. (A label
    # above its value, "Due Date:" over "04/04/2023", reads right column-wise.)
    if _prose_columns(bands, cuts) >= 1:
        return True
    multi = inline = 0
    for band in bands:
        cells = _cells(band, cuts)
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
    digits = sum(ch.isdigit() for ch in text)
    return digits > 0 and digits * 2 >= sum(ch.isalnum() for ch in text)


def _numeric_column(bands: list[Band], cuts: list[float]) -> bool:
    cols: dict[int, list[bool]] = {}
    for band in bands[1:]:  # the first row may be the header
        for col, lns in _cells(band, cuts).items():
            cols.setdefault(col, []).append(_is_figure(" ".join(ln.text for ln in lns)))
    return any(len(v) >= 2 and sum(v) * 2 >= len(v) for v in cols.values())


def _colon_keys(bands: list[Band], cuts: list[float]) -> float:
    """Share of multi-cell rows whose first cell is a "Label:"."""
    multi = keyed = 0
    for band in bands:
        cells = _cells(band, cuts)
        if len(cells) >= 2:
            multi += 1
            first = " ".join(ln.text for ln in cells[min(cells)]).rstrip()
            keyed += first.endswith(":")
    return keyed / multi if multi else 0.0


def _as_table(bands: list[Band], cuts: list[float], stats: _Stats) -> list[_Region] | None:
    """The region as [flow above?, table, flow below?] when part of it is a grid.

    The grid runs from the first to the last row with cells on both sides of a gutter;
    rows above/below it (a caption, the notes under an invoice's lines) are left to the
    caller. Columns are then found again from the grid's multi-cell rows only: a wrapped
    description line or a "--- Section ---" row inside the table may cross a gutter,
    and must not erase it.
    """
    multi = [i for i, b in enumerate(bands) if len(_cells(b, cuts)) >= 2]
    if len(multi) < 3:
        return None
    start, end = multi[0], multi[-1] + 1
    core = bands[start:end]
    cuts = _gutters(_cover([ln for i in multi for ln in bands[i]]), stats)
    if not cuts:
        return None
    n_multi = _multi_cell_bands(core, cuts)
    if n_multi < 3 or n_multi < 0.5 * len(core) or _prose_columns(core, cuts) >= 2:
        return None
    # The cells of a table row share one font size and baseline; two blocks of text
    # that merely sit side by side (a letterhead beside an address) drift apart.
    multi_bands = [b for b in core if len(_cells(b, cuts)) >= 2]
    if sum(_aligned(b) for b in multi_bands) < 0.7 * len(multi_bands):
        return None
    # Blocks of short text side by side (sender and recipient addresses) also align on
    # rows; what makes a grid a table is a column of figures or a column of "Label:" keys.
    if not _numeric_column(core, cuts) and _colon_keys(core, cuts) < 0.5:
        return None
    out: list[_Region] = []
    if start:
        out.append(_Region("flow", bands[:start]))
    out.append(_Region("table", core, cuts))
    if end < len(bands):
        out.append(_Region("flow", bands[end:]))
    return out


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
        return _Row(ln.text.strip(), x0, top, x1, bottom, _size(ln), ln.bold, ln.confidence, ln.words)
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
        for col, lns in _cells(band, cuts).items():
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
