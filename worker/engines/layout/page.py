"""A page's lines to its blocks: the layout's stages in the order they run."""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

from common.documents.results import BBox, Block
from worker.engines.layout.blocks import (
    classify,
    flow_protos,
    page_compounds,
    running_block,
    to_block,
    unlist_running_numbers,
)
from worker.engines.layout.column_sets import ruled_columns
from worker.engines.layout.flow_rows import band_row, line_pitch
from worker.engines.layout.flows import join_flows, numbers_into_rows, under_sidebar
from worker.engines.layout.frames import framed_boxes, run_on_boxes
from worker.engines.layout.grids import Rule, ruled_tables
from worker.engines.layout.header_grids import join_header_grids
from worker.engines.layout.initials import drop_caps
from worker.engines.layout.line_cuts import fixed_pitch, split_at_gaps, split_at_gutters
from worker.engines.layout.margin_column import beside_table, margin_column
from worker.engines.layout.model import Band, LayoutLine, Proto, font_size
from worker.engines.layout.note_order import (
    after_beside,
    after_body,
    margin_beside,
    notes_after_body,
    side_notes_after_text,
)
from worker.engines.layout.patterns import BOXES
from worker.engines.layout.rows import page_stats, to_bands
from worker.engines.layout.running import running_bands
from worker.engines.layout.segment import segment
from worker.engines.layout.spreads import mirrored_running, split_rules, spread_halves
from worker.engines.layout.tables import table_grid

# A ruled table this wide a share of the text's width is full-width content.
_WIDE_TABLE = 0.6
# A checkbox this far (in ems) after the word before it, and nearer the word after it
# (by this share of the gap before it), starts an option of its own: a word space is
# about a quarter of an em. A box about as far from both is a field's, read in place.
_OPTION_GAP_EM = 0.5
_OPTION_NEARER = 5 / 6


def layout_lines(
    lines: Sequence[LayoutLine],
    width: float,
    height: float,
    *,
    allow_title: bool = True,
    rules: Sequence[Rule] = (),
) -> list[Block]:
    """Blocks in reading order from text lines anywhere on a ``width`` x ``height`` page.

    ``allow_title``: whether the page may have a document title (the caller passes True
    for the first page only). ``rules``: the page's drawn rules (a PDF text layer's),
    which make the tables they draw (:mod:`.grids`). Two pages printed side by side on
    a landscape sheet are laid out as two pages, the left one first (:mod:`.spreads`).
    """
    halves = spread_halves(lines, rules, width, height)
    if halves is not None:
        left_rules, right_rules = split_rules(rules, width / 2)
        left = layout_lines(halves[0], width, height, allow_title=allow_title, rules=left_rules)
        # One title to a document: the right page's statement heading is a section's.
        right = layout_lines(halves[1], width, height, allow_title=False, rules=right_rules)
        return mirrored_running(left, right, height)
    lines = drop_caps(list(lines))
    monospaced = fixed_pitch(lines)
    lines = [
        part
        for ln in lines
        if ln.text.strip()
        for piece in split_at_gaps(ln, monospaced)
        # (_options_apart's first test, here: most lines hold no box)
        for part in ((piece,) if _BOX_CHARS.isdisjoint(piece.text) else _options_apart(piece))
    ]
    # A narrow column of labels over values in the left margin (margin_column.py): laid
    # out on its own and read after the body.
    margin: list[Block] = []
    apart = margin_column(lines)
    if apart is not None:
        margin = layout_lines(apart[0], width, height, allow_title=False)
        lines = apart[1]
    ruled: list[Proto] = []
    everything = lines
    if rules:
        ruled, lines = ruled_tables(lines, rules)
        # A sidebar beside a table down the page's height, read after it (margin_column.py);
        # a line set sideways down its edge is its label, read first.
        grids = [t.bbox for t in ruled if t.kind == "table"]
        side = None if margin else beside_table(lines, everything, grids)
        if side is not None:
            for part in ([ln for ln in side[0] if ln.turned], [ln for ln in side[0] if not ln.turned]):
                margin += layout_lines(part, width, height, allow_title=False) if part else []
            lines = side[1]
    boxes = framed_boxes(lines, rules) if rules else []
    if boxes:
        taken = {id(ln) for _, inside in boxes for ln in inside}
        lines = [ln for ln in lines if id(ln) not in taken]
    # Boxes beside text that runs on under them (frames.py): laid out with the page, the
    # text's paragraphs told apart at its column's width and finished under the box
    # (flows.under_sidebar), then read after the body.
    sidebars = run_on_boxes(lines, rules) if rules else []
    if not lines:
        blocks = [to_block(p) for p in ruled]
        if margin:
            margin_beside(blocks, margin)
        return blocks
    # The body size is where most of the page's text is: in its ruled tables too, when
    # they hold more lines than the rest (a heading over a grid is no body text).
    stats = page_stats(lines if len(lines) * 2 >= len(everything) else everything)
    stats.rules = list(rules)
    bands = split_at_gutters(to_bands(lines, stats), stats)
    # The framed boxes laid out apart are the page's body too (a page whose body is a
    # framed pair of columns still has its footer).
    spans = [(t.bbox[1], t.bbox[3]) for t in ruled] + [
        (min(ln.bbox[1] for ln in inside), max(ln.bbox[3] for ln in inside)) for _, inside in boxes
    ]
    head, bands, foot = running_bands(bands, stats, height, spans)

    # Columns a rule divides stay apart, whatever their rows' gaps (column_sets.py).
    sections = [
        part for sec in _beside_tables(bands, ruled, everything) for part in ruled_columns(sec, stats)
    ]
    regions = join_flows(numbers_into_rows([r for sec in sections for r in segment(sec, stats, 0)]), stats)
    regions, run_on = under_sidebar(regions, stats)
    flows = {id(r): [band_row(b) for b in r.bands] for r in regions if r.kind == "flow"}
    stats.pitch = line_pitch(list(flows.values()))

    protos: list[Proto] = []
    for region in regions:
        if region.kind == "table":
            # (stats.rules: the same rules, the list the table tests read, so that
            # ruled_rows.rule_heights sorts them once)
            protos.append(table_grid(region, stats.rules))
        else:
            made = flow_protos(flows[id(region)], stats)
            if id(region) in run_on and made and protos:
                _finish_paragraph(protos[-1], made)
            protos.extend(made)
    _place_ruled(protos, ruled)
    protos = join_header_grids(protos, ruled)
    unlist_running_numbers(protos)
    classify(protos, stats, height, allow_title=allow_title)
    protos = notes_after_body(protos)
    if stats.side_notes:
        protos = side_notes_after_text(protos, stats.side_notes)

    compounds = page_compounds(protos)
    body = [to_block(p, compounds) for p in protos]
    for frame, inside in boxes:
        after_beside(body, frame, layout_lines(inside, width, height, allow_title=False))
    for frame in sidebars:
        after_body(body, frame)
    if margin:
        margin_beside(body, margin)
    blocks = [running_block("page_header", b) for b in head]
    blocks += body
    blocks += [running_block("page_footer", b) for b in foot]
    return blocks


_BOX_CHARS = frozenset(BOXES)


def _options_apart(ln: LayoutLine) -> list[LayoutLine]:
    """A line cut before each checkbox inside it that belongs to the words after it: set
    apart from the word before it by more than a word space, and nearer to its label
    than to that word. A field's label with an option box after it ("9. E-MAIL ADDRESS
    ☐ I agree to ...") or two options a little apart ("☐ OFFICER ☐ SIGNER") are read as
    one line when their gaps are under a column's; the option is an item of its own. A
    box after its label ("Yes ☐ No ☐") lies nearer the word before it and stays."""
    words = ln.words
    if len(words) < 3 or _BOX_CHARS.isdisjoint(ln.text):  # most lines: no box (one C scan)
        return [ln]
    if " ".join(w.text for w in words) != " ".join(ln.text.split()):
        return [ln]  # only words that spell the line's text can say where to cut it
    size = ln.size if ln.size is not None and ln.size > 0 else font_size(ln)
    cuts = [
        i
        for i in range(1, len(words) - 1)
        if words[i].text in BOXES
        and (before := words[i].bbox[0] - words[i - 1].bbox[2]) >= _OPTION_GAP_EM * size
        and words[i + 1].bbox[0] - words[i].bbox[2] <= _OPTION_NEARER * before
    ]
    if not cuts:
        return [ln]
    pieces = []
    for start, end in zip([0, *cuts], [*cuts, len(words)], strict=True):
        part = words[start:end]
        box = (part[0].bbox[0], ln.bbox[1], part[-1].bbox[2], ln.bbox[3])
        text = " ".join(w.text for w in part)
        pieces.append(LayoutLine(text, box, ln.size, ln.bold, ln.confidence, part))
    return pieces


def _finish_paragraph(last: Proto, made: list[Proto]) -> None:
    """The lines that run on under a box beside their column (flows.under_sidebar): the
    first paragraph of ``made`` ends ``last``, the column's last paragraph."""
    if last.kind == made[0].kind == "paragraph":
        last.rows.extend(made.pop(0).rows)


def _beside_tables(bands: list[Band], tables: list[Proto], lines: list[LayoutLine]) -> list[list[Band]]:
    """The bands in sections read one after the other: above, beside and below each wide
    ruled table that has text beside it.

    A ruled table is taken out of the page before the flow layout, and its blank place
    leaves a false gutter: text above it and text beside it (an address box over the
    table, a cell the grid did not take) would be read as two columns running down past
    it. A table across most of the text's width is full-width content: what lies above
    it is read before it, what lies beside it with it, what lies below it after it.
    """
    if not tables or len(bands) < 2:
        return [bands]
    left = min(ln.bbox[0] for ln in lines)
    right = max(ln.bbox[2] for ln in lines)
    mids = [(b.top + b.bottom) / 2 for b in bands]
    cuts: list[float] = []
    for t in tables:
        x0, top, x1, bottom = t.bbox
        if x1 - x0 >= _WIDE_TABLE * (right - left) and any(top < m < bottom for m in mids):
            cuts += [top, bottom]
    if not cuts:
        return [bands]
    cuts.sort()
    groups: dict[int, list[Band]] = {}
    for band, mid in zip(bands, mids, strict=True):
        groups.setdefault(bisect.bisect_right(cuts, mid), []).append(band)
    return [groups[k] for k in sorted(groups)]


def _place_ruled(protos: list[Proto], ruled: list[Proto]) -> None:
    """Put the ruled tables into the reading order of the blocks around them
    (:func:`_place`). A boxed form's blocks (boxed_forms.form_protos: a form drawn as a
    grid, read cell by cell) come in reading order and follow one another: only the first
    is placed by its box, each next one goes right after the one before. Placed by its own
    top, a tall cell's question would go after the first line of the short cell beside it
    ("3. HAVE YOU EVER FILED" with its options, then "4. VA FILE NUMBER")."""
    last: Proto | None = None
    boxes = [t.bbox for t in ruled]
    for table in ruled:
        if (
            last is not None
            and table.kind != "table"
            and last.kind != "table"
            and not _between(protos, last, table)
        ):
            at = next(i for i, p in enumerate(protos) if p is last)
            protos.insert(at + 1, table)
        else:
            _place(protos, table, boxes)
        last = table


def _between(protos: list[Proto], last: Proto, table: Proto) -> bool:
    """Whether a block of the text lies wholly under ``last`` and over ``table``: a grid's
    full-width row left to the text (a heading over a section read cell by cell) is read
    between the sections, not after them."""
    low, high = last.bbox[3], table.bbox[1]
    return any(low - 1.0 <= p.bbox[1] and p.bbox[3] <= high + 1.0 for p in protos)


def _place(protos: list[Proto], table: Proto, ruled: Sequence[BBox] = ()) -> None:
    """Put a ruled table into the reading order of the blocks around it: before the first
    block that starts at or below its top, unless that block lies wholly to its left (the
    paragraph beside a table is read first, as is a left column beside it) and starts
    above its bottom (a block under it is not beside it, unless the column it is in runs
    down beside the table and on: :func:`_column_beside`). A block wholly right of it
    whose first line reaches a little above its top rule starts at its top. A table in
    the right column of two is read in that column (:func:`_in_right_column`).
    ``ruled``: the boxes of all the page's ruled tables, placed yet or not."""
    x0, top, x1, bottom = table.bbox
    slot = _in_right_column(protos, table.bbox, ruled)
    if slot is not None:
        protos.insert(slot, table)
        return
    column = _column_beside(protos, x0, top, bottom)
    for i, p in enumerate(protos):
        bx0, btop, bx1, bbottom = p.bbox
        # A block wholly right of the table whose first line stands level with its top
        # rule, a little above it (a VAT summary's "Paid / Due / Total" lines beside it)
        # is beside it: read after it, as a left block is read first.
        level = bx0 >= x1 and btop >= top - p.size and bbottom > top
        if (btop >= top - 1.0 or level) and (bx1 > x0 or (btop >= bottom and id(p) not in column)):
            protos.insert(i, table)
            return
    protos.append(table)


def _in_right_column(protos: list[Proto], box: BBox, ruled: Sequence[BBox] = ()) -> int | None:
    """Where a table in the right column of two goes: among its column's blocks, after
    those above it and before the first at or under its top; None when it is in no such
    column.

    The columns are read one after the other, the left one first: a left column that
    runs on past the table's foot is read wholly before the table, whose place is in
    the right column's flow (a ruled table at the head of a form's instructions' second
    column). Two columns: a block wholly left of the table is read before a block of the
    table's column that lies beside it; the table's column holds the blocks that start
    right of every block left of the table.

    The columns end at the first block under the table that reaches across from the
    left column to the table's (:func:`_columns_end`): what lies under it is no part of
    either. (A receipt's number and date grids at the top right, beside its letterhead,
    over full-width tables of charges: the signature lines level at the foot of the page
    are no columns that the grids head.)"""
    x0, top, x1, bottom = box
    end = _columns_end(protos, box, ruled)
    lefts = [i for i, p in enumerate(protos) if p.bbox[2] <= x0 + 1.0 and p.bbox[1] < end]
    if not lefts or not any(protos[i].bbox[1] >= bottom for i in lefts):
        return None
    gutter = max(protos[i].bbox[2] for i in lefts)
    mates = [i for i, p in enumerate(protos) if gutter <= p.bbox[0] < x1 and p.bbox[1] < end]
    side_by_side = any(
        j < i and protos[j].bbox[1] < protos[i].bbox[3] and protos[i].bbox[1] < protos[j].bbox[3]
        for i in mates
        for j in lefts
    )
    if not mates or not side_by_side:
        return None
    under = [i for i in mates if protos[i].bbox[1] >= top - 1.0]
    return under[0] if under else max(mates) + 1


def _columns_end(protos: list[Proto], box: BBox, ruled: Sequence[BBox]) -> float:
    """The top of the first line or table under a table that reaches across from the text
    left of it to the table's column, the ruled tables not placed yet among them (the
    tables are placed from the top down); infinity when there is none. Across means
    starting left of the right edge of the text beside or above the table (the left
    column's width there) and ending right of the table's left edge: a table set in
    from its column's edge leaves that column's text, which starts right of the left
    column, in it. A paragraph's lines, not its box, tell: one that runs on from the
    foot of the left column to the head of the right spans both but crosses neither."""
    x0, _, _, bottom = box
    edge = max((p.bbox[2] for p in protos if p.bbox[2] <= x0 + 1.0 and p.bbox[1] < bottom), default=x0)
    spans = [(r.x0, r.top, r.x1) for p in protos for r in p.rows]
    spans += [(b[0], b[1], b[2]) for b in [*(p.bbox for p in protos if not p.rows), *ruled]]
    across = [top for bx0, top, bx1 in spans if top >= bottom - 1.0 and bx0 < edge - 1.0 and bx1 > x0 + 1.0]
    return min(across, default=math.inf)


def _column_beside(protos: list[Proto], x0: float, top: float, bottom: float) -> set[int]:
    """The blocks of a column of text left of a table that runs down beside it and on
    below it: each starts at the left edge of the one above, within a line and a half of
    its foot (a rate sheet's terms beside its small table). They are read on."""
    column: set[int] = set()
    last: Proto | None = None
    for q in protos:
        qx0, qtop, qx1, qbottom = q.bbox
        if qx1 > x0:
            continue
        beside = qtop < bottom and qbottom > top
        runs_on = (
            last is not None
            and qtop >= bottom
            and abs(qx0 - last.bbox[0]) <= 2.0
            and qtop - last.bbox[3] <= 1.5 * max(q.size, last.size)
        )
        if beside or runs_on:
            column.add(id(q))
            last = q
    return column
