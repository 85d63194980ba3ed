"""Form widgets on a page whose document has no /AcroForm (a page cut out of a longer
file): their checkboxes and filled-in values are read from the page's own annotations,
the field type and value inherited from the widget's /Parent where it has one, the state
from the widget's own /AS where its field is gone."""

from __future__ import annotations

from pathlib import Path

from common.documents.results import PageResult, blocks_to_markdown
from tests.pdf_pages import raw_pdf, text_layer_of
from worker.engines.base import PageInput
from worker.engines.pdf_text import PdfTextEngine


def _markdown(path: Path) -> str:
    layer = text_layer_of(path)
    [result] = PdfTextEngine().convert([PageInput(1, layer.width, layer.height, text_layer=layer)])
    assert isinstance(result, PageResult)
    return blocks_to_markdown(result.blocks)


def _widget(rect: bytes, rest: bytes) -> bytes:
    return b"<< /Type /Annot /Subtype /Widget /F 4 /Rect [" + rect + b"] " + rest + b" >>"


def test_given_widgets_of_a_page_without_acroform_then_options_and_values_are_read(tmp_path: Path) -> None:
    # given: a page with no /AcroForm in its document: two checkboxes whose field (with
    # /FT /Btn) is their /Parent, the second ticked; two more whose /Parent is a
    # dangling reference (the field was left behind when the page was cut out), the
    # first ticked, each with only its own /AS; and a text field whose type and value
    # are its parent field's
    lines = [
        (700, "Which newsletters do you want?"),
        (676, "Weekly digest"),
        (656, "Product news"),
        (616, "Relationship to the applicant:"),
        (592, "Spouse"),
        (572, "Child"),
        (532, "Family name:"),
    ]
    content = (
        b"BT /F1 11 Tf "
        + b" ".join(
            b"1 0 0 1 %d %d Tm (%s) Tj" % (72 if text.endswith(":") or "?" in text else 90, y, text.encode())
            for y, text in lines
        )
        + b" ET"
    )
    ap = b"/AP << /N << /On 14 0 R /Off 14 0 R >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R 8 0 R 9 0 R 10 0 R 12 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /FT /Btn /T (news) /Kids [7 0 R 8 0 R] >>",
        _widget(b"72 673 84 685", b"/Parent 6 0 R /AS /Off " + ap),
        _widget(b"72 653 84 665", b"/Parent 6 0 R /AS /On " + ap),
        _widget(b"72 589 84 601", b"/Parent 99 0 R /AS /On " + ap),
        _widget(b"72 569 84 581", b"/Parent 99 0 R /AS /Off " + ap),
        b"<< /FT /Tx /T (family) /V (Lovelace) /DA (/Helv 11 Tf 0 g) /Kids [12 0 R] >>",
        _widget(b"160 526 320 544", b"/Parent 11 0 R"),
        b"<< >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 12 12] /Length 0 >>\nstream\n\nendstream",
    ]
    path = tmp_path / "cut.pdf"
    path.write_bytes(raw_pdf(objects))

    # when
    md = _markdown(path)

    # then: four items with the states their widgets show, and the name after its label
    items = [ln for ln in md.splitlines() if ln.startswith("- [")]
    assert items == ["- [ ] Weekly digest", "- [x] Product news", "- [x] Spouse", "- [ ] Child"]
    assert "Family name: Lovelace" in md


def test_given_a_box_centred_on_a_two_line_label_then_it_goes_before_the_first_line(tmp_path: Path) -> None:
    # given: a checkbox widget (no /AcroForm, its field gone) as tall as a little more
    # than a line, centred on the boundary between the two lines of its label
    content = (
        b"BT /F1 7 Tf 1 0 0 1 90 700 Tm (I agree to receive electronic correspondence from VA in regards) Tj"
        b" 1 0 0 1 90 691.6 Tm (to my claim.) Tj ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _widget(b"76 693.3 86 703.3", b"/Parent 99 0 R /AS /Off /AP << /N << /On 7 0 R /Off 7 0 R >> >>"),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length 0 >>\nstream\n\nendstream",
    ]
    path = tmp_path / "two-lines.pdf"
    path.write_bytes(raw_pdf(objects))

    # when
    md = _markdown(path)

    # then: one item, its label whole
    items = [ln for ln in md.splitlines() if ln.startswith("- [")]
    assert items == ["- [ ] I agree to receive electronic correspondence from VA in regards to my claim."]
