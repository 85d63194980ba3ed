"""Two columns of running text whose right column is the shorter (a paper's last page, which
LaTeX leaves unbalanced), with numbered section headings set a quad after their numbers.

Each test reads: given a page drawn so (with reportlab), when the pdf-text engine converts
it, then the left column is read whole before the right one."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words
from worker.engines.layout.model import LayoutLine, PageStats
from worker.engines.layout.rows import to_bands

_W, _H = A4
_BODY = (
    "Efficient scheduling of offshore maintenance depends on accurate forecasts of the "
    "weather windows in which crews can safely transfer to a turbine, and the transfer "
    "limits used by operators are defined in terms of vessel motion rather than wave height. "
    "We describe a classification approach that predicts directly whether a transfer is feasible, "
    "trained on four years of logged transfers from a fleet of crew transfer vessels."
)
_RESULTS = (
    "Compared with a fixed wave height threshold the classifier reduced missed opportunities "
    "by nineteen percent while keeping unsafe recommendations below the accepted level."
)
_WORK = (
    "Several studies have modelled the motion of crew transfer vessels at the boat landing, "
    "usually with simulations calibrated against a handful of instrumented transfers."
)
_RIGHT = (
    "A flexible schedule is only useful if the technicians, the vessels and the spare parts "
    "can be reassigned at short notice, which the operators found acceptable."
)
_CLOSING = "We conclude that direct classification of transfer feasibility is a practical complement."


def _draw(path: Path, *, numbers: bool, figure: float = 0.0) -> tuple[Path, str]:
    """A title over two 10 pt columns, drawn row by row across the page as pdfTeX does:
    three numbered sections on the left; on the right a paragraph, then a heading and a
    paragraph that end well above the left column's second section. Returns the path
    and the page's text in reading order."""
    c = canvas.Canvas(str(path), pagesize=A4)
    order: list[str] = []
    c.setFont("Helvetica-Bold", 14)
    c.drawCentredString(_W / 2, _H - 72, "Forecasting crew transfer windows offshore")
    order.append("Forecasting crew transfer windows offshore")
    lx, rx, colw, lead = 57.0, 303.0, 235.0, 12.0
    top = _H - 110

    def heading(x: float, y: float, number: str, title: str) -> str:
        c.setFont("Helvetica-Bold", 14)
        if numbers:
            c.drawString(x, y, number)
            c.drawString(x + 24, y, title)  # a 1-em quad after an 8 pt wide digit
            return f"{number} {title}"
        c.drawString(x, y, title)
        return title

    # Left column: (heading, text) three times, with 2 em before each later heading.
    left: list[tuple[float, str, bool]] = []  # (y, text, bold heading)
    y = top
    for number, title, text in (
        ("1", "Motivation", _BODY),
        ("2", "Results", _RESULTS),
        ("3", "Related work", _WORK),
    ):
        left.append((y, f"{number}|{title}", True))
        y -= 22
        for line in simpleSplit(text, "Helvetica", 10, colw):
            left.append((y, line, False))
            y -= lead
        y -= 24 + figure
    right: list[tuple[float, str, bool]] = []
    y = top - 3
    for line in simpleSplit(_RIGHT, "Helvetica", 10, colw):
        right.append((y, line, False))
        y -= lead
    y -= 8
    right.append((y, "4|Conclusions", True))
    y -= 22
    for line in simpleSplit(_CLOSING, "Helvetica", 10, colw):
        right.append((y, line, False))
        y -= lead
    # Row by row across both columns, as the content stream of a two-column page runs.
    rows = sorted(
        [(y, lx, t, b) for y, t, b in left] + [(y, rx, t, b) for y, t, b in right], key=lambda r: -r[0]
    )
    texts: dict[float, str] = {}
    for y, x, text, bold in rows:
        if bold:
            number, title = text.split("|")
            texts[x * 10000 - y] = heading(x, y, number, title)
        else:
            c.setFont("Helvetica", 10)
            c.drawString(x, y, text)
            texts[x * 10000 - y] = text
    c.save()
    order += [texts[k] for k in sorted(texts)]  # the left column, then the right
    return path, " ".join(order)


def test_given_a_short_right_column_and_numbered_headings_when_converted_then_columns_read_in_turn(
    tmp_path: Path,
) -> None:
    pdf, expected = _draw(tmp_path / "short-right.pdf", numbers=True)

    result = convert(pdf)

    assert words(result.text or "") == words(expected)


def test_given_a_short_right_column_when_converted_then_columns_read_in_turn(tmp_path: Path) -> None:
    pdf, expected = _draw(tmp_path / "short-right-plain.pdf", numbers=False)

    result = convert(pdf)

    assert words(result.text or "") == words(expected)


def test_given_a_numbered_heading_when_converted_then_its_number_opens_the_heading(tmp_path: Path) -> None:
    pdf, _ = _draw(tmp_path / "numbered.pdf", numbers=True)

    result = convert(pdf)

    headings = [b.text for b in result.blocks if b.kind == "section_header"]
    assert "1 Motivation" in headings and "4 Conclusions" in headings


def test_given_a_figure_gap_in_the_long_column_only_when_converted_then_columns_read_in_turn(
    tmp_path: Path,
) -> None:
    # Space for a figure in the left column, level with nothing: the right column has
    # ended above it. The stripe crosses one column, not the page.
    pdf, expected = _draw(tmp_path / "figure-left.pdf", numbers=False, figure=90.0)

    result = convert(pdf)

    assert words(result.text or "") == words(expected)


def test_given_columns_that_end_level_and_a_footnote_under_the_left_when_converted_then_the_footnote_is_last(
    tmp_path: Path,
) -> None:
    # Guard: a page's footnote sits under the left column only, far below two columns
    # that end a line apart; it is read after both columns, not as the left one's end.
    path = tmp_path / "footnote.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    left = simpleSplit(_BODY, "Helvetica", 10, 235)
    right = simpleSplit(" ".join([_RESULTS, _WORK, _RIGHT]), "Helvetica", 10, 235)[: len(left) - 1]
    y = _H - 80
    for i, line in enumerate(left):
        c.drawString(57, y, line)
        if i < len(right):
            c.drawString(303, y - 3, right[i])
        y -= 14
    note = "1 Budget line 7.4, transport innovation fund."
    c.drawString(57, 60, note)
    c.save()

    result = convert(path)

    assert words(result.text or "") == words(" ".join([*left, *right, note]))


def test_given_a_bold_number_before_a_bold_body_size_cell_when_banded_then_they_stay_two_cells() -> None:
    # Guard: a bold row of totals, its row number a quad before its label, is no heading.
    stats = PageStats(body=10.0, body_bold=False)
    row = [
        LayoutLine("1", (57.0, 100.0, 62.6, 110.0), size=10.0, bold=True),
        LayoutLine("Total", (72.6, 100.0, 98.0, 110.0), size=10.0, bold=True),
        LayoutLine("1,811.28", (480.0, 100.0, 520.0, 110.0), size=10.0, bold=True),
    ]

    [band] = to_bands(row, stats)

    assert [ln.text for ln in band] == ["1", "Total", "1,811.28"]


def test_given_a_large_bold_number_a_quad_before_its_heading_when_banded_then_it_opens_the_heading() -> None:
    stats = PageStats(body=10.0, body_bold=False)
    row = [
        LayoutLine("2", (57.0, 100.0, 65.0, 114.0), size=14.0, bold=True),
        LayoutLine("Results", (79.0, 100.0, 132.0, 114.0), size=14.0, bold=True),
    ]

    [band] = to_bands(row, stats)

    assert [ln.text for ln in band] == ["2 Results"]
