"""What the layout's stages hand each other: lines, bands (rows of lines), regions, rows
of a flow and blocks being built, and the page's font statistics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from mypy_extensions import mypyc_attr

from common.documents.results import BBox, BlockKind, Line, Word
from worker.engines.layout.thresholds import GUTTER_EM, RULE_SNAP_PT

_EDGE_EM = 0.25  # a line starts at its block's left edge within this (ems)
_SPACING_EM = 0.25  # ... and stands from the row above at the block's spacing within this
_SIZE_SHARE = 0.1  # rows of a block set in one size: within this share of it
# A block's rows stand a blank line apart at most; rows further apart are a form's,
# each under its field's space, and are read across.
_BLOCK_SPACING_EM = 1.5


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
    # It begins with a raised, smaller marker set apart from its words: a note's ("1 See").
    note_mark: bool = False
    # Set sideways on the page (spans.turned_to_lines): its box is where it starts to read.
    turned: bool = False


# Coverage: x-intervals covered by text, each with the vertical extent of what covers it,
# sorted by x and non-overlapping. The whitespace between intervals is where gutters are.
Cover = list[tuple[float, float, float, float]]  # x0, x1, top, bottom
Cuts = tuple[float, ...]  # x positions of column boundaries, left to right


# Compiled, a class cannot subclass list; left a Python class, a Band is still a list
# to the compiled code that reads it.
@mypyc_attr(native_class=False)
class Band(list[LayoutLine]):
    """Lines sharing a row, sorted left to right; never changed once made (by :func:`make_band`).

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


def make_band(lines: list[LayoutLine]) -> Band:
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
class PageStats:
    body: float  # body font size (char-weighted median)
    body_bold: bool  # the body text itself is bold: bold then says nothing about headings
    pitch: float = 1.2  # usual baseline-to-baseline distance, in ems
    # The running text's size where the body size is a page's notes' (layout/notes.py):
    # what headings and footnotes are told by. The page's layout (gaps, gutters) keeps
    # to the body size, the print most of its lines are set in.
    text: float = 0.0
    # The page's drawn rules (x0, top, x1, bottom): horizontal ones between a grid's rows
    # say it is a table (tables.as_table).
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    # Boxes of notes set in the margin beside the running text (columns.reading_parts),
    # which page.py reads after the text that starts above them.
    side_notes: list[tuple[float, float, float, float]] = field(default_factory=list)
    min_gutter: float = field(init=False)  # narrowest gap between columns, in points

    def __post_init__(self) -> None:
        self.min_gutter = max(GUTTER_EM * self.body, 4.0)
        if self.text <= 0:
            self.text = self.body


@dataclass
class Region:
    kind: Literal["flow", "table"]
    bands: list[Band]
    cuts: Cuts = ()  # table column boundaries (x)


@dataclass(slots=True)
class Row:
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
    estimated: bool = False  # size guessed from the box height (OCR lines carry none)
    note_mark: bool = False  # it begins with a raised note marker (LayoutLine.note_mark)

    def as_line(self) -> Line:
        return Line(
            text=self.text,
            bbox=(self.x0, self.top, self.x1, self.bottom),
            confidence=self.confidence,
            words=self.words,
        )


@dataclass(slots=True)
class Proto:
    """A block being built, before heading levels/title are assigned."""

    kind: BlockKind
    rows: list[Row]
    size: float
    heading: bool = False
    level: int = 0
    x0: float = 0.0  # horizontal extent of the rows so far
    x1: float = 0.0
    table: list[list[str]] | None = None
    lines: list[Line] | None = None  # tables: the cell fragments
    mark: str = ""  # list items: what starts the item (patterns.list_mark)
    checked: bool | None = None  # checkboxes: ticked or not
    depth: int = 0  # list items: nesting, 0 = outermost
    rtl: bool = False  # its first row reads right to left: its lines start at the right
    # Read from a drawn form's cell (boxed_forms.form_protos): a number that starts it is
    # the form's line number ("4 Your first name"), not a footnote's marker.
    boxed: bool = False

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


def split_bands(bands: list[Band], cut: float) -> tuple[list[Band], list[Band]]:
    """The bands' lines left and right of ``cut``, by each line's middle; a band wholly on
    one side is kept as it is, a band across it split in two."""
    left: list[Band] = []
    right: list[Band] = []
    for band in bands:
        a = [ln for ln in band if (ln.bbox[0] + ln.bbox[2]) / 2 < cut]
        b = [ln for ln in band if (ln.bbox[0] + ln.bbox[2]) / 2 >= cut]
        if a:
            left.append(band if not b else make_band(a))
        if b:
            right.append(band if not a else make_band(b))
    return left, right


def font_size(ln: LayoutLine) -> float:
    if ln.size is not None and ln.size > 0:
        return ln.size
    # OCR lines carry no font size; a line box is roughly 1.2 em tall (ascender to
    # descender), which keeps the em-based thresholds meaningful.
    return max((ln.bbox[3] - ln.bbox[1]) / 1.2, 1.0)


def mean_confidence(
    items: Sequence[LayoutLine] | Sequence[Row] | Sequence[Line] | Sequence[Word],
) -> float | None:
    vals = [c for c in (it.confidence for it in items) if c is not None]
    return sum(vals) / len(vals) if vals else None


def union_box(a: BBox, b: BBox) -> BBox:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def rule_across(segs: Sequence[tuple[float, float, float]], pos: float, a: float, b: float) -> bool:
    """Whether one of the rules ``segs`` (position across, start and end along) at ``pos``
    runs across the middle of the stretch a..b (grids, band_rows, cell_sides)."""
    mid = (a + b) / 2
    return any(
        abs(p - pos) <= RULE_SNAP_PT and s - RULE_SNAP_PT <= mid <= e + RULE_SNAP_PT for p, s, e in segs
    )


def side_by_side_rows(lines: list[LayoutLine]) -> list[list[LayoutLine]]:
    """Lines of a box or a cell row by row, each row left to right. Lines side by side are
    one row when they overlap by half the lower one's height: a label set a point higher
    than the one left of it ("Apt./Unit Number" and "City") is not a line above it."""
    rows: list[list[LayoutLine]] = []
    for ln in sorted(lines, key=lambda ln: ln.bbox[1]):
        if rows:
            last = rows[-1][-1]
            lo, hi = max(last.bbox[1], ln.bbox[1]), min(last.bbox[3], ln.bbox[3])
            if hi - lo >= 0.5 * min(last.bbox[3] - last.bbox[1], ln.bbox[3] - ln.bbox[1]):
                rows[-1].append(ln)
                continue
        rows.append([ln])
    return [sorted(row, key=lambda ln: ln.bbox[0]) for row in rows]


def runs_on(block: list[LayoutLine], row: list[LayoutLine]) -> bool:
    """Whether ``row`` goes on down ``block`` (lines above it): the block's last rows
    that start at one left edge in one size, two or more, are its own; ``row`` starts
    at that edge and stands from the last of them no further than the widest spacing
    between them, a blank line at most. A block beside a shorter one is one block still
    where the shorter one ends (an invoice party's name, address and contacts beside a
    short second address); text under a blank wider than the block's own spacings
    ("Bill to" under a letterhead) is not, nor is a title's gap over the block (at the
    block's edge, in a larger size) a spacing of its own."""
    if not row:
        return False
    first = min(row, key=lambda ln: ln.bbox[0])
    size = font_size(first)
    edge = first.bbox[0]
    own: list[list[LayoutLine]] = []
    for r in reversed(side_by_side_rows(block)):
        if abs(r[0].bbox[0] - edge) > _EDGE_EM * size or abs(font_size(r[0]) - size) > _SIZE_SHARE * size:
            break
        own.append(r)
    if len(own) < 2:
        return False
    feet = [max(ln.bbox[3] for ln in r) for r in reversed(own)]
    tops = [min(ln.bbox[1] for ln in r) for r in reversed(own)]
    widest = max(t - f for f, t in zip(feet, tops[1:], strict=False))
    if widest > _BLOCK_SPACING_EM * size:
        return False
    return min(ln.bbox[1] for ln in row) - feet[-1] <= widest + _SPACING_EM * size
