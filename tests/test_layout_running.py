"""Running headers and footers (worker/engines/layout/running.py), on PDF pages drawn here:
small print in the top and bottom margins, apart from the text, is the page's furniture
(kept in the JSON as page_header / page_footer, left out of the Markdown and the text);
body-size lines, footnotes and source notes there stay text."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, ocr_line
from worker.engines.layout import layout_lines

WIDTH, HEIGHT = A4
BODY = [
    "The committee met four times during the year and reviewed every application that",
    "reached it before the deadline, with the help of two external assessors appointed",
    "for their knowledge of the local housing market and of energy efficiency measures.",
]


def _page(path: Path, *, top: tuple[str, float], bottom: tuple[str, float], bottom_marker: str = "") -> Path:
    """A4, 11 pt body; ``top`` and ``bottom``: a line's text and font size, set where a word
    processor puts its header (7.5 % down) and footer (92 % down)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    text, size = top
    c.setFont("Helvetica", size)
    c.drawString(57, HEIGHT - 0.075 * HEIGHT, text)
    c.setFont("Helvetica", 11)
    y = HEIGHT - 0.12 * HEIGHT
    for line in BODY:
        c.drawString(57, y, line)
        y -= 13.5
    text, size = bottom
    c.setFont("Helvetica", size)
    x = 57.0
    if bottom_marker:
        c.drawString(x, 0.075 * HEIGHT, bottom_marker)
        x += 20  # a tab after the marker: a piece of its own
    c.drawString(x, 0.075 * HEIGHT, text)
    c.save()
    return path


def test_given_small_print_in_both_margins_then_they_are_the_pages_furniture(tmp_path: Path) -> None:
    # given: a report page with its title in 8 pt above the text and a footer line below it
    pdf = _page(
        tmp_path / "report.pdf",
        top=("Northgate Holdings plc | Annual Report 2024", 8),
        bottom=("Registered in England No. 0123456 · Page 1", 8),
    )

    # when
    result = convert(pdf)

    # then: header and footer are furniture, in the blocks with their text
    kinds = [b.kind for b in result.blocks]
    assert (
        kinds[0] == "page_header" and result.blocks[0].text == "Northgate Holdings plc | Annual Report 2024"
    )
    assert kinds[-1] == "page_footer" and "Registered in England" in result.blocks[-1].text
    # and neither the Markdown nor the text holds them, but both hold the body
    for out in (result.markdown or "", result.text or ""):
        assert "Northgate Holdings" not in out and "Registered in England" not in out
        assert out.startswith("The committee met four times")


def test_given_a_latex_small_running_head_then_it_is_furniture(tmp_path: Path) -> None:
    # given: LaTeX's small size (10 pt) over an 11 pt body: a running head 0.91 of the body
    pdf = _page(
        tmp_path / "article.pdf",
        top=("Kaldor Rail Group Annual Report 2025", 10),
        bottom=("Wolds Agronomy Notes 12 (2025)", 10),
    )

    # when
    result = convert(pdf)

    # then
    assert [b.kind for b in result.blocks][:: len(result.blocks) - 1] == ["page_header", "page_footer"]
    assert (result.text or "").startswith("The committee met four times")


def test_given_body_size_lines_in_the_margins_then_they_stay_text(tmp_path: Path) -> None:
    # given: a letter whose sender line sits at the top in the body's size, and a closing
    # line at the bottom in the body's size
    pdf = _page(
        tmp_path / "letter.pdf", top=("Westmoor District Council", 11), bottom=("Yours sincerely", 11)
    )

    # when
    result = convert(pdf)

    # then
    assert "page_header" not in {b.kind for b in result.blocks}
    assert "page_footer" not in {b.kind for b in result.blocks}
    assert result.text.startswith("Westmoor District Council")
    assert result.text.rstrip().endswith("Yours sincerely")


def test_given_a_footnote_or_a_source_note_in_the_bottom_margin_then_it_stays_text(tmp_path: Path) -> None:
    # given: an 8 pt footnote whose marker stands a tab before its text, and a source note
    footnote = _page(
        tmp_path / "footnote.pdf",
        top=("", 8),
        bottom=("Fuel prices fell by a third over the year.", 8),
        bottom_marker="1",
    )
    source = _page(tmp_path / "source.pdf", top=("", 8), bottom=("Source: Office for Statistics, 2024.", 8))

    # when
    results = [convert(footnote), convert(source)]

    # then: both are in the text, neither is a page footer
    for result, words in zip(results, ("Fuel prices fell", "Source: Office"), strict=True):
        assert "page_footer" not in {b.kind for b in result.blocks}
        assert words in (result.text or "")


def test_given_ocr_lines_without_font_sizes_then_only_a_page_number_is_furniture() -> None:
    # given: OCR line boxes (no font size) with a short line low on the page, as a
    # receipt's "Thank you" is, and a page number under it
    lines = [ocr_line(f"body text line {i} of the page", 50, 100 + 14 * i, 300) for i in range(5)]
    lines.append(ocr_line("Thank you", 50, 730, 90, height=7))
    lines.append(ocr_line("Page 2", 280, 770, 310))

    # when
    blocks = layout_lines(lines, 612, 792)

    # then: the page number is the footer; the small OCR line is text
    assert [b.text for b in blocks if b.kind == "page_footer"] == ["Page 2"]
    assert any(b.text == "Thank you" and b.kind != "page_footer" for b in blocks)


def _register_head(
    path: Path, page_number: str, *, title: str = "Federal Register / Vol. 85 / Proposed Rules"
) -> Path:
    """A bold running title at the top left, its five-digit page number at the right end
    of the same row, in print larger than the body (as the Federal Register sets it)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    _, height = A4
    c.setFont("Times-Bold", 10)
    if title:
        c.drawString(72, height - 40, title)
    c.drawRightString(523, height - 40, page_number)
    c.setFont("Times-Roman", 9)
    y = height - 80
    for _ in range(3):
        for line in BODY:
            c.drawString(72, y, line)
            y -= 11
        y -= 6
    c.save()
    return path


def test_given_a_running_title_with_a_five_digit_page_number_then_it_is_furniture(tmp_path: Path) -> None:
    # given: "Federal Register / ..." with its page number 47699 at the row's right end
    result = convert(_register_head(tmp_path / "register.pdf", "47699"))

    # then: the row is the page's header, not the document's title
    assert result.blocks[0].kind == "page_header", [b.kind for b in result.blocks]
    assert "Federal Register" not in (result.markdown or "")


def test_given_a_lone_five_digit_number_at_the_top_then_it_stays_text(tmp_path: Path) -> None:
    # given: a bare five-digit number alone in the top margin (a reference, a post code)
    result = convert(_register_head(tmp_path / "lone.pdf", "10234", title=""))

    # then: it is kept in the text
    assert "10234" in (result.text or "")
