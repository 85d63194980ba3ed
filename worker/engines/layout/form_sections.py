"""A form's ruled sections (segment.py asks, before the table test): rows ruled across
the region, each a short label at the left ("Credit card", "Electronic funds transfer")
and at the right a part laid out on its own: a box of card types beside the card's
field rows; a paragraph over a small list of "Bank  Westpac" rows. Taken as one table
of two columns, each right cell is read as one run: the card types interleave with the
fields, the list's labels come out in a run and its values after them. A reader reads
each section in turn: its label, then its part as a page of its own.

What tells such sections from a table's ruled rows: the right part of one section has
lines side by side with a gutter between them, and the right part of another section
has a line across that gutter. A table's columns keep their gutters down every row.
"""

from __future__ import annotations

import itertools

from worker.engines.layout.model import Band, LayoutLine, make_band, side_by_side_rows

Rule = tuple[float, float, float, float]

_THIN_PT = 3.0  # a horizontal rule is at most this tall
_JOIN_PT = 2.0  # rule pieces this close on one level are one rule
_MAX_LABEL_WORDS = 6  # a section's label is a few words
_MIN_SECTIONS = 2
_MIN_LIST_ROWS = 3  # label/value rows in a section's list of details
_MAX_LIST_LABEL_WORDS = 3
_EDGE_PT = 12.0  # a section's rule stands at most this far above or below the text


def ruled_sections(
    bands: list[Band], cut: float, rules: list[Rule]
) -> list[tuple[list[Band], list[Band]]] | None:
    """The sections as (label bands, part bands), top down, when ``bands`` (cut into
    labels and parts at ``cut``) are a form's ruled sections; else None."""
    lines = [ln for band in bands for ln in band]
    x0, x1 = min(ln.bbox[0] for ln in lines), max(ln.bbox[2] for ln in lines)
    top, bottom = min(b.top for b in bands), max(b.bottom for b in bands)
    ys = _across(rules, x0, x1, top, bottom)
    sections: list[tuple[list[LayoutLine], list[LayoutLine]]] = []
    for a, b in itertools.pairwise(ys):
        inside = [ln for ln in lines if a < (ln.bbox[1] + ln.bbox[3]) / 2 < b]
        if inside:
            left = [ln for ln in inside if (ln.bbox[0] + ln.bbox[2]) / 2 < cut]
            right = [ln for ln in inside if (ln.bbox[0] + ln.bbox[2]) / 2 >= cut]
            sections.append((left, right))
    if len(sections) < _MIN_SECTIONS or sum(len(left) + len(right) for left, right in sections) != len(lines):
        return None
    for left, right in sections:
        if not left or not right or any(ln.bbox[2] > cut for ln in left):
            return None
        if len(" ".join(ln.text for ln in left).split()) > _MAX_LABEL_WORDS:
            return None
    if not _gutter_crossed([right for _, right in sections]):
        return None
    return [(_bands(left), _bands(right)) for left, right in sections]


def label_runs(part: list[Band]) -> list[tuple[bool, list[Band]]]:
    """A section's part cut into runs, each with whether it is a list of label/value
    rows: three rows or more in a run, each a label of a few words with no figure and a
    value beside it, the labels starting at one edge and the values at another ("Bank
    Northbank" over "Account Name  Riverside Institute"). In a form's section such a
    list is its details, each label read with its value; read column by column, the
    labels would come out in a run and the values after them."""
    out: list[tuple[bool, list[Band]]] = []
    for band in part:
        row = _row(band)
        # (a row goes on a run of aligned rows; a line that is no row goes on the text)
        if out and out[-1][0] == row and (not row or _aligned(out[-1][1][-1], band)):
            out[-1][1].append(band)
        else:
            out.append((row, [band]))
    # A run too short is no list: back into the text around it.
    merged: list[tuple[bool, list[Band]]] = []
    for rows, bands in out:
        rows = rows and len(bands) >= _MIN_LIST_ROWS
        if merged and not rows and not merged[-1][0]:
            merged[-1][1].extend(bands)
        else:
            merged.append((rows, bands))
    return merged


def _row(band: Band) -> bool:
    if len(band) != 2:
        return False
    label = band[0].text.split()
    return 0 < len(label) <= _MAX_LIST_LABEL_WORDS and not any(ch.isdigit() for ch in band[0].text)


def _aligned(a: Band, b: Band) -> bool:
    return all(abs(x.bbox[0] - y.bbox[0]) <= _JOIN_PT for x, y in zip(a, b, strict=True))


def _across(rules: list[Rule], x0: float, x1: float, top: float, bottom: float) -> list[float]:
    """The levels of the horizontal rules (pieces meeting on one level joined) that run
    across the text from ``x0`` to ``x1``, from just above ``top`` to just below
    ``bottom``."""
    pieces = sorted(
        ((t + b) / 2, rx0, rx1) for rx0, t, rx1, b in rules if b - t <= _THIN_PT and rx1 - rx0 > _THIN_PT
    )
    levels: list[float] = []
    i = 0
    while i < len(pieces):
        y = pieces[i][0]
        j = i
        while j < len(pieces) and pieces[j][0] - y <= _JOIN_PT:
            j += 1
        spans = sorted((p[1], p[2]) for p in pieces[i:j])
        reach = spans[0][0]
        end = spans[0][0]
        for s0, s1 in spans:
            if s0 > end + _JOIN_PT:
                break
            end = max(end, s1)
        if reach <= x0 and end >= x1 and top - _EDGE_PT <= y <= bottom + _EDGE_PT:
            levels.append(y)
        i = j
    return levels


def _gutter_crossed(parts: list[list[LayoutLine]]) -> bool:
    """Whether a part has lines side by side with a gutter between them down the whole
    part that a line of another part runs across."""
    for k, part in enumerate(parts):
        for g0, g1 in _gutters(part):
            for j, other in enumerate(parts):
                if j != k and any(ln.bbox[0] < g0 and ln.bbox[2] > g1 for ln in other):
                    return True
    return False


def _gutters(part: list[LayoutLine]) -> list[tuple[float, float]]:
    """The blank stripes down the part between lines that stand side by side."""
    spans = sorted((ln.bbox[0], ln.bbox[2]) for ln in part)
    out: list[tuple[float, float]] = []
    end = spans[0][1]
    for s0, s1 in spans[1:]:
        if s0 > end:
            out.append((end, s0))
        end = max(end, s1)
    return out


def _bands(lines: list[LayoutLine]) -> list[Band]:
    """The lines as bands, row by row (model.side_by_side_rows)."""
    return [make_band(row) for row in side_by_side_rows(lines)]
