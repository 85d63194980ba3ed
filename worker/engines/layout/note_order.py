"""Where blocks set apart from the running text go in a page's reading order (page.py):
framed boxes beside the text, sidebars that the text runs on under, footnotes under
columns, and margin notes beside a column."""

from __future__ import annotations

from common.documents.results import BBox, Block
from worker.engines.layout.model import Proto


def after_beside(body: list[Block], frame: BBox, box: list[Block]) -> None:
    """The blocks of a framed box (frames.framed_boxes) put into ``body`` after the last
    block that starts above the box's foot: the text beside it is read first. Laid out
    alone, the box's own lines near the top or foot of the page are no running header or
    footer of it."""
    for b in box:
        if b.kind in ("page_header", "page_footer"):
            b.kind = "paragraph"
    at = 0
    for i, b in enumerate(body):
        if b.bbox[1] < frame[3]:
            at = i + 1
    body[at:at] = box


def after_body(body: list[Block], frame: BBox) -> None:
    """The blocks inside a sidebar's frame (frames.run_on_boxes) moved to the end of
    ``body``'s text, before the footnotes that end it."""
    inside = [
        b
        for b in body
        if b.bbox[0] >= frame[0] - 1.0
        and b.bbox[1] >= frame[1] - 1.0
        and b.bbox[2] <= frame[2] + 1.0
        and b.bbox[3] <= frame[3] + 1.0
    ]
    if not inside:
        return
    ids = {id(b) for b in inside}
    body[:] = [b for b in body if id(b) not in ids]
    at = len(body)
    while at > 0 and body[at - 1].kind == "footnote":
        at -= 1
    body[at:at] = inside


def notes_after_body(protos: list[Proto]) -> list[Proto]:
    """The blocks with each footnote read after the body text that the columns put after it.

    A page of columns may set its footnotes under one column (Typst does) or under each
    (the Federal Register): read column by column they would fall between the columns. A
    run of footnotes goes after the last block that follows it in reading order and starts
    above the run's foot (a later column's text, which may run down beside it); text that
    starts under the run stays after it.
    """
    if not any(p.kind == "footnote" for p in protos):
        return protos
    keyed: list[tuple[int, int, int]] = []  # (body block it follows, 0 body / 1 note, order)
    body = -1
    i = 0
    while i < len(protos):
        if protos[i].kind != "footnote":
            body += 1
            keyed.append((body, 0, i))
            i += 1
            continue
        end = i
        while end < len(protos) and protos[end].kind == "footnote":
            end += 1
        foot = max(p.bbox[3] for p in protos[i:end])
        anchor = later = body
        for q in protos[end:]:
            if q.kind == "footnote":
                continue
            later += 1
            if q.bbox[1] < foot:
                anchor = later
        keyed.extend((anchor, 1, k) for k in range(i, end))
        i = end
    keyed.sort()
    return [protos[i] for _, _, i in keyed]


def side_notes_after_text(protos: list[Proto], boxes: list[BBox]) -> list[Proto]:
    """The blocks with each run of margin notes (columns.reading_parts: a narrow column of
    small print beside the running text) read after the text that starts above the run,
    in any column, and after the column beside it as it runs on below: an article's
    "Correspondence to" and "Received" beside its first column go after the columns'
    text beside them, before what starts lower in another column (a note at the foot of
    the last column); a white paper's table of contents beside the middle of its one
    main column goes after that column's last paragraph, not between two of them."""
    out = list(protos)
    for x0, top, x1, bottom in boxes:
        run = [
            p
            for p in out
            if p.kind != "table"
            and p.bbox[0] >= x0 - 1.0
            and p.bbox[1] >= top - 1.0
            and p.bbox[2] <= x1 + 1.0
            and p.bbox[3] <= bottom + 1.0
        ]
        if not run:
            continue
        ids = {id(p) for p in run}
        rest = [p for p in out if id(p) not in ids]
        column = _column_beside_notes(
            [p.bbox for p in rest], [p.kind == "footnote" for p in rest], (x0, top, x1, bottom)
        )
        at = 0
        for i, p in enumerate(rest):
            if p.bbox[1] < top or i in column:
                at = i + 1
        out = [*rest[:at], *run, *rest[at:]]
    return out


def _column_beside_notes(boxes: list[BBox], notes: list[bool], box: BBox) -> set[int]:
    """The indices of the blocks of the column of text nearest beside a run of margin
    notes, from level with the run down: the blocks that share the column's stretch
    across the page (half their width at least), footnotes (``notes``) apart. The
    column's stretch is that of the block beside the run nearest it, widened by the
    other blocks beside the run on that side that overlap it: a short heading or title
    line nearest the run is no narrower column than the paragraphs and tables under it."""
    x0, top, x1, bottom = box
    beside = [b for b in boxes if b[1] < bottom and b[3] > top and (b[0] >= x1 or b[2] <= x0)]
    if not beside:
        return set()
    near = min(beside, key=lambda b: max(b[0] - x1, x0 - b[2]))
    right = near[0] >= x1
    c0, c1 = near[0], near[2]
    widened = True
    while widened:
        widened = False
        for b in beside:
            if (b[0] >= x1) == right and b[0] < c1 and b[2] > c0 and (b[0] < c0 or b[2] > c1):
                c0, c1 = min(c0, b[0]), max(c1, b[2])
                widened = True
    return {
        i
        for i, b in enumerate(boxes)
        if not notes[i] and b[3] > top and 2 * (min(b[2], c1) - max(b[0], c0)) >= b[2] - b[0]
    }


def margin_beside(body: list[Block], margin: list[Block]) -> None:
    """The blocks of a margin column (margin_column.py) put into ``body`` as margin notes
    are (:func:`side_notes_after_text`): after the blocks that start above the column and
    the column of text beside it as it runs on below, before what starts lower elsewhere
    (a note at the foot of another column, the footnotes). Laid out alone, the column's
    lines near the top or foot of the page are no running header or footer of it."""
    for b in margin:
        if b.kind in ("page_header", "page_footer"):
            b.kind = "paragraph"
    box = (
        min(b.bbox[0] for b in margin),
        min(b.bbox[1] for b in margin),
        max(b.bbox[2] for b in margin),
        max(b.bbox[3] for b in margin),
    )
    column = _column_beside_notes([b.bbox for b in body], [b.kind == "footnote" for b in body], box)
    at = 0
    for i, b in enumerate(body):
        if b.bbox[1] < box[1] or i in column:
            at = i + 1
    body[at:at] = margin
