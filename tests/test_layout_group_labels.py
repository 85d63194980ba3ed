"""A table typeset like LaTeX's \\multirow under booktabs rules: a rule over the header, one
under it and one at the foot, none between the body rows, one row a line; in the first
column a group label spanning two to four rows, set vertically centred on its group (a
two-row group's label halfway between its rows' baselines, a four-row group's between its
second and third), the group's other first-column cells empty. Read as a spreadsheet
reads it unmerged: one row per body line, the label in its group's first row; a header of
heads wrapped over two or three lines is one row, each head joined in its cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, WIDTH, convert

_FONT, _BOLD, _SIZE, _PITCH = "Times-Roman", "Times-Bold", 10.0, 12.0
_PAD = 6.0  # \tabcolsep

Group = tuple[str, list[list[str]]]  # a label and its rows (every column but the first)


def _draw(
    path: Path,
    heads: list[list[str]],
    groups: list[Group],
    *,
    centred: bool = True,
    prose: bool = True,
    middle: bool = False,
    pitch: float = _PITCH,
) -> Path:
    """The table as pdfTeX sets it: heads top-aligned, wrapped in their cells; booktabs
    rules drawn as thin filled rectangles; the first column left-aligned, the others
    centred (or flush right where ``centred`` is false); the group label's baseline
    halfway between its first and last row's. A paragraph of prose above and below."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    ncols = len(heads)
    widths = [0.0] * ncols
    for k, head in enumerate(heads):
        widths[k] = max(pdfmetrics.stringWidth(t, _BOLD, _SIZE) for t in head)
    for label, rows in groups:
        widths[0] = max(widths[0], pdfmetrics.stringWidth(label, _FONT, _SIZE))
        for row in rows:
            for k, cell in enumerate(row, start=1):
                widths[k] = max(widths[k], pdfmetrics.stringWidth(cell, _FONT, _SIZE))
    xs = [WIDTH / 2 - (sum(widths) + 2 * _PAD * ncols) / 2]
    for w in widths:
        xs.append(xs[-1] + w + 2 * _PAD)
    left, right = xs[0], xs[-1]

    def put(k: int, y: float, text: str, font: str) -> None:
        c.setFont(font, _SIZE)
        if k == 0:
            c.drawString(xs[0] + _PAD, y, text)
        elif centred:
            c.drawCentredString((xs[k] + xs[k + 1]) / 2, y, text)
        else:
            c.drawRightString(xs[k + 1] - _PAD, y, text)

    def rule(y: float, thick: float) -> None:
        c.rect(left, y - thick / 2, right - left, thick, stroke=0, fill=1)

    y = HEIGHT - 90
    if prose:
        c.setFont(_FONT, _SIZE)
        c.drawString(72, y, "Table 2 compares the methods on each data set; lower error is better.")
        y -= 30
    rule(y, 0.8)
    y -= 2 + 8.5
    lines = max(len(h) for h in heads)
    leading = 1.2 * _SIZE
    for k, head in enumerate(heads):
        # (\makecell: a head of fewer lines centred on the header's height)
        # (a cell's lines at the font's leading, whatever the rows' pitch)
        drop = (lines - len(head)) * leading / 2 if middle else 0.0
        for i, text in enumerate(head):
            put(k, y - drop - i * leading, text, _BOLD)
    y -= (lines - 1) * leading + 3.5 + 2
    rule(y, 0.5)
    y -= 2.5 + 8.5
    for label, rows in groups:
        first = y
        for row in rows:
            for k, text in enumerate(row, start=1):
                put(k, y, text, _FONT)
            y -= pitch
        put(0, (first + y + pitch) / 2, label, _FONT)
    y += pitch - 3.5 - 2.5
    rule(y, 0.8)
    if prose:
        c.setFont(_FONT, _SIZE)
        c.drawString(72, y - 30, "The refined method halves the error on every data set but one.")
    c.save()
    return path


def _expected(heads: list[list[str]], groups: list[Group]) -> list[list[str]]:
    out = [[" ".join(h) for h in heads]]
    for label, rows in groups:
        out.extend([label if i == 0 else "", *row] for i, row in enumerate(rows))
    return out


PAIRS: list[Group] = [
    ("Indoor", [["Baseline", "30", "50% (0.37)"], ["Refined", "13", "-60% (1.00)"]]),
    ("Outdoor", [["Baseline", "42", "35% (0.21)"], ["Refined", "19", "-55% (0.88)"]]),
    ("Aerial", [["Baseline", "57", "28% (0.14)"], ["Refined", "31", "-46% (0.72)"]]),
]
QUADS: list[Group] = [
    (
        "Indoor",
        [
            ["Baseline", "30", "50% (0.37)"],
            ["Filtered", "24", "-20% (0.52)"],
            ["Weighted", "17", "-43% (0.81)"],
            ["Refined", "13", "-60% (1.00)"],
        ],
    ),
    (
        "Outdoor",
        [
            ["Baseline", "42", "35% (0.21)"],
            ["Filtered", "36", "-14% (0.33)"],
            ["Weighted", "25", "-40% (0.64)"],
            ["Refined", "19", "-55% (0.88)"],
        ],
    ),
]
MIXED: list[Group] = [
    PAIRS[0],
    (
        "Outdoor",
        [
            ["Baseline", "42", "35% (0.21)"],
            ["Weighted", "25", "-40% (0.64)"],
            ["Refined", "19", "-55% (0.88)"],
        ],
    ),
    QUADS[0],
    ("All", [["Refined", "16", "-58% (0.94)"]]),
]
ONE_LINE = [["Data set"], ["Method"], ["Error"], ["Change (ratio)"]]
WRAPPED = [["Data set"], ["Method"], ["Mean", "error", "(mm)"], ["Change", "(ratio)"]]


def _table(path: Path) -> list[list[str]]:
    result = convert(path)
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows is not None
    return table.rows


STACKED_STUB = [["Data", "set"], ["Method"], ["Mean", "error", "(mm)"], ["Relative", "change", "(ratio)"]]

# Each case: the heads, the groups, how the page is set, and what it shows. Every case
# expects the same reading: a row per body line, the header one row of the table (each
# head's lines joined in its cell), each label the first cell of its group's first row.
CASES = [
    pytest.param(ONE_LINE, PAIRS, {}, id="two-row groups, each label halfway between its rows"),
    pytest.param(ONE_LINE, QUADS, {}, id="four-row groups, each label between rows two and three"),
    pytest.param(ONE_LINE, PAIRS, {"centred": False}, id="figure columns set flush right"),
    pytest.param(WRAPPED, PAIRS, {}, id="heads wrapped over two and three lines over two-row groups"),
    pytest.param(WRAPPED, QUADS, {}, id="wrapped heads over four-row groups"),
    # the three-row group's label level with its middle row, the one-row group's with its row
    pytest.param(ONE_LINE, MIXED, {}, id="groups of one to four rows"),
    # (\makecell) the one-line heads level with the header's second line, the two-line
    # head between its lines: no line holds two heads but the second
    pytest.param(WRAPPED, PAIRS, {"middle": True}, id="heads centred on a header of three lines"),
    # the stub head's two lines flank the header's middle line as the group labels flank
    # the rows: lines on each side of the first boundary taking turns, as two blocks set
    # side by side would, but inside the booktabs rules
    pytest.param(
        STACKED_STUB, MIXED, {"middle": True}, id="a two-line stub head centred beside group labels"
    ),
    # rows half as far apart again as the lines (\arraystretch 1.5), heads at the leading
    pytest.param(WRAPPED, MIXED, {"pitch": 1.5 * _PITCH}, id="rows set apart by arraystretch"),
]


@pytest.mark.parametrize(("heads", "groups", "setting"), CASES)
def test_given_grouped_rows_under_booktabs_rules_then_each_line_is_a_row_and_each_label_heads_its_group(
    tmp_path: Path, heads: list[list[str]], groups: list[Group], setting: dict[str, Any]
) -> None:
    # given: the table set as the case says
    path = _draw(tmp_path / "table.pdf", heads, groups, **setting)

    # when
    rows = _table(path)

    # then
    assert rows == _expected(heads, groups)
