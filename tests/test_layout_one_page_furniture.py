"""A one-page document's running rows that a page number marks (worker/engines/layout/
page_marks.py), on PDF pages drawn here: a footer band of three rows in the body's size
(a form code, a copyright notice over two lines, "Page 1 of 2"), a running head with its
page number over a rule just above the text, "Page 1 / 1" under an invoice's date, and
"Name - Page 3" far below a page's text but above its margin. What is the text's stays
text: the invoice's title and date, a footnote over a page number, a last paragraph
close above the footer."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = letter
BODY = [
    "The insurer agrees to provide the coverage stated in this notice for the policy",
    "period shown, subject to all the terms of the policy and to the payment of the",
    "premium when due, and in return for the statements made in the application.",
]
Row = tuple[float, float, str, float]  # x, distance from the page's top, text, size


def _page(path: Path, rows: list[Row], *, body_top: float = 150.0, rule: float | None = None) -> Path:
    """A letter page: 10 pt body lines from ``body_top`` down, ``rows`` where given and a
    rule across the text's width ``rule`` points from the page's top."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    y = HEIGHT - body_top
    for line in BODY:
        c.drawString(72, y, line)
        y -= 13
    for x, top, text, size in rows:
        c.setFont("Helvetica", size)
        c.drawString(x, HEIGHT - top, text)
    if rule is not None:
        c.setLineWidth(1)
        c.line(72, HEIGHT - rule, WIDTH - 72, HEIGHT - rule)
    c.save()
    return path


def _kinds(path: Path) -> dict[str, str]:
    return {b.text: b.kind for b in convert(path).blocks}


FOOTER: list[Row] = [
    (72, 730, "HU DS 05 01 18", 10),
    (180, 730, "Includes copyrighted material of Insurance Services", 10),
    (470, 730, "Page 1 of 2", 10),
    (190, 742, "Office, Inc. with its permission. All Rights Reserved.", 10),
    (200, 754, "May not be copied without permission.", 10),
]


def test_given_a_three_row_footer_marked_by_its_page_number_then_it_is_furniture(tmp_path: Path) -> None:
    # given: a form code, a two-line copyright notice and "Page 1 of 2" in the body's
    # size, three rows at the page's foot, far below the text
    result = convert(_page(tmp_path / "policy.pdf", FOOTER))

    # then: none of the footer is text; the body is
    assert result.text is not None
    assert "Page 1 of 2" not in result.text and "copyrighted" not in result.text
    assert "HU DS" not in result.text and "May not be copied" not in result.text
    assert "The insurer agrees" in result.text
    kinds = [b.kind for b in result.blocks if "copied" in b.text or "Page 1" in b.text]
    assert kinds and all(k == "page_footer" for k in kinds)


def test_given_a_footnote_over_the_page_number_then_the_footnote_stays(tmp_path: Path) -> None:
    # given: a footnote over "Page 1 of 2" at the foot, far below the text
    rows: list[Row] = [(72, 730, "1 The premium is shown before taxes.", 10), (470, 756, "Page 1 of 2", 10)]
    result = convert(_page(tmp_path / "note.pdf", rows))

    # then: the note is text, the page number is not
    assert result.text is not None
    assert "The premium is shown before taxes." in result.text
    assert "Page 1 of 2" not in result.text


def test_given_a_running_head_over_a_rule_close_to_the_text_then_it_is_a_header(tmp_path: Path) -> None:
    # given: a gazette's running head (title and page number, in the body's size) over a
    # rule, less than a blank line above the text
    rows: list[Row] = [(72, 62, "Official Gazette - Issue 9 (bis) - 6 March 2022", 10), (520, 62, "2", 10)]
    kinds = _kinds(_page(tmp_path / "gazette.pdf", rows, body_top=80, rule=66))

    # then
    assert kinds["Official Gazette - Issue 9 (bis) - 6 March 2022 2"] == "page_header"


def test_given_the_same_head_with_no_rule_and_no_gap_then_it_stays_text(tmp_path: Path) -> None:
    # given: the same row with nothing drawn between it and the text
    rows: list[Row] = [(72, 62, "Official Gazette - Issue 9 (bis) - 6 March 2022", 10), (520, 62, "2", 10)]
    result = convert(_page(tmp_path / "plain.pdf", rows, body_top=80))

    # then: too close to the text to be told from it
    assert result.text is not None and "Official Gazette" in result.text


def test_given_page_of_pages_under_an_invoice_date_then_only_it_is_a_header(tmp_path: Path) -> None:
    # given: an invoice's title, its date and "Page 1 / 1" one under the other at the top
    rows: list[Row] = [(72, 45, "Invoice 103767", 18), (72, 62, "February 17, 2026", 10)]
    rows.append((72, 75, "Page 1 / 1", 10))
    result = convert(_page(tmp_path / "invoice.pdf", rows, body_top=120))

    # then: the title and the date are text, the page number is furniture
    assert result.text is not None
    assert "Invoice 103767" in result.text and "February 17, 2026" in result.text
    assert "Page 1 / 1" not in result.text


def test_given_a_named_page_number_far_below_a_short_page_then_it_is_a_footer(tmp_path: Path) -> None:
    # given: "Candeub, Adam - Page 3" far below the text, well above the bottom margin
    result = convert(_page(tmp_path / "filing.pdf", [(400, 500, "Candeub, Adam - Page 3", 9)]))

    # then
    assert result.text is not None and "Page 3" not in result.text
    assert "The insurer agrees" in result.text


def test_given_a_running_title_over_a_page_number_at_the_top_then_both_are_headers(
    tmp_path: Path,
) -> None:
    # given: a report's running title in the body's size, its page number "- 70 -" under
    # it, and the text under that, the three a line's gap apart
    rows: list[Row] = [(250, 40, "WT/TPR/S/408/Rev.1 - Qatar", 10), (290, 62, "- 70 -", 10)]
    kinds = _kinds(_page(tmp_path / "report.pdf", rows, body_top=84))

    # then: the title and the number are the page's, the text is text
    assert kinds["WT/TPR/S/408/Rev.1 - Qatar"] == "page_header", kinds
    assert kinds["- 70 -"] == "page_header", kinds
    assert kinds[" ".join(BODY)] == "paragraph", kinds


def test_given_a_lone_sentence_in_small_print_at_the_foot_then_it_stays_text(tmp_path: Path) -> None:
    # given: an invoice's legal note, one sentence in small print, far below the text
    note = "Registered as a sole trader in the trade register."
    kinds = _kinds(_page(tmp_path / "note.pdf", [(72, 750, note, 8)]))

    # then: a note of the document, not the page's footer
    assert kinds[note] == "paragraph", kinds


def test_given_a_footer_line_with_a_due_date_then_it_is_still_a_footer(tmp_path: Path) -> None:
    # given: an invoice's running footer, its number and due date, in small print
    footer = "Invoice 2E9958F3-0010 - $20.00 USD due May 5, 2024."
    kinds = _kinds(_page(tmp_path / "footer.pdf", [(72, 750, footer, 8)]))

    # then
    assert kinds[footer] == "page_footer", kinds


def test_given_a_running_head_in_the_tables_print_on_a_table_page_then_it_is_a_header(
    tmp_path: Path,
) -> None:
    # given: a budget page: a running head of two pieces in 8.5 pt, a paragraph in 11 pt,
    # a ruled table whose many 8.5 pt cells hold most of the page's print, a page number
    c = canvas.Canvas(str(tmp_path / "budget.pdf"), pagesize=letter)
    c.setFont("Helvetica", 8.5)
    c.drawString(72, HEIGHT - 45, "Resetting the Economy for the Nation")
    c.drawString(480, HEIGHT - 45, "2025 Budget")
    c.setFont("Helvetica", 11)
    for k, line in enumerate(BODY):
        c.drawString(72, HEIGHT - 80 - 14 * k, line)
    xs = [72, 230, 300, 370, 440, 520]
    top, h, rows = HEIGHT - 150, 18.0, 24
    c.setLineWidth(0.5)
    for r in range(rows + 1):
        c.line(xs[0], top - r * h, xs[-1], top - r * h)
    for x in xs:
        c.line(x, top, x, top - rows * h)
    c.setFont("Helvetica", 8.5)
    for r in range(rows):
        c.drawString(xs[0] + 3, top - r * h - 12, f"Revenue item number {r + 1}")
        for k, x in enumerate(xs[1:-1]):
            c.drawString(x + 3, top - r * h - 12, f"{(r + 3) * (k + 7)},{r}{k}0.5")
    c.setFont("Helvetica", 12)
    c.drawString(300, 40, "26")
    c.save()
    kinds = _kinds(tmp_path / "budget.pdf")

    # then: the head is the page's, as the page number is
    assert kinds["Resetting the Economy for the Nation 2025 Budget"] == "page_header", kinds
    assert kinds["26"] == "page_footer", kinds
