"""A fill-in template's typed blanks and ballot boxes: the runs of underscores it types
into its sentences are no text ("Date: ____, 20____" reads "Date:, 20"), while a form's
fields written out as lines after their labels ("Signature: ____") stay; a box glyph a
checkbox widget lies over is the widget's one box, its option one item."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from common.documents.results import blocks_to_markdown, blocks_to_text
from tests.layout_pages import HEIGHT, convert

# Debian's fonts-dejavu-core (scripts/services.sh installs it): a font with box glyphs.
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_BLANK = "_" * 20


def _lines_page(path: Path, lines: list[str]) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(160, HEIGHT - 50, "BILL OF SALE")
    c.setFont("Helvetica", 11)
    y = HEIGHT - 90
    for text in lines:
        c.drawString(72, y, text)
        y -= 28
    c.save()
    return path


def test_given_blanks_typed_into_sentences_then_the_text_leaves_them_out(tmp_path: Path) -> None:
    # given a template that types its blanks into its sentences, one glued to a comma
    page = _lines_page(
        tmp_path / "template.pdf",
        [
            f"Date: {_BLANK}, 20____",
            f"Buyer's Name: {_BLANK} (the Buyer) with a mailing address of {_BLANK}.",
            f"Make: {_BLANK} Type/Model: {_BLANK}",
        ],
    )

    # when it is converted
    text = blocks_to_text(convert(page).blocks)

    # then the words are read without the blanks, those after a label too
    assert "_" not in text
    assert "Date:, 20" in text
    assert "Buyer's Name: (the Buyer) with a mailing address of." in text
    assert "Make: Type/Model:" in text


def test_given_fields_written_out_as_lines_after_their_labels_then_they_stay(tmp_path: Path) -> None:
    # given a form whose blanks all stand apart after their labels
    page = _lines_page(
        tmp_path / "form.pdf",
        ["I confirm that the information given is correct.", f"Signature: {_BLANK}", f"Date {_BLANK}"],
    )

    # when it is converted
    text = blocks_to_text(convert(page).blocks)

    # then they are kept: they are where the answers go
    assert f"Signature: {_BLANK}" in text
    assert f"Date {_BLANK}" in text


def test_given_option_widgets_over_printed_box_glyphs_then_each_option_is_one_item(tmp_path: Path) -> None:
    # given a fillable template that prints its ballot boxes as glyphs ("☐ - ...") and
    # lays a checkbox widget over each (the second one ticked)
    pdfmetrics.registerFont(TTFont("DejaVu", str(_DEJAVU)))
    path = tmp_path / "options.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(72, HEIGHT - 80, "3. PURCHASE. Check one.")
    options = ["Seller accepts cash payment.", "Buyer is receiving the goods as a gift.", "Other."]
    y = HEIGHT - 110
    for i, option in enumerate(options):
        c.setFont("DejaVu", 11)
        c.drawString(90, y, "☐ -")
        c.acroForm.checkbox(name=f"opt{i}", checked=i == 1, x=90, y=y - 2, size=10, borderWidth=0)
        c.setFont("Helvetica", 11)
        c.drawString(90 + pdfmetrics.stringWidth("☐ - ", "DejaVu", 11), y, option)
        y -= 24
    c.save()

    # when it is converted
    markdown = blocks_to_markdown(convert(path).blocks)

    # then each option is one item in its widget's state, its box read once
    assert "☐" not in markdown and "☑" not in markdown
    items = [ln.strip() for ln in markdown.splitlines() if ln.strip().startswith("- [")]
    assert items == [
        "- [ ] - Seller accepts cash payment.",
        "- [x] - Buyer is receiving the goods as a gift.",
        "- [ ] - Other.",
    ]
