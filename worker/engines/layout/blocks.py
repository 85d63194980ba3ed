"""Regions to blocks: a flow's rows to paragraphs, headings and list items (a table's cells
to its grid are table_cells.py's). Whether a block is a heading, and what needs the whole
page (title, heading levels, footnotes), is headings.py's; what starts like an item but is
none, not_items.py's; a flow's bands as rows, and their pitch, flow_rows.py's."""

from __future__ import annotations

import re

from common.documents.results import Block, BlockKind, Line, is_rtl, table_to_markdown
from worker.engines.layout.flow_rows import band_row, row_pitch
from worker.engines.layout.flows import hanging_number
from worker.engines.layout.form_rows import cell_rows

# page.py takes the page-wide stages from here, with the others.
from worker.engines.layout.headings import classify as classify
from worker.engines.layout.headings import is_heading, join_rows
from worker.engines.layout.label_lines import label_entry, label_line, under_label
from worker.engines.layout.model import Band, PageStats, Proto, Row, mean_confidence
from worker.engines.layout.not_headings import large_print, unhead_bold_runs
from worker.engines.layout.not_items import unlist_paragraphs
from worker.engines.layout.not_items import unlist_running_numbers as unlist_running_numbers
from worker.engines.layout.patterns import (
    BOXES,
    GLYPH_MARKER_RE,
    SENTENCE_END,
    compounds_in,
    lettered_items,
    list_mark,
    numeral_items,
)
from worker.engines.layout.rows import dinkus, o_bullet, split_options, starts_right
from worker.engines.layout.thresholds import (
    ESTIMATED_SIZE_SLACK,
    FORCED_BREAK_EM,
    INDENT_EM,
    LIST_NEST_EM,
    PARAGRAPH_EXTRA_EM,
)
from worker.engines.layout.trailing_boxes import boxed_last, boxes_first

# An item's wrapped line starts at most this many ems right of its first line's words.
_HANG_PAST_EM = 1.5


def flow_protos(rows: list[Row], stats: PageStats) -> list[Proto]:
    if not rows:
        return []
    body = stats.body
    for row in rows:
        # OCR sizes scatter around the body size: snapped to it, they neither break a
        # paragraph at every line nor make a line with tall letters a heading.
        if row.estimated and body / ESTIMATED_SIZE_SLACK <= row.size <= body * ESTIMATED_SIZE_SLACK:
            row.size = body
    left, right = rows[0].x0, rows[0].x1
    options = trailing = False
    for r in rows:
        if r.x0 < left:
            left = r.x0
        if r.x1 > right:
            right = r.x1
        if r.text[:1] in BOXES:
            options = True
        elif boxed_last(r):
            trailing = True
    if trailing:
        # Boxes after their labels: put first, as boxes before labels are (trailing_boxes.py).
        rows = boxes_first(rows, right, stats.pitch)
        options = True
    if options:
        rows = [piece for r in rows for piece in split_options(r)]
    edges = (left, right)
    protos: list[Proto] = []
    cur: Proto | None = None
    prev: Row | None = None
    numerals = numeral_items(rows, body)
    lettered = lettered_items(rows)
    item: Proto | None = None  # the flow's last list item
    label: Row | None = None  # a label line that the block's lines are indented under
    for i, row in enumerate(rows):
        mark = "" if dinkus(row.text) else list_mark(row.text)
        if not mark and i in numerals:
            mark = "numeral"
        elif not mark and i in lettered:
            mark = "ordered"
        if not mark and row.text.startswith("o ") and _in_list(cur, item) and o_bullet(row):
            mark = "bullet"
        # An entry under a label line starts a block of its own, whatever its lines' ends.
        entry = (
            label is not None and cur is not None and prev is not None and label_entry(cur, prev, row, mark)
        )
        if cur is None or prev is None or entry or _starts_block(cur, prev, row, mark, stats, edges):
            if not entry:
                label = prev if prev is not None and under_label(prev, row) else None
            kind: BlockKind = "list_item" if mark else "paragraph"
            cur = Proto(kind=kind, rows=[row], size=row.size, x0=row.x0, x1=row.x1, mark=mark)
            cur.rtl = starts_right(row, mark)
            protos.append(cur)
            if mark:
                item = cur
        else:
            cur.rows.append(row)
            cur.x0, cur.x1 = min(cur.x0, row.x0), max(cur.x1, row.x1)
        prev = row
    unlist_paragraphs(protos, left, right)
    for i, p in enumerate(protos):
        p.heading = is_heading(p, stats, protos[i + 1] if i + 1 < len(protos) else None)
    unhead_bold_runs(protos)
    _lists(protos, edges)
    return protos


def _in_list(cur: Proto | None, item: Proto | None) -> bool:
    """Whether ``cur`` is in a list: an item, or a paragraph of the last item (``item``),
    indented under its text (an item's second paragraph, after which its sub-items go on)."""
    if cur is None or item is None:
        return False
    if cur is item or cur.kind == "list_item":
        return True
    return not cur.rtl and not item.rtl and cur.x0 > item.x0 + 0.5 * cur.size


def _hangs(first: Row, row: Row, size: float) -> bool:
    """Whether ``row`` starts under the words after ``first``'s list marker: the item's
    hanging indent. The indent may lie a little right of the first line's words, whose
    marker the page sets at a tab short of it ("b. gelegen ..." over "1 van het ..."
    two ems in): right of the marker, and at most this many ems past its words."""
    words = first.words
    if len(words) < 2:
        return False
    return words[0].bbox[2] < row.x0 <= words[1].bbox[0] + _HANG_PAST_EM * size or (
        abs(row.x0 - words[1].bbox[0]) <= 0.5 * size
    )


def _starts_block(
    cur: Proto, prev: Row, row: Row, mark: str, stats: PageStats, edges: tuple[float, float]
) -> bool:
    size = max(prev.size, row.size)
    pitch = row_pitch(prev, row)
    if pitch > (stats.pitch + PARAGRAPH_EXTRA_EM) * size or pitch < 0.3 * size:
        return True  # a blank line, or a row that is not below the previous one
    # A change of style starts a block: headings are then decided per block, whole. A
    # block whose bold run-in head went on in regular weight keeps that weight (``ref``).
    first = cur.rows[0]
    ref = prev if prev.bold != first.bold else first
    large = large_print(first, stats)
    if row.bold != ref.bold or large_print(row, stats) != large:
        return not _runs_in(cur, prev, row, stats, edges)
    x0, x1 = cur.x0, cur.x1
    if row.x0 > x1 or row.x1 < x0:
        return True  # side by side, not below: a separate block (a sender name beside an address)
    # A bullet, a checkbox, a form's line number start an item; a dinkus stands alone; a
    # form's rows, each with its cells, are a line each. Cheapest first: each test reads
    # a row's first character or words, the cell test all of two rows' word gaps.
    if (
        (mark and mark != "ordered")
        or dinkus(row.text)
        or dinkus(prev.text)
        or hanging_number(row)
        or cell_rows(prev, row)
    ):
        return True
    rtl = cur.rtl
    # A justified item's wrapped line, hung under its words, ends where the marker's line
    # does, as a flush-right stack's lines do: the hang says which.
    hung = cur.kind == "list_item" and _hangs(first, row, size)
    if not rtl and not hung and _flush_right(prev, row, edges, size):
        return True
    # Where lines start and end, measured from the side they start on: a right-to-left
    # block starts its lines at the right (its indents there, its ragged edge at the left).
    if rtl:
        lead, tail, p_lead, p_tail, r_lead, f_lead = -x1, -x0, -prev.x1, -prev.x0, -row.x1, -first.x1
    else:
        lead, tail, p_lead, p_tail, r_lead, f_lead = x0, x1, prev.x0, prev.x1, row.x0, first.x0
    # (A right-to-left label given in visual order, ":X", ends at its colon too.)
    ended = prev.text.rstrip().endswith(SENTENCE_END) or (rtl and prev.text.startswith(":"))
    if ended and not rtl and label_line(row) and not prev.text.rstrip().endswith((":", ";")):
        return True  # a label line after a sentence's end (not a label's: "Celkem:" / "Total:")
    short_prev = len(cur.rows) >= 2 and p_tail < tail - max(0.25 * (tail - lead), 3 * size)
    if mark:
        forced = _forced_break(prev, row, edges, size, rtl)
        # An enumerator at a line start may just be a wrapped sentence ("... see\n2. above"),
        # so also need the previous line to end. In an item that is so where the line
        # goes on under the item's words, not at its marker, after a line that ran to
        # the edge mid-sentence ("... the provisions in Section" / "4. (b.) Upon ..."):
        # a sub-item there follows a line that ended ("... as follows:").
        if (
            cur.kind == "list_item"
            and mark == "ordered"
            and hung
            and not (rtl or ended or short_prev or forced)
        ):
            return False
        return cur.kind == "list_item" or ended or short_prev or forced
    if large or (ref.bold and not stats.body_bold):
        # Heading print: a multi-line heading keeps one size, a different size is the next
        # one, and a sentence's full stop ends a bold paragraph.
        return abs(row.size - cur.size) > 0.08 * cur.size or prev.text.rstrip().endswith(".")
    if abs(row.size - cur.size) > 0.15 * cur.size:
        return True
    if hanging_number(first) and r_lead > f_lead + 0.5 * size:
        return ended and _forced_break(prev, row, edges, size, rtl)  # under the entry's words
    if cur.kind == "list_item":
        if r_lead > f_lead + 0.5 * size:
            # The item's hanging indent: it goes on, unless its sentence ended with room
            # left on the line for this one's first word (the paragraph after a list whose
            # markers hang outside the text, as right-to-left lists' do).
            return ended and _forced_break(prev, row, edges, size, rtl)
        # Back at the marker: the item wraps there, unless its line ended early before a line
        # that starts like a sentence (one in lower case goes on: "... the fees / paid in");
        # a sentence's end, then a line left of the marker, is the paragraph after the list.
        return (_forced_break(prev, row, edges, size, rtl) and (ended or not row.text[:1].islower())) or (
            ended and (short_prev or r_lead < f_lead - 0.2 * size)
        )
    indent = r_lead - lead
    if INDENT_EM * size <= indent <= 6 * size and p_lead - lead < 0.5 * size:
        return True  # first-line indent of the next paragraph
    if ended and short_prev and abs(indent) < 0.5 * size:
        return True
    # A line that ends with room for the next line's first word was broken on purpose; a
    # reader starts again there when the next line starts like a sentence (a capital).
    return _forced_break(prev, row, edges, size, rtl) and (
        ended or row.text[:1].isupper() or row.text[:1].isdigit()
    )


def _runs_in(cur: Proto, prev: Row, row: Row, stats: PageStats, edges: tuple[float, float]) -> bool:
    """Whether the regular-weight ``row`` goes on with the bold line ``prev``: a bold run-in
    head that fills a lettered or indented paragraph's first line ("c. Partnership, LLC
    that is not a single-member LLC, C") and ends on the next one, where the paragraph
    goes on in regular weight ("corporation, or S corporation. Enter the entity's name").
    The bold line runs to the text's edge with no sentence ended (a heading's last line
    ends short, or the heading goes on in bold), the next one follows at its size, and
    the block opened as a paragraph does, with its number or letter or an indent."""
    size = max(prev.size, row.size)
    first = cur.rows[0]
    opens = cur.mark == "ordered" or (first.x0 - row.x0 >= INDENT_EM * size and not cur.rtl)
    return (
        opens
        and prev.bold
        and not row.bold
        and not stats.body_bold
        and not large_print(prev, stats)
        and not large_print(row, stats)
        and abs(row.size - prev.size) <= 0.08 * size
        and not prev.text.rstrip().endswith(SENTENCE_END)
        and not _forced_break(prev, row, edges, size, cur.rtl)
    )


def _forced_break(prev: Row, row: Row, edges: tuple[float, float], size: float, rtl: bool) -> bool:
    """Whether ``prev`` ends with room for ``row``'s first word: the line was broken on purpose."""
    # Right-to-left text is ragged on the left, and its first word is the rightmost.
    free = prev.x0 - edges[0] if rtl else edges[1] - prev.x1
    if free < 2 * size:
        return False  # the common case: a wrapped line runs (nearly) to the edge
    if row.words:
        box = row.words[-1 if rtl else 0].bbox
        need = box[2] - box[0]
    else:
        first = row.text.split(maxsplit=1)
        need = 0.5 * size * len(first[0]) if first else 0.0
    return free > need + FORCED_BREAK_EM * size


def _flush_right(prev: Row, row: Row, edges: tuple[float, float], size: float) -> bool:
    """Whether ``prev`` and ``row`` are set flush right, ragged on the left: an invoice's
    "LABEL: value" fields at the page's top right, a right-hand address, a date line.
    Text set so in a left-to-right page is a stack of lines, each a line of its own, not
    prose wrapped (prose is set flush left or justified). Both end at the right edge and
    start apart from each other and from the left edge: not a justified paragraph's
    indented first line over its second, nor a hanging indent's (at most six ems in,
    the other line at the left edge)."""
    right = edges[1] - 0.5 * size
    if prev.x1 < right or row.x1 < right or abs(prev.x0 - row.x0) <= size:
        return False
    inner, outer = sorted((prev.x0 - edges[0], row.x0 - edges[0]))
    return inner > 0.5 * size or outer > 6 * size


def _lists(protos: list[Proto], edges: tuple[float, float]) -> None:
    """Nesting of list items by their marker's indent, and which ticks are checkboxes.

    A tick or a filled square is a ticked checkbox where the same flow has checkboxes, and
    a bullet in a list of its own.
    """
    boxes = False
    for p in protos:
        if p.mark == "open" or p.mark == "checked":
            boxes = True
    stack: list[float] = []  # the marker's x of each open nesting level
    last: Proto | None = None  # the item before
    for p in protos:
        if p.heading or p.kind != "list_item":
            # A paragraph indented under a list belongs to an item; anything else ends the list.
            if not stack or (-p.x1 if p.rtl else p.x0) <= stack[0] + LIST_NEST_EM * p.size:
                stack = []
            last = None
            continue
        if p.mark == "open":
            p.checked = False
        elif p.mark == "checked" or (p.mark == "tick" and boxes):
            p.checked = True
        if last is not None and p.rows[0].top == last.rows[-1].top:
            p.depth = last.depth  # beside the item before, on its line: options of one question
            last = p
            continue
        last = p
        row, tol = p.rows[0], LIST_NEST_EM * p.size
        if p.rtl and row.x0 - edges[0] < tol and edges[1] - row.x1 > 2 * p.size:
            # A right-to-left item set flush left: where it starts is ragged, no indent.
            p.depth = len(stack) - 1 if stack else 0
            continue
        x = -row.x1 if p.rtl else row.x0
        while stack and x < stack[-1] - tol:
            stack.pop()
        if not stack or x > stack[-1] + tol:
            stack.append(x)
        p.depth = len(stack) - 1


def page_compounds(protos: list[Proto]) -> frozenset[str]:
    """The hyphenated compounds the page writes inside its lines and cells, where one of
    its blocks breaks a line at a hyphen (most pages: none, and nothing is read)."""
    if not any(r.text.endswith("-") for p in protos for r in p.rows):
        return frozenset()
    texts = [r.text for p in protos for r in p.rows]
    texts += [cell for p in protos if p.table is not None for row in p.table for cell in row]
    return compounds_in(texts)


def to_block(p: Proto, compounds: frozenset[str] = frozenset()) -> Block:
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
    text = join_rows(p.rows, compounds)
    level = p.level if p.kind == "section_header" else 0
    checked = None
    if p.kind == "list_item":
        level, checked = p.depth, p.checked
        if p.mark == "numeral":
            # A bare number set apart is the item's enumerator: Markdown's "1." says so.
            # One flush against the item's words (a verse number run into its first word) stays as printed
            # in the text; the Markdown writer enumerates it (list_item_markdown).
            text = re.sub(r"^(\d+)\s+", r"\1. ", text, count=1)
        elif p.mark != "ordered":
            # A bullet or a box is the item's marker, not its content (an enumerator is:
            # step 3 of an instruction says "3.").
            text = text[2:] if text.startswith("o ") else GLYPH_MARKER_RE.sub("", text, count=1) or text
    return Block(
        kind=p.kind,
        text=text,
        bbox=p.bbox,
        level=level,
        lines=[r.as_line() for r in p.rows],
        confidence=mean_confidence(p.rows),
        rtl=is_rtl(text),
        checked=checked,
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
