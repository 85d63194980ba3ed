"""Regions to blocks: a flow's rows to paragraphs, headings and list items, a table's cells
to its grid, then what needs the whole page (title, heading levels, footnotes)."""

from __future__ import annotations

import itertools
import statistics

from common.documents.results import Block, BlockKind, Line, is_rtl, table_to_markdown
from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, PageStats, Proto, Region, Row, font_size, mean_confidence
from worker.engines.layout.patterns import BULLETS, FOOTNOTE_START_RE, LIST_START_RE, SENTENCE_END, WORD_RE
from worker.engines.layout.thresholds import (
    HEADING_SIZE_RATIO,
    INDENT_EM,
    MAX_BOLD_HEADING_ROWS,
    MAX_BOLD_HEADING_WORDS,
    MAX_HEADING_ROWS,
    PARAGRAPH_EXTRA_EM,
)


def band_row(band: Band) -> Row:
    if len(band) == 1:
        ln = band[0]
        x0, top, x1, bottom = ln.bbox
        size = ln.size
        if size is None or size <= 0:
            size = font_size(ln)
        return Row(ln.text.strip(), x0, top, x1, bottom, size, ln.bold, ln.confidence, ln.words)
    n = sum(len(ln.text) for ln in band) or 1
    return Row(
        text=" ".join(ln.text.strip() for ln in band),
        x0=min(ln.bbox[0] for ln in band),
        top=min(ln.bbox[1] for ln in band),
        x1=max(ln.bbox[2] for ln in band),
        bottom=max(ln.bbox[3] for ln in band),
        size=sum(font_size(ln) * len(ln.text) for ln in band) / n,
        bold=all(ln.bold for ln in band),
        confidence=mean_confidence(band),
        words=[w for ln in band for w in ln.words],
    )


def _pitch(a: Row, b: Row) -> float:
    # Baseline distance without baselines: the smaller of the top and bottom distances,
    # since a superscript raises one line's top and a subscript lowers one line's bottom.
    return min(b.top - a.top, b.bottom - a.bottom)


def line_pitch(flows: list[list[Row]]) -> float:
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


def _heading_kind(row: Row, stats: PageStats) -> bool:
    if row.size >= stats.body * HEADING_SIZE_RATIO and row.size - stats.body >= 1.0:
        return True
    # A short bold line, unless it is a form label ("Due Date:") or a bold list item.
    text = row.text.rstrip()
    return (
        row.bold
        and not stats.body_bold
        and len(text.split()) <= MAX_BOLD_HEADING_WORDS
        and not text.endswith(":")
        and not LIST_START_RE.match(text)
    )


def flow_protos(rows: list[Row], stats: PageStats) -> list[Proto]:
    protos: list[Proto] = []
    cur: Proto | None = None
    prev: Row | None = None
    for row in rows:
        heading = _heading_kind(row, stats)
        is_item = bool(LIST_START_RE.match(row.text)) and not heading
        new_kind: BlockKind = "list_item" if is_item else "paragraph"
        if cur is None or prev is None or _starts_block(cur, prev, row, heading, is_item, stats):
            cur = Proto(kind=new_kind, rows=[row], size=row.size, heading=heading, x0=row.x0, x1=row.x1)
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


def _starts_block(cur: Proto, prev: Row, row: Row, heading: bool, is_item: bool, stats: PageStats) -> bool:
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
    ended = prev.text.rstrip().endswith(SENTENCE_END)
    short_prev = len(cur.rows) >= 2 and prev.x1 < x1 - max(0.25 * (x1 - x0), 3 * size)
    if is_item:
        # A bullet always starts an item; an enumerator at a line start may just be a
        # wrapped sentence ("... see\n2. above"), so also need the previous line to end.
        return cur.kind == "list_item" or ended or short_prev or row.text.lstrip()[:1] in BULLETS
    if cur.kind == "list_item":
        return False  # continuation of the item (hanging indent or not)
    indent = row.x0 - x0
    if INDENT_EM * size <= indent <= 6 * size and prev.x0 - x0 < 0.5 * size:
        return True  # first-line indent of the next paragraph
    return ended and short_prev and abs(indent) < 0.5 * size


def table_proto(region: Region) -> Proto:
    cuts = region.cuts
    ncols = len(cuts) + 1
    rows: list[list[str]] = []
    frags: list[Line] = []
    for band in region.bands:
        cells = [""] * ncols
        for col, lns in (band.cells.get(cuts) or band_cells(band, cuts)).items():
            cells[col] = " ".join(ln.text.strip() for ln in lns)
            frags.extend(
                Line(text=ln.text, bbox=ln.bbox, confidence=ln.confidence, words=ln.words) for ln in lns
            )
        rows.append(cells)
    size = statistics.median(font_size(ln) for b in region.bands for ln in b)
    return Proto(kind="table", rows=[], size=size, table=rows, lines=frags)


def classify(protos: list[Proto], stats: PageStats, height: float, *, allow_title: bool) -> None:
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
            and FOOTNOTE_START_RE.match(p.rows[0].text)
        ):
            p.kind = "footnote"


def _wordy(text: str) -> bool:
    # A title has a word in it; a big account number or amount at the top is not one.
    return WORD_RE.search(text) is not None


def _join_rows(rows: list[Row]) -> str:
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


def to_block(p: Proto) -> Block:
    if p.kind == "table" and p.table is not None:
        return Block(
            kind="table",
            text=table_to_markdown(p.table),
            bbox=p.bbox,
            rows=p.table,
            lines=p.lines or [],
            confidence=mean_confidence(p.lines or []),
            rtl=is_rtl(" ".join(" ".join(row) for row in p.table)),
        )
    text = _join_rows(p.rows)
    return Block(
        kind=p.kind,
        text=text,
        bbox=p.bbox,
        level=p.level if p.kind == "section_header" else 0,
        lines=[r.as_line() for r in p.rows],
        confidence=mean_confidence(p.rows),
        rtl=is_rtl(text),
    )


def running_block(kind: BlockKind, band: Band) -> Block:
    row = band_row(band)
    return Block(
        kind=kind,
        text=row.text,
        bbox=(row.x0, row.top, row.x1, row.bottom),
        lines=[Line(text=ln.text, bbox=ln.bbox, confidence=ln.confidence, words=ln.words) for ln in band],
        confidence=row.confidence,
        rtl=is_rtl(row.text),
    )
