"""Paragraphs and headings (worker/engines/layout/blocks.py), decided per block as a reader
does: a wrapped bold question is one block, a sentence is no heading, and paragraph breaks
come from gaps, indents and line endings, also for OCR lines that carry no font size."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert, ocr_line
from worker.engines.layout import LayoutLine, layout_lines

BODY = (
    "All members are asked to submit their expense reports before the end of the month. Our "
    "warehouse in Rotterdam will be closed for maintenance during the first week of August."
)


def _page(path: Path, parts: list[tuple[str, str, float]]) -> Path:
    """Paragraphs (text, font, size) wrapped at 468 pt, 1.2 em apart, 8 pt between them."""
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    for text, font, size in parts:
        c.setFont(font, size)
        for ln in simpleSplit(text, font, size, 468):
            c.drawString(72, y, ln)
            y -= 1.2 * size
        y -= 8
    c.save()
    return path


def test_given_a_bold_question_wrapped_over_three_lines_then_it_is_one_paragraph(tmp_path: Path) -> None:
    question = (
        "Do you agree that the information provided in this application is complete and correct "
        "to the best of your knowledge, and that false statements may lead to its rejection?"
    )
    path = _page(tmp_path / "q.pdf", [(BODY, "Helvetica", 11), (question, "Helvetica-Bold", 11)])

    result = convert(path)

    assert [(b.kind, b.text) for b in result.blocks] == [("paragraph", BODY), ("paragraph", question)]


def test_given_a_short_bold_heading_wrapped_over_two_lines_then_it_is_one_heading(tmp_path: Path) -> None:
    path = tmp_path / "h.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(72, 700, "Terms and conditions of the")
    c.drawString(72, 686.8, "extended warranty")
    c.setFont("Helvetica", 11)
    for i, ln in enumerate(simpleSplit(BODY, "Helvetica", 11, 468)):
        c.drawString(72, 665 - 13.2 * i, ln)
    c.save()

    result = convert(path)

    assert [(b.kind, b.text) for b in result.blocks] == [
        ("section_header", "Terms and conditions of the extended warranty"),
        ("paragraph", BODY),
    ]


def test_given_a_bold_sentence_or_field_on_a_letter_then_it_is_no_heading(tmp_path: Path) -> None:
    path = _page(
        tmp_path / "letter.pdf",
        [
            (f"{BODY} {BODY}", "Helvetica", 11),
            ("Dear Ms Berg,", "Helvetica", 11),
            ("Please find our invoice for March attached.", "Helvetica-Bold", 11),
            ("Invoice number: NT-2025-0117", "Helvetica-Bold", 11),
            ("Thank you for your business.", "Helvetica", 13),
            (f"{BODY} {BODY}", "Helvetica", 11),
        ],
    )

    result = convert(path)

    assert [b.kind for b in result.blocks] == ["paragraph"] * 6
    assert result.blocks[2].text == "Please find our invoice for March attached."


def test_given_an_ocr_paragraph_of_three_lines_without_font_sizes_then_it_is_one_paragraph() -> None:
    # given OCR boxes (no font size) whose heights scatter with ascenders and descenders,
    # 1.5 times as far apart as they are tall
    lines = [
        ocr_line("The committee reviewed the annual budget and approved the", 72, 100, 500, 12),
        ocr_line("revised figures for the coming year. All members are asked", 72, 118, 498, 9.5),
        ocr_line("to submit their reports before the end of the month.", 72, 136, 420, 13.5),
    ]

    blocks = layout_lines(lines, 612, 792)

    assert [b.kind for b in blocks] == ["paragraph"]
    assert blocks[0].text.endswith(
        "approved the revised figures for the coming year. All members are asked to "
        "submit their reports before the end of the month."
    )


def test_given_ocr_paragraphs_a_blank_line_apart_then_they_stay_apart() -> None:
    lines = [
        ocr_line("The committee reviewed the annual budget and approved the", 72, 100, 500),
        ocr_line("revised figures for the coming year.", 72, 115, 300),
        ocr_line("Our warehouse in Rotterdam will be closed for maintenance", 72, 145, 498),
        ocr_line("during the first week of August.", 72, 160, 280),
    ]

    blocks = layout_lines(lines, 612, 792)

    assert [b.text[:15] for b in blocks] == ["The committee r", "Our warehouse i"]


def test_given_a_line_broken_with_room_to_spare_then_the_next_line_starts_a_paragraph(tmp_path: Path) -> None:
    # given a salutation and the letter's first paragraph with no gap between them
    path = tmp_path / "salutation.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 11)
    c.drawString(72, 700, "Dear Mr Novak,")
    for i, ln in enumerate(simpleSplit(BODY, "Helvetica", 11, 468)):
        c.drawString(72, 686.8 - 13.2 * i, ln)
    c.save()

    result = convert(path)

    assert [b.text for b in result.blocks] == ["Dear Mr Novak,", BODY]


def rtl_line(text: str, x0: float, top: float, x1: float = 540.0) -> LayoutLine:
    return LayoutLine(text, (x0, top, x1, top + 12.0), size=10.0)


def test_given_right_to_left_lines_ragged_on_the_left_then_they_make_one_paragraph() -> None:
    # given a Hebrew paragraph (logical order), right-aligned: its lines end at different
    # places on the left, which is no indent
    lines = [
        rtl_line("ההזמנה מספר 45821 נשלחה בתאריך 12/05/2024 והסכום הכולל הוא 3,480 שקלים", 100, 100),
        rtl_line("כולל מס ערך מוסף. המכשיר נשלח אל הלקוח ביום שני בבוקר ויגיע תוך", 125, 114),
        rtl_line("שלושה ימי עבודה.", 440, 128),
        rtl_line("תודה רבה על שיתוף הפעולה והסבלנות. המשרד שלנו נמצא ברחוב הרצל 25", 98, 142),
        rtl_line("בתל אביב.", 480, 156),
    ]

    blocks = layout_lines(lines, 612, 792)

    assert [b.text[:10] for b in blocks] == ["ההזמנה מספ", "תודה רבה ע"]
    assert all(b.rtl for b in blocks)


def test_given_few_lines_set_loose_then_a_wrapped_line_goes_on_and_a_gap_ends_the_paragraph() -> None:
    # given two right-to-left paragraphs in a script set at 2 em (Naskh): four lines only,
    # the first line of each running across the flow
    lines = [
        rtl_line("سفارش شما با شماره 7731 در تاریخ 1403/02/10 ثبت شد. مبلغ کل 2,500,000 ریال است", 57, 78),
        rtl_line("با پشتیبانی تماس بگیرید.", 170, 102),
        rtl_line("دفتر مرکزی ما در خیابان ولیعصر تهران قرار دارد. جلسه بعدی روز دوشنبه", 76, 133),
        rtl_line("صمیمانه شما سپاسگزاریم.", 456, 156),
    ]

    blocks = layout_lines(lines, 612, 792)

    # then each paragraph is one block: the 2 em under a full line is its line spacing
    assert [b.text[:9] for b in blocks] == ["سفارش شما", "دفتر مرکز"]


def test_given_a_bold_numbered_clause_title_above_its_text_then_it_is_a_heading_of_its_own() -> None:
    # given a contract's clause "8. Severability" in bold body-size print, its text right below
    lines = [
        LayoutLine("8. Severability", (72, 100, 150, 112), size=10.0, bold=True),
        LayoutLine(
            "If any provision of this agreement is held invalid, the rest of it",
            (72, 114, 400, 126),
            size=10.0,
        ),
        LayoutLine("remains in force.", (72, 128, 160, 140), size=10.0),
    ]

    blocks = layout_lines(lines, 612, 792, allow_title=False)

    assert [(b.kind, b.text[:15]) for b in blocks] == [
        ("section_header", "8. Severability"),
        ("paragraph", "If any provisio"),
    ]
