"""Flows that region splitting cut apart, joined again where one column's text goes on
(page.py runs it after :func:`.segment.segment`)."""

from __future__ import annotations

import itertools

from common.documents.results import BBox, is_rtl
from worker.engines.layout.column_floats import runs_past_floats
from worker.engines.layout.model import Band, LayoutLine, PageStats, Region, Row, font_size, make_band
from worker.engines.layout.patterns import LINE_NUMBER_RE, SENTENCE_END
from worker.engines.layout.thresholds import MARKER_GAP_EM, PARAGRAPH_EXTRA_EM, ROW_OVERLAP, SPLIT_GAP_EM

_MAX_BESIDE = 3  # flows beside a column that its text may skip to go back to its first lines


def numbers_into_rows(regions: list[Region]) -> list[Region]:
    """``regions`` with each column of line numbers put back into the rows beside it.

    A form numbers its lines at the left margin ("2", "3", "5a"), and where those lines
    wrap, the numbers stand alone at the margin over several rows: a gutter runs between
    them and the text, and region splitting reads them as a column of their own, ahead of
    the lines they number. A flow of nothing but such numbers, each one on the same row as
    the first piece of a line in another flow, just beside it on the side the line starts
    (as a list marker before its text: right of the number, or left of it for a
    right-to-left line, whose start is its right end), goes back into those lines.
    """
    # id of a band -> the number that goes before it, and whether the band reads from the right
    partners: dict[int, tuple[LayoutLine, bool]] = {}
    drop: set[int] = set()
    for region in regions:
        if region.kind != "flow" or not all(
            len(b) == 1 and LINE_NUMBER_RE.match(b[0].text) for b in region.bands
        ):
            continue
        found = {id(b): _partner(b[0], regions, region) for b in region.bands}
        if any(p is None for p in found.values()):
            continue
        for b in region.bands:
            partner = found[id(b)]
            if partner is not None and id(partner[0]) not in partners:
                partners[id(partner[0])] = (b[0], partner[1])
        drop.add(id(region))
    if not drop:
        return regions
    return [
        Region(r.kind, [_numbered(b, partners) for b in r.bands], r.cuts)
        for r in regions
        if id(r) not in drop
    ]


def _numbered(band: Band, partners: dict[int, tuple[LayoutLine, bool]]) -> Band:
    """``band`` with its line number, if it has one, at the side its text starts: a band's
    lines go left to right, a right-to-left line's number is its rightmost piece."""
    found = partners.get(id(band))
    if found is None:
        return band
    number, rtl = found
    return make_band([*band, number] if rtl else [number, *band])


def hanging_number(row: Row) -> bool:
    """Whether ``row`` opens with a line number set apart from its words, as a form's
    numbered line does ("2      If the organization ..."): the row starts an entry, and
    rows under its words, right of the number, go on with it (blocks.flow_protos)."""
    words = row.words
    if len(words) < 2:
        return False
    # The gap first: a comparison passes over most rows before the pattern is tried. The
    # words go in reading order: a right-to-left row's second word is left of its number.
    first, second = words[0].bbox, words[1].bbox
    gap = second[0] - first[2] if second[0] >= first[0] else first[0] - second[2]
    return gap >= SPLIT_GAP_EM * row.size and LINE_NUMBER_RE.match(words[0].text) is not None


def _partner(number: LayoutLine, regions: list[Region], own: Region) -> tuple[Band, bool] | None:
    """The band of another flow that starts just beside ``number`` on the same row, the
    nearest if several, and whether it reads from the right: its first piece starts right
    of the number, or a right-to-left band's last piece ends left of it."""
    x0, _, x1, _ = number.bbox
    best: tuple[Band, bool] | None = None
    best_gap = MARKER_GAP_EM * font_size(number)
    for region in regions:
        if region is own or region.kind != "flow":
            continue
        for band in region.bands:
            first = band[0]
            gap = first.bbox[0] - x1
            if 0 <= gap <= best_gap and _level(number, first):
                best, best_gap = (band, False), gap
            last = band[-1] if len(band) == 1 else max(band, key=lambda ln: ln.bbox[2])
            gap = x0 - last.bbox[2]
            if 0 <= gap <= best_gap and _level(number, last) and is_rtl(last.text):
                best, best_gap = (band, True), gap
    return best


def _level(a: LayoutLine, b: LayoutLine) -> bool:
    """Whether two lines stand on one row (overlap by ``ROW_OVERLAP`` of the lower)."""
    overlap = min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1])
    return overlap >= ROW_OVERLAP * min(a.bbox[3] - a.bbox[1], b.bbox[3] - b.bbox[1])


def join_flows(regions: list[Region], stats: PageStats) -> list[Region]:
    # Region splitting may cut one column of text into consecutive flows (a single row
    # with a wide gap, a caption peeled off a table). Rejoin flows that continue straight
    # down the same column so that paragraph grouping sees them whole.
    # A column's first lines may also end up in a flow of their own ahead of the text
    # beside them (a two-column section right under a table, whose first row fell in with
    # the table's rows): the rest of that column, further on, goes back to them when all
    # that lies between sits beside it and it follows them at a paragraph's gap at most.
    # So does text that runs on under a table set beside its first lines (a paragraph
    # wrapped around a floating table): the table, above it, sits beside those lines.
    out: list[Region] = []
    for region in regions:
        if region.kind == "flow" and out:
            r_box = _bands_box(region.bands)
            k = len(out) - 1
            above: list[BBox] = []  # tables passed over that end above the text
            passed: list[BBox] = []  # flows passed over, beside the column
            while k >= 0 and len(out) - k <= _MAX_BESIDE + 1:
                prev = out[k]
                adjacent = k == len(out) - 1
                if prev.kind == "flow":
                    p_box = _bands_box(prev.bands)
                    if _goes_down(p_box, r_box, stats, adjacent) and all(
                        b[0] >= p_box[2] or b[2] <= p_box[0] for b in above
                    ):
                        # Text passed over lies beside the column when it runs down
                        # beside its first lines or beside this text; wholly between
                        # the two it is read between them (a party's role, right-aligned
                        # under its name, above the "and" and the next party, centred).
                        # (Line boxes set close overlap a little: a quarter em.)
                        if any(b[1] >= p_box[3] - 0.25 * stats.body for b in passed):
                            k = -1
                            break
                        if passed and _row_of_blocks(p_box, r_box, passed, stats):
                            k = -1
                            break
                        # Past a table, only the paragraph that runs on: what follows
                        # it is read after the table.
                        n = _run_on(prev.bands, region.bands, stats) if above else len(region.bands)
                        prev.bands.extend(region.bands[:n])
                        if n < len(region.bands):
                            out.append(Region("flow", region.bands[n:]))
                        break
                box = _bands_box(prev.bands)
                if not (box[0] >= r_box[2] or box[2] <= r_box[0]):
                    if prev.kind == "table" and box[3] <= r_box[1] + 0.5 * stats.body:
                        above.append(box)
                    else:
                        k = -1  # not beside it: the column's text does not go on above
                elif prev.kind == "flow" and box[3] + 0.8 * stats.body < r_box[1]:
                    # A block beside the column's first lines that ends a blank line
                    # above this text (an invoice's number block beside its letterhead,
                    # "Bill to" under both): the text comes after it, not back up the
                    # column.
                    k = -1
                elif prev.kind == "flow":
                    passed.append(box)
                k -= 1
            else:
                k = -1
            if k >= 0:
                continue
        out.append(Region(region.kind, list(region.bands), region.cuts))
    return [piece for region in out for piece in _blocks_apart(region, stats)]


_MAX_BLOCK_ROWS = 4  # a signature block: a role, a name, a title; not a list of rows
_MAX_BLOCK_CHARS = 40  # a block's line: a role or a name, not a sentence
_BLOCKS_APART_EM = 2.0  # blocks side by side stand at least this far apart (ems)


def _blocks_apart(region: Region, stats: PageStats) -> list[Region]:
    """A flow of short blocks side by side, read column by column: signature blocks
    ("de griffier," over "drs. T.W. Zwemmer", "de voorzitter," over "drs. R. Wever"),
    each line alone in its column, the columns' lines aligned band under band, with the
    space left to sign (a blank line at least) between rows. A blank stripe across the
    rows puts them in sections of their own before the side-by-side reading sees them,
    and joined down the column again they would be read row by row, a role beside the
    other's. Rows set close (a field over its caption) and form rows ("Date: ...") keep
    their row order; a block of figures is a table's."""
    if region.kind != "flow":
        return [region]
    bands = region.bands
    out: list[Region] = []
    start = i = 0
    while i < len(bands):
        j = i + 1
        while j < len(bands) and len(bands[j]) == len(bands[i]) >= 2:
            j += 1
        cols = _block_columns(bands[i:j], stats)
        if cols is None:
            i = j
            continue
        if start < i:
            out.append(Region("flow", bands[start:i]))
        out.extend(Region("flow", [make_band([ln]) for ln in col]) for col in cols)
        start = i = j
    if not out:
        return [region]
    if start < len(bands):
        out.append(Region("flow", bands[start:]))
    return out


def _block_columns(bands: list[Band], stats: PageStats) -> list[list[LayoutLine]] | None:
    """The columns of blocks side by side that ``bands`` are (see _blocks_apart), or None."""
    if not 2 <= len(bands) <= _MAX_BLOCK_ROWS:
        return None
    for band in bands:
        for ln in band:
            text = ln.text.strip()
            if len(text) > _MAX_BLOCK_CHARS or ":" in text or is_rtl(text):
                return None  # a sentence, a form's field, a right-to-left page's order
            if not any(c.isalpha() for c in text):
                return None  # a figure: a table's row
    if max(b.top - a.bottom for a, b in itertools.pairwise(bands)) <= stats.body:
        return None
    rows = [sorted(band, key=lambda ln: ln.bbox[0]) for band in bands]
    cols = [[row[i] for row in rows] for i in range(len(rows[0]))]
    for i, column in enumerate(cols):
        lefts = [ln.bbox[0] for ln in column]
        rights = [ln.bbox[2] for ln in column]
        mids = [(ln.bbox[0] + ln.bbox[2]) / 2 for ln in column]
        if min(max(xs) - min(xs) for xs in (lefts, rights, mids)) > 0.5 * stats.body:
            return None  # neither flush left, flush right nor centred: no block's column
        if i and min(lefts) - max(ln.bbox[2] for ln in cols[i - 1]) < _BLOCKS_APART_EM * stats.body:
            return None  # fields next to each other (a form's), not blocks set apart
    x0 = min(ln.bbox[0] for band in bands for ln in band)
    x1 = max(ln.bbox[2] for band in bands for ln in band)
    for a, b in itertools.pairwise(bands):
        for r in stats.rules:
            if r[3] - r[1] > 0.5 * stats.body and r[1] < b.top and r[3] > a.bottom and x0 <= r[0] <= x1:
                return None  # a box's side between the rows: a form's fields, the gap its boxes
    return cols


def _row_of_blocks(p_box: BBox, r_box: BBox, passed: list[BBox], stats: PageStats) -> bool:
    """Whether the flow at ``p_box`` and those passed over beside it are a row of blocks
    (a paper's authors, name over affiliation), all ending level (what the flow took in
    above them, the title, aside), and the text at ``r_box`` is not the rest of its column
    but a block of the next row: set at another left edge (centred between the blocks
    above), where a column's text goes on at its own."""
    level = 0.5 * stats.body
    return abs(r_box[0] - p_box[0]) > stats.body and all(
        b[1] >= p_box[1] - level and abs(b[3] - p_box[3]) <= level for b in passed
    )


def _run_on(above: list[Band], bands: list[Band], stats: PageStats) -> int:
    """How many of ``bands`` finish the paragraph that ``above`` ends with: up to a gap
    wider than the line spacing of ``above`` (its narrowest) by a paragraph's extra."""
    spacing = min((b.top - a.bottom for a, b in itertools.pairwise(above)), default=0.0)
    limit = max(spacing, 0.0) + PARAGRAPH_EXTRA_EM * stats.body
    for i in range(1, len(bands)):
        if bands[i].top - bands[i - 1].bottom > limit:
            return i
    return len(bands)


def _goes_down(p_box: BBox, r_box: BBox, stats: PageStats, adjacent: bool) -> bool:
    """Whether text in ``r_box`` goes on straight down the column of ``p_box``: below it,
    over half the narrower's width; from further back in reading order, also no more
    than a paragraph's gap below it."""
    overlap = min(p_box[2], r_box[2]) - max(p_box[0], r_box[0])
    narrower = min(p_box[2] - p_box[0], r_box[2] - r_box[0])
    if r_box[1] < p_box[3] - 0.5 * stats.body or overlap < 0.5 * narrower:
        return False
    return adjacent or r_box[1] - p_box[3] <= 2.0 * stats.body


def _bands_box(bands: list[Band]) -> BBox:
    bx = [ln.bbox for band in bands for ln in band]
    return (min(b[0] for b in bx), min(b[1] for b in bx), max(b[2] for b in bx), max(b[3] for b in bx))


_SIDEBAR_LOOKBACK = 8  # regions back in reading order where a column's paragraph may stop
_SIDEBAR_PROSE_ROWS = 3  # a flow beside the column this long, at its size, is a column


def under_sidebar(regions: list[Region], stats: PageStats) -> tuple[list[Region], set[int]]:
    """``regions`` with a paragraph's last lines, set full width under a box beside its
    column, moved to follow the column's flow; and the ids of the regions so moved, whose
    first paragraph ends the column's last one.

    A box floated beside the text (a Wikipedia infobox, a pull quote, a figure with its
    caption) narrows the column beside it; where the box ends, the paragraph's lines run
    on across the full width. Those lines span the box's side too, so region splitting
    reads them after the box, cut off from the sentence they finish. They go back when:
    the first of them starts at the column's left edge, in its size, one line pitch under
    its last line, which ends mid-sentence; and all read between lies wholly beside the
    column, ends above it, and is not running text of the column's size (a second column,
    whose end the full-width text follows). They stay a region of their own: the column's
    paragraphs are told apart at the column's width, not the page's. A paragraph's end
    set under a float at the top of the next column goes back the same way
    (:mod:`.column_floats`)."""
    if len(regions) < 2:
        return regions, set()
    out: list[Region] = []
    moved: set[int] = set()
    for region in regions:
        k = _joins_back(out, region, stats) if region.kind == "flow" and len(out) >= 2 else -1
        j = _outdent(region) if k < 0 and out else 0
        # ... and they run on under the box, reaching across to its side.
        if j and max(ln.bbox[2] for ln in region.bands[j]) > _bands_box(region.bands[:j])[0]:
            # The box and the lines under it joined as one flow (they follow at a flow's
            # spacing): the lines that reach out left of the box are the run-on.
            head = Region("flow", region.bands[:j])
            k = _joins_back([*out, head], Region("flow", region.bands[j:]), stats)
            if k >= 0:
                out.append(head)
                region = Region("flow", region.bands[j:])
        if k < 0:
            out.append(region)
            continue
        n = _run_on(out[k].bands, region.bands, stats)
        tail = Region("flow", region.bands[:n])
        moved.add(id(tail))
        out.insert(k + 1, tail)
        if n < len(region.bands):
            out.append(Region("flow", region.bands[n:]))
    # So do a column's last lines set under a float at the top of the next column.
    out, past = runs_past_floats(out, stats)
    return out, moved | past


def _joins_back(out: list[Region], region: Region, stats: PageStats) -> int:
    """The index in ``out`` of the column flow whose paragraph ``region`` finishes, or -1."""
    first = region.bands[0]
    size = font_size(first[0])
    left = min(ln.bbox[0] for ln in first)
    for k in range(len(out) - 2, max(-1, len(out) - 2 - _SIDEBAR_LOOKBACK), -1):
        prev = out[k]
        if prev.kind != "flow" or len(prev.bands) < 2:
            continue
        last = prev.bands[-1]
        if abs(min(ln.bbox[0] for ln in last) - left) > 0.25 * size:
            continue
        # Cheap tests first: the size, the pitch, the column's open sentence.
        if abs(font_size(last[0]) - size) > 0.1 * size:
            return -1
        pitch = last.top - prev.bands[-2].top
        if pitch <= 0 or abs(first.top - last.top - pitch) > 0.2 * pitch:
            return -1
        if last[-1].text.rstrip().endswith(SENTENCE_END):
            return -1
        # The column beside the box: a title over both is no part of it. (A line or two
        # beside it are no column: a form's row beside the next field.)
        side_top = min(_bands_box(r.bands)[1] for r in out[k + 1 :])
        beside = [b for b in prev.bands if b.bottom > side_top]
        col = _bands_box(beside if len(beside) >= _SIDEBAR_PROSE_ROWS else prev.bands)
        # A box with a title of its own (set larger than the column) is a sidebar however
        # much text of the column's size it holds: a second column, which the column's
        # open sentence runs into, begins with that sentence's end, no heading.
        titled = _titled(out[k + 1], size)
        if not all(_sidebar_part(r, col, first.top, size, titled) for r in out[k + 1 :]):
            return -1
        return k
    return -1


def _sidebar_part(region: Region, col: BBox, top: float, size: float, titled: bool) -> bool:
    """Whether ``region`` lies beside the column ``col`` (not over or under it), ends
    above ``top``, and is no column of running text in the column's size (unless the
    box beside is ``titled``)."""
    box = _bands_box(region.bands)
    if not (box[0] >= col[2] or box[2] <= col[0]) or box[3] > top:
        return False
    if region.kind == "table" or titled:
        return True
    same = sum(abs(font_size(b[0]) - size) <= 0.1 * size for b in region.bands)
    return same < _SIDEBAR_PROSE_ROWS


_TITLE_RATIO = 1.05  # a box's title is set this much larger than the column's text


def _titled(region: Region, size: float) -> bool:
    """Whether ``region`` begins with a line set larger than ``size`` (a box's title)."""
    return region.kind == "flow" and font_size(region.bands[0][0]) >= _TITLE_RATIO * size


def _outdent(region: Region) -> int:
    """The first band of the flow ``region`` that starts an em or more left of all its
    bands above (0 if none): where a box's text ends and full-width lines go on."""
    if region.kind != "flow" or len(region.bands) < 2:
        return 0
    left = min(ln.bbox[0] for ln in region.bands[0])
    for j in range(1, len(region.bands)):
        band = region.bands[j]
        x0 = min(ln.bbox[0] for ln in band)
        if x0 <= left - font_size(band[0]):
            return j
        left = min(left, x0)
    return 0
