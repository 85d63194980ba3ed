"""Lines and rows (worker/engines/layout/spans.py and rows.py): a text layer's spans become
line fragments, read once when drawn twice and cut at a gutter's gap; a line whose words span
two cells is cut in two."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from worker.engines.layout import LayoutLine, spans_to_lines
from worker.engines.textlayer import extract_text_layer


def test_given_string_drawn_twice_for_fake_bold_then_it_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "fake-bold.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "Overview")
    c.drawString(72.4, 700, "Overview")  # the same text again, nudged: poor man's bold
    c.drawString(72, 680, "Body text follows the fake bold heading on this page.")
    c.save()
    pdf = pypdfium2.PdfDocument(str(path))
    layer = extract_text_layer(pdf[0])
    pdf.close()

    lines = spans_to_lines(layer.spans)

    # (pdfium already drops the overlapping copy; the layout would too.)
    assert [ln.text for ln in lines] == ["Overview", "Body text follows the fake bold heading on this page."]


def test_given_chars_of_two_words_far_apart_then_spans_to_lines_keeps_them_apart(tmp_path: Path) -> None:
    path = tmp_path / "gap.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "near words")
    c.drawString(300, 700, "far")  # a gutter's width away, same baseline
    c.save()
    pdf = pypdfium2.PdfDocument(str(path))
    layer = extract_text_layer(pdf[0])
    pdf.close()

    lines = spans_to_lines(layer.spans)

    assert [ln.text for ln in lines] == ["near words", "far"]
    assert lines[0].size == pytest.approx(10, abs=0.01)


def test_a_line_is_cut_where_its_words_span_two_cells() -> None:
    from common.documents.results import Word
    from worker.engines.layout import LayoutLine
    from worker.engines.layout.line_cuts import split_at_gaps

    def line(*words: tuple[str, float, float]) -> LayoutLine:
        ws = [Word(t, (x0, 100, x1, 110)) for t, x0, x1 in words]
        return LayoutLine(
            " ".join(t for t, _, _ in words), (ws[0].bbox[0], 100, ws[-1].bbox[2], 110), size=10, words=ws
        )

    # two right-aligned amounts 7 pt (0.7 em) apart: two cells
    assert [p.text for p in split_at_gaps(line(("374.41", 440, 475), ("3,369.69", 482, 525)))] == [
        "374.41",
        "3,369.69",
    ]
    # a thousands space inside one amount (2.5 pt) stays
    assert [p.text for p in split_at_gaps(line(("1", 440, 445), ("234,56", 447.5, 475)))] == ["1 234,56"]
    # words 0.7 em apart are still one phrase
    assert [p.text for p in split_at_gaps(line(("Total", 300, 325), ("due", 332, 350)))] == ["Total due"]
    # an OCR line box running across a 2 em gutter becomes two lines, each with its words and box
    left, right = split_at_gaps(
        line(("end", 100, 130), ("of", 133, 143), ("column", 170, 210), ("two", 213, 230))
    )
    assert (left.text, right.text) == ("end of", "column two")
    assert left.bbox == (100, 100, 143, 110) and [w.text for w in right.words] == ["column", "two"]


def test_given_a_large_heading_beside_two_lines_of_another_column_then_they_stay_two_lines(
    tmp_path: Path,
) -> None:
    # given: a 20 pt heading in the left column, level with two consecutive 10 pt lines
    # of the right column: the heading's box overlaps both of them by over half their
    # height, so that a row measured against its tallest member takes in both lines
    path = tmp_path / "heading-beside.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(72, 700, "Evidence")
    c.setFont("Helvetica", 10)
    c.drawString(320, 708, "signed with all three health boards")
    c.drawString(320, 696, "before the pilots began. A final")
    c.save()
    pdf = pypdfium2.PdfDocument(str(path))
    layer = extract_text_layer(pdf[0])
    pdf.close()

    # when
    lines = spans_to_lines(layer.spans)

    # then: each line of the right column whole, the first above the second
    texts = [ln.text for ln in lines]
    assert "signed with all three health boards" in texts
    assert "before the pilots began. A final" in texts
    assert texts.index("signed with all three health boards") < texts.index(
        "before the pilots began. A final"
    )
