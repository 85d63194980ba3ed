"""Financial and shaded tables as real producers draw them (worker/engines/layout/
rule_groups.py and grids.py, table_cuts.py, span_heads.py, tables.py, patterns.py):

- a header band painted twice per cell in one colour, the padding box and the text area
  inside it: the inner box's sides are rules down the header only, a padding's width
  inside the body's column rules, and make no columns of their own;
- a 10-K expense table: "$" set at the left edge of each amount's column, the amounts
  right-aligned, far apart (the sign's own column is no column); "Year Ended" centred
  over the dates and "(In millions)" under them head all three date columns; the note
  under the table, above the page's footnote rule far below, is text after it;
- a cell wrapped after a code's hyphen ("ADSP-" / "2116x") keeps the code whole.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert
from worker.engines.layout import layout_lines
from worker.engines.layout.model import LayoutLine

_H = letter[1]
_NAVY = (0.0, 0.0, 0.5)


def _fill(c: canvas.Canvas, x0: float, top: float, x1: float, bottom: float, rgb: tuple[float, ...]) -> None:
    """A filled, unstroked rectangle given in top-down page coordinates."""
    c.setFillColorRGB(*rgb)
    c.rect(x0, _H - bottom, x1 - x0, bottom - top, stroke=0, fill=1)


def _rule(c: canvas.Canvas, x0: float, y0: float, x1: float, y1: float) -> None:
    c.setStrokeColorRGB(0, 0, 0)
    c.setLineWidth(0.5)
    c.line(x0, _H - y0, x1, _H - y1)


def test_given_a_header_band_painted_as_padding_and_text_boxes_then_it_keeps_the_body_columns(
    tmp_path: Path,
) -> None:
    # given: a ruled two-column table; each header cell is shaded twice in one navy, its
    # whole box and, inset by its padding, its text area, with the header centred in it
    path = tmp_path / "band.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    xs = [150.0, 270.0, 460.0]
    head, rows = 100.0, [115.0, 145.0, 175.0, 205.0]
    for a, b in itertools.pairwise(xs):
        _fill(c, a, head, b, rows[0], _NAVY)
        _fill(c, a + 4.5, head, b - 4.5, rows[0], _NAVY)
    for y in rows:
        _rule(c, xs[0], y, xs[-1], y)
    for x in xs:
        _rule(c, x, head, x, rows[-1])
    c.setFont("Helvetica-Bold", 10)
    c.setFillColorRGB(1, 1, 1)
    c.drawCentredString(210.0, _H - head - 11, "Document Name")
    c.drawCentredString(365.0, _H - head - 11, "Description")
    body = [
        ("DSP Datasheet", "Functional description, pinout and timing."),
        ("Hardware Reference", "Internal architecture and registers."),
        ("Instruction Set Reference", "All allowed assembly instructions."),
    ]
    c.setFont("Helvetica", 10)
    c.setFillColorRGB(0, 0, 0)
    for top, (name, text) in zip(rows, body, strict=False):
        c.drawString(155.0, _H - top - 12, name)
        c.drawString(275.0, _H - top - 12, text)
    c.save()

    # when
    result = convert(path)

    # then: two columns, the headers over their own body cells
    [table] = [b.rows for b in result.blocks if b.kind == "table"]
    assert table == [["Document Name", "Description"], *[list(r) for r in body]]


_SIZE = 6.3


def _line(text: str, x0: float, top: float, *, right: bool = False, bold: bool = False) -> LayoutLine:
    """A line of 6.3 pt text; ``right``: ``x0`` is its right edge (a right-aligned figure)."""
    width = 2.9 * len(text)
    x = x0 - width if right else x0
    return LayoutLine(text=text, bbox=(x, top, x + width, top + 7.1), size=_SIZE, bold=bold)


def _expense_page() -> tuple[list[LayoutLine], list[tuple[float, float, float, float]]]:
    """A 10-K notes page's expense table: the lead-in sentence, "Year Ended" centred over
    three date columns, each date underlined, "(In millions)" under them, four rows whose
    first and last set "$" at each column's left edge and the amounts right-aligned at its
    right edge (the sign 40 pt from a short amount; a dash for none), every second row shaded, a sum rule
    over the totals, a double rule under them; then a note in a paragraph wider than the
    label column, and far below the page's rule over its footnotes."""
    lefts, rights = (354.5, 416.9, 478.7), (404.9, 466.8, 528.8)
    lines = [
        _line("Stock-based compensation expense is included in the statements as follows:", 80.5, 380.0),
        _line("Year Ended", 427.2, 393.1, bold=True),  # centred over the three dates
    ]
    for a, b, date in zip(lefts, rights, ("Jan 26, 2025", "Jan 28, 2024", "Jan 29, 2023"), strict=True):
        lines.append(_line(date, (a + b) / 2 - 17.4, 402.6, bold=True))
    lines.append(_line("(In millions)", 422.9, 413.7))
    body = [
        ("Cost of revenue", ("178", "141", "\u2014"), True),
        ("Research and development", ("3,423", "2,532", "1,892"), False),
        ("Sales, general and administrative", ("1,136", "876", "680"), False),
        ("Total", ("4,737", "3,549", "2,710"), True),
    ]
    for k, (label, amounts, signed) in enumerate(body):
        top = 422.2 + 8.5 * k + (0.5 if k == 3 else 0.0)
        lines.append(_line(label, 81.2, top))
        for a, b, amount in zip(lefts, rights, amounts, strict=True):
            if signed:
                lines.append(_line("$", a - 3.6, top))
            lines.append(_line(amount, b, top, right=True))
    lines.append(
        _line("Stock-based compensation capitalized in inventories was not significant.", 80.5, 467.1)
    )
    rules = [
        (a, y, b + 1.9, y + 0.6)
        for y in (401.0, 410.5, 447.0, 456.0)
        for a, b in zip(lefts, rights, strict=True)
    ]
    # The first and third rows shaded: each shading's outline, broken where the "$" and
    # the gaps between the columns are painted as pieces of their own.
    for y in (421.6, 430.0):
        rules += [
            (a, y - 0.25, b, y + 0.25)
            for a, b in ((80.5, 350.2), *zip(lefts, (406.8, 468.7, 530.6), strict=True))
        ]
    for y in (438.5, 446.9):
        rules += [(a, y - 0.25, b, y + 0.25) for a, b in ((80.5, 406.8), (412.1, 468.7), (474.0, 530.6))]
    rules.append((80.5, 516.4, 531.6, 517.0))  # the page's rule above its footnotes
    return lines, rules


def test_given_dollar_signs_at_their_columns_left_edge_then_each_goes_with_its_amount() -> None:
    # given
    lines, rules = _expense_page()

    # when
    blocks = layout_lines(lines, 612, 792, rules=rules)

    # then: four columns, each "$" in its amount's cell, the header rows in the grid
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows is not None
    assert {len(row) for row in table.rows} == {4}
    assert ["Cost of revenue", "$ 178", "$ 141", "$ \u2014"] in table.rows
    assert ["Total", "$ 4,737", "$ 3,549", "$ 2,710"] in table.rows
    assert ["", "Jan 26, 2025", "Jan 28, 2024", "Jan 29, 2023"] in table.rows


def test_given_header_lines_centred_over_the_dates_then_they_head_the_first_date_column() -> None:
    # given: "Year Ended" and "(In millions)" centred over the three dates, each within
    # the middle date's column
    lines, rules = _expense_page()

    # when
    blocks = layout_lines(lines, 612, 792, rules=rules)

    # then: spanning cells, their text in the first column of the span, above and under
    # the dates' row
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows is not None
    assert table.rows[:4] == [
        ["", "Year Ended", "", ""],
        ["", "Jan 26, 2025", "Jan 28, 2024", "Jan 29, 2023"],
        ["", "(In millions)", "", ""],
        ["Cost of revenue", "$ 178", "$ 141", "$ \u2014"],
    ]


def test_given_a_note_under_a_table_above_a_distant_rule_then_it_is_text_after_the_table() -> None:
    # given
    lines, rules = _expense_page()

    # when
    blocks = layout_lines(lines, 612, 792, rules=rules)

    # then: the note is a paragraph of its own after the table, no row of it
    kinds = [b.kind for b in blocks]
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows is not None
    assert table.rows[-1][0] == "Total"
    assert blocks[kinds.index("table") + 1].text.startswith("Stock-based compensation capitalized")


def test_given_a_cell_wrapped_after_a_codes_hyphen_then_the_code_is_whole() -> None:
    # given: a ruled two-column table whose description wraps after "ADSP-"
    xs, ys = (150.0, 270.0, 460.0), (100.0, 116.0, 160.0)
    rules = [(xs[0], y - 0.25, xs[-1], y + 0.25) for y in ys]
    rules += [(x - 0.25, ys[0], x + 0.25, ys[-1]) for x in xs]
    text = [("Document", "Description"), ("Quick Reference", "Provides a summary of the ADSP-")]
    lines = [
        LayoutLine(text=t, bbox=(x + 5.0, y + 3.0, x + 5.0 + 5.5 * len(t), y + 13.0), size=10.0)
        for (a, b), y in zip(text, ys, strict=False)
        for t, x in ((a, xs[0]), (b, xs[1]))
    ]
    lines.append(LayoutLine(text="2116x instruction set.", bbox=(275.0, 131.0, 396.0, 141.0), size=10.0))

    # when
    blocks = layout_lines(lines, 612, 792, rules=rules)

    # then: the hyphen stays, no space after it
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows == [
        ["Document", "Description"],
        ["Quick Reference", "Provides a summary of the ADSP-2116x instruction set."],
    ]
