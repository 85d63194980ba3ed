"""Drawings read beside the text (worker/engines/drawings.py): table rules in the text's
frame whatever the page's rotation or form XObjects, a bound on dense charts, checkbox squares
and whether something is drawn in them (and the glyphs their options' lines then start with),
and the compiled path walks against their ctypes twins."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from common.documents.results import PageResult
from tests.pdf_pages import text_layer_of as _layer
from worker.engines.base import PageInput
from worker.engines.pdf_text import PdfTextEngine


def test_given_table_rules_then_they_come_back_in_the_frame_of_the_text(tmp_path: Path) -> None:
    # given: a word underlined by a rule, a vertical rule beside it and a rectangle drawn
    # as one path (its four sides are rules), on a page displayed rotated
    for rotation in (0, 90):
        path = tmp_path / f"rules-{rotation}.pdf"
        c = canvas.Canvas(str(path), pagesize=letter)
        c.setPageRotation(rotation)
        c.setFont("Helvetica", 12)
        c.drawString(100, 700, "Total")
        c.setLineWidth(0.5)
        c.line(100, 696, 200, 696)
        c.line(210, 690, 210, 720)
        c.rect(300, 500, 120, 60)
        c.save()

        # when
        layer = _layer(path)

        # then: the underline lies just below the word, as wide as drawn, whatever the rotation
        # (turned a quarter, the word reads down the page: it is turned text, kept apart)
        [word] = layer.turned if rotation else layer.spans
        horizontal = [r for r in layer.rules if r[2] - r[0] > r[3] - r[1]]
        vertical = [r for r in layer.rules if r[2] - r[0] < r[3] - r[1]]
        if rotation:  # displayed turned a quarter: what was horizontal now runs down the page
            horizontal, vertical = vertical, horizontal
        assert len(horizontal) == 3 and len(vertical) == 3  # the rectangle gave two of each
        under = min(horizontal, key=lambda r: r[2] - r[0] if not rotation else r[3] - r[1])
        if rotation == 0:
            assert word.bottom <= under[1] <= word.bottom + 3
            assert under[0] == pytest.approx(100, abs=0.5) and under[2] == pytest.approx(200, abs=0.5)
        else:
            # rotated: the underline is beside the word, to its left, across the word's height
            assert word.x0 - 3 <= under[2] <= word.x0
            assert under[1] == pytest.approx(100, abs=0.5) and under[3] == pytest.approx(200, abs=0.5)
        assert layer.boxes == []


def test_given_a_chart_of_ten_thousand_paths_then_reading_its_rules_is_bounded(tmp_path: Path) -> None:
    # given: a page with 10,000 short strokes (a dense chart)
    path = tmp_path / "chart.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.drawString(72, 750, "Sales by day")
    c.setLineWidth(0.3)
    for i in range(10_000):
        x = 72 + (i % 400) * 1.2
        y = 100 + (i // 400) * 20
        c.line(x, y, x + 8, y)
    c.save()

    # when
    layer = _layer(path)

    # then: only the first paths were looked at
    assert 100 <= len(layer.rules) <= 3000
    assert [s.text for s in layer.spans] == ["Sales", "by", "day"]


def test_given_checkbox_squares_then_they_are_boxes_ticked_when_something_is_drawn_inside(
    tmp_path: Path,
) -> None:
    # given: an empty square, one with a tick drawn in it, one with a filled centre, and a
    # filled square bullet (no checkbox)
    path = tmp_path / "boxes.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    for i, label in enumerate(["Never", "Sometimes", "Often", "Bullet"]):
        y = 700 - 20 * i
        c.drawString(90, y, label)
        if i < 3:
            c.rect(72, y - 1, 8, 8, stroke=1, fill=0)
        if i == 1:
            p = c.beginPath()
            p.moveTo(73.5, y + 3)
            p.lineTo(75.5, y)
            p.lineTo(79, y + 6)
            c.drawPath(p, stroke=1, fill=0)
        if i == 2:
            c.rect(74, y + 1, 4, 4, stroke=0, fill=1)
        if i == 3:
            c.rect(73, y, 5, 5, stroke=0, fill=1)
    c.save()

    # when
    layer = _layer(path)

    # then: three boxes, top to bottom, the last two checked
    boxes = sorted(layer.boxes, key=lambda b: b[1])
    assert [b[4] for b in boxes] == [False, True, True]
    # where drawn (pdfium's bounds take in the stroke's width)
    assert all(b[0] == pytest.approx(72, abs=1.5) and b[2] - b[0] == pytest.approx(8, abs=2) for b in boxes)


def test_given_answer_options_after_drawn_checkboxes_then_each_line_starts_with_its_box_glyph(
    tmp_path: Path,
) -> None:
    # given: a questionnaire whose options follow squares drawn as paths, the third
    # crossed out with two strokes and the fourth with an "X" typed into it
    path = tmp_path / "questionnaire.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(72, 720, "How often do you use public transport?")
    c.setFont("Helvetica", 10)
    options = ["Never", "Once a month", "Every week", "Every day"]
    for i, label in enumerate(options):
        y = 700 - 16 * i
        c.rect(72, y - 1, 8, 8)
        c.drawString(86, y, label)
        if i == 2:
            c.line(73, y, 79, y + 6)
            c.line(73, y + 6, 79, y)
        if i == 3:
            c.drawString(73.5, y, "X")
    c.save()

    # when
    layer = _layer(path)
    [result] = PdfTextEngine().convert([PageInput(1, layer.width, layer.height, text_layer=layer)])

    # then: the glyphs H3's list items read, in place of the squares, on the options' lines
    assert isinstance(result, PageResult)
    lines = [ln.text for b in result.blocks for ln in b.lines]
    assert [ln for ln in lines if ln[:1] in "☐☑"] == [
        "☐ Never",
        "☐ Once a month",
        "☑ Every week",
        "☑ Every day",
    ]
    assert "X" not in (result.text or "")


def test_given_a_page_of_paths_then_the_compiled_walks_find_what_their_ctypes_twins_find(
    tmp_path: Path,
) -> None:
    import ctypes

    from PIL import Image
    from reportlab.lib.utils import ImageReader

    from worker.engines import path_reads

    # given: a page of text objects and paths, and two small pictures (checkbox-sized,
    # reported) beside a large one (not reported)
    path = tmp_path / "paths.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    for i in range(30):
        c.drawString(72, 700 - 12 * i, f"line {i}")
        c.line(72, 698 - 12 * i, 300, 698 - 12 * i)
    c.rect(320, 500, 100, 100)
    picture = ImageReader(Image.new("RGB", (40, 40), (20, 40, 160)))
    c.drawImage(picture, 450, 600, 12, 12)
    c.drawImage(picture, 450, 580, 14, 14)
    c.drawImage(picture, 320, 300, 120, 120)
    c.save()
    pdf = pypdfium2.PdfDocument(str(path))
    page = pdf[0]
    assert path_reads._paths_extension() is not None  # built by `make native`

    # when
    compiled = list(path_reads._path_records(page))
    handle = ctypes.c_void_p(ctypes.cast(page.raw, ctypes.c_void_p).value)
    twin = list(path_reads._path_records_ctypes(handle, path_reads._MAX_OBJECTS, path_reads._GetObject))

    # then
    assert len(compiled) == 33
    assert compiled == [(o, *(pytest.approx(v) for v in r), kind) for o, *r, kind in twin]
    # and so do the path's segments
    assert sum(r[5] == path_reads._IMAGE for r in compiled) == 2  # the small pictures only
    for obj, *_, kind, _white in compiled:
        if kind == path_reads._IMAGE:
            continue
        count = int(path_reads._CountSegments(obj))
        assert list(path_reads._segments(obj, count)) == list(path_reads._segments_ctypes(obj, count))
    pdf.close()


def test_given_a_table_grid_drawn_inside_a_form_xobject_then_its_rules_are_in_page_space(
    tmp_path: Path,
) -> None:
    # given: the grid drawn once as a form XObject (as some producers wrap their content)
    # and placed on the page with a translation
    path = tmp_path / "form.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.beginForm("grid")
    c.setLineWidth(0.5)
    c.line(0, 0, 200, 0)
    c.line(0, 40, 200, 40)
    c.line(100, 0, 100, 40)
    c.endForm()
    c.saveState()
    c.translate(72, 500)
    c.doForm("grid")
    c.restoreState()
    c.save()

    # when
    layer = _layer(path)

    # then: where the page shows them (the frame's y runs down from the top)
    horizontal = sorted(
        (round(r[0]), round((r[1] + r[3]) / 2), round(r[2])) for r in layer.rules if r[2] - r[0] > 10
    )
    vertical = [(round((r[0] + r[2]) / 2), round(r[1]), round(r[3])) for r in layer.rules if r[3] - r[1] > 10]
    assert horizontal == [(72, 252, 272), (72, 292, 272)]
    assert vertical == [(172, 252, 292)]
