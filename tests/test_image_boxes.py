"""Checkboxes drawn as small raster images (image_boxes.py, read by drawings.py): a
picture of an outlined square after its label is that label's box, ticked when a mark is
drawn inside the frame; a small picture that is no outline (an icon, a photo) is none."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from common.documents.results import PageResult
from tests.pdf_pages import text_layer_of
from worker.engines.base import PageInput
from worker.engines.image_boxes import box_state
from worker.engines.pdf_text import PdfTextEngine


def _box_picture(ticked: bool) -> Image.Image:
    """An 80x75 px picture of a box: a blue frame with a white margin, an X when ticked."""
    img = Image.new("RGB", (80, 75), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle((12, 10, 66, 62), outline=(30, 60, 200), width=3)
    if ticked:
        draw.line((20, 18, 58, 54), fill=(30, 60, 200), width=4)
        draw.line((20, 54, 58, 18), fill=(30, 60, 200), width=4)
    return img


def _convert(path: Path) -> PageResult:
    layer = text_layer_of(path)
    [result] = PdfTextEngine().convert([PageInput(1, layer.width, layer.height, text_layer=layer)])
    assert isinstance(result, PageResult)
    return result


def test_given_box_pictures_after_their_labels_then_each_label_is_an_item_with_its_state(
    tmp_path: Path,
) -> None:
    # given: delivery options on one line, each label followed by a 19 pt picture of a
    # box (its frame about 13 pt, with a margin), the first two with an X
    path = tmp_path / "pictured.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, 720, "Thank you for your order. Please confirm how the training is delivered.")
    x = 72.0
    labels = ["Live Delivery:", "Online Delivery (Livestream):", "Video Delivery (On Demand):"]
    for i, label in enumerate(labels):
        c.drawString(x, 690, label)
        x += c.stringWidth(label, "Helvetica", 10) + 1
        c.drawImage(ImageReader(_box_picture(i < 2)), x, 684, width=19.2, height=18)
        x += 40
    c.save()

    # when
    result = _convert(path)

    # then
    assert [(b.text, b.checked) for b in result.blocks if b.kind == "list_item"] == [
        ("Live Delivery:", True),
        ("Online Delivery (Livestream):", True),
        ("Video Delivery (On Demand):", False),
    ]


def test_given_small_pictures_that_are_no_outlined_squares_then_no_items(tmp_path: Path) -> None:
    # given: labels followed by small pictures of the same size: a filled square (an
    # icon) and noise (a photo's thumbnail)
    rng = np.random.default_rng(7)
    noise = Image.fromarray(rng.integers(0, 255, (75, 80, 3), dtype=np.uint8))
    filled = Image.new("RGB", (80, 75), "white")
    ImageDraw.Draw(filled).rectangle((12, 10, 66, 62), fill=(30, 60, 200))
    path = tmp_path / "icons.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, 720, "Thank you for your order. Please confirm how the training is delivered.")
    x = 72.0
    for label, img in (("Live Delivery:", filled), ("Video Delivery:", noise)):
        c.drawString(x, 690, label)
        x += c.stringWidth(label, "Helvetica", 10) + 1
        c.drawImage(ImageReader(img), x, 684, width=19.2, height=18)
        x += 60
    c.save()

    # when
    result = _convert(path)

    # then
    assert not [b for b in result.blocks if b.kind == "list_item"]


def test_given_pixels_of_a_frame_then_its_state_and_extent_are_read() -> None:
    # given / when / then: the frame's extent inside the margin; a mark ticks it
    empty = np.asarray(_box_picture(False).convert("L")) < 200
    ticked = np.asarray(_box_picture(True).convert("L")) < 200
    found = box_state(empty)
    assert found is not None and found[0] is False
    assert found[1] == (12 / 80, 10 / 75, 67 / 80, 63 / 75)
    found = box_state(ticked)
    assert found is not None and found[0] is True
