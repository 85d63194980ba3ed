"""OCR on CPU: the rapidocr engine on scans of the test invoice and on a curled receipt, its
offline guarantee, rotation, OCR lines through the shared layout, per-page routing in ``auto``
(including fake text layers), and scans through the API. The page image's own preparation
(skew, crop to content, transparency, render size) is in tests/test_ocr_image.py."""

from __future__ import annotations

import io
import subprocess
import sys
import uuid

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.conftest import ROOT
from tests.factories import files
from tests.helpers import NO_NETWORK, assert_in_order, submit, wait_done
from worker.engines.auto import AutoEngine
from worker.engines.base import PageInput
from worker.engines.layout import layout_lines
from worker.engines.ocr_lines import to_layout_lines
from worker.engines.ocr_pipeline import MAX_SIDE, OcrLine, fold_full_width
from worker.engines.rapidocr import RapidOcr, RapidOcrEngine, int8_dot_product
from worker.engines.textlayer import extract_text_layer


@pytest.fixture(scope="module")
def ocr() -> RapidOcrEngine:
    return RapidOcrEngine()


def squeezed(text: str) -> str:
    # OCR may drop a space inside a digit group (an IBAN's); compare those without spaces.
    return "".join(text.split())


def scan_input(page_no: int = 1, rotate: int = 0) -> PageInput:
    img = files.scan_image(files.invoice_pdf(), page_no, rotate=rotate)
    width, height = 612.0, 792.0
    if rotate in (90, 270):
        width, height = height, width
    return PageInput(page_no=page_no, width=width, height=height, image=img)


def test_the_two_column_terms_page_reads_column_by_column_with_its_heading(ocr) -> None:
    result = ocr.convert_page(scan_input(2))
    assert_in_order(result.markdown or "", files.INVOICE_LEFT_COLUMN + files.INVOICE_RIGHT_COLUMN)
    assert result.blocks[0].kind in ("title", "section_header")
    assert result.blocks[0].text == files.INVOICE_TERMS_HEADING


def test_a_scanned_invoice_page_reads_in_order_with_its_table(ocr) -> None:
    result = ocr.convert_page(scan_input(1))
    md = result.markdown or ""
    assert files.INVOICE_NUMBER in md and files.INVOICE_TOTAL in md
    # the sender's and the buyer's address blocks read one after the other
    assert_in_order(md, ["From", "Friedrichstrasse 123", "Bill to", "42 Harbour Road"])
    # the line items come out as a table, one row per item
    table = next(b for b in result.blocks if b.kind == "table" and b.rows and "Qty" in b.rows[0])
    assert table.rows is not None
    assert ["OCR add-on for scanned documents", "3", "43.20", "129.60"] in table.rows
    # every line keeps its box in page units and its confidence
    lines = [ln for b in result.blocks for ln in b.lines]
    assert lines and all(
        0 <= ln.bbox[0] < ln.bbox[2] <= 612 and 0 <= ln.bbox[1] < ln.bbox[3] <= 792 for ln in lines
    )
    assert all(ln.confidence is not None and 0 < ln.confidence <= 1 for ln in lines)
    # and its words, each with a box inside the line's and a confidence
    for ln in lines:
        assert ln.words and " ".join(w.text for w in ln.words).replace(" ", "") == ln.text.replace(" ", "")
        assert all(ln.bbox[0] - 1 <= w.bbox[0] < w.bbox[2] <= ln.bbox[2] + 1 for w in ln.words)
    assert result.engine == "rapidocr" and result.timings["ocr_s"] > 0


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_page_scanned_sideways_or_upside_down_is_read_upright(ocr, rotate: int) -> None:
    result = ocr.convert_page(scan_input(3, rotate=rotate))
    assert (result.width, result.height) == (612.0, 792.0)
    assert squeezed(files.INVOICE_IBAN) in squeezed(result.markdown or "")
    assert result.warnings == [f"page was rotated by {rotate}°; it was read upright"] or rotate == 0


@pytest.mark.parametrize("seed", range(6))
def test_the_line_items_stay_one_table_on_tilted_scans(ocr, seed: int) -> None:
    # given the invoice scanned six times, each tilted by its own fraction of a degree
    image = files.scan_image(files.invoice_pdf(), 1, seed=seed)
    # when it is read
    result = ocr.convert_page(PageInput(page_no=1, width=612.0, height=792.0, image=image))
    # then the header and the rows line up as one table: the boxes were straightened by
    # the page's real tilt (its quads' median slope missed it by up to 0.6 degrees)
    table = next(b for b in result.blocks if b.kind == "table" and b.rows and "Qty" in b.rows[0])
    assert table.rows is not None and table.rows[0] == ["Description", "Qty", "Unit price", "Amount"]
    assert ["OCR add-on for scanned documents", "3", "43.20", "129.60"] in table.rows


RECEIPT_HEADER = [
    "KEDAI BUKU MAJU JAYA",
    "NO.12, JALAN MERANTI 3, TAMAN SERI",
    "INDAH, 81100 JOHOR BAHRU, JOHOR.",
    "TEL: 07-355 1234",
]
RECEIPT_ITEMS = [
    ("PENCIL 2B", "3.20"),
    ("EXERCISE BOOK", "9.30"),
    ("RULER 30CM", "1.80"),
    ("ERASER", "0.90"),
    ("SUBTOTAL", "15.20"),
    ("ROUNDING", "0.00"),
    ("TOTAL", "15.20"),
    ("CASH", "20.00"),
    ("CHANGE", "4.80"),
]


def curled_receipt(tilt: float = 3.5, width: int = 640, size: int = 22, pitch: int = 30) -> Image.Image:
    """A till slip whose header curls up by ``tilt`` degrees above flat item rows, each a
    label at the left and its amount at the right (a photographed thermal receipt)."""
    font = ImageFont.load_default(size=size)
    head = Image.new("L", (width, 40 + pitch * len(RECEIPT_HEADER)), 255)
    draw = ImageDraw.Draw(head)
    for i, text in enumerate(RECEIPT_HEADER):
        draw.text(((width - draw.textlength(text, font=font)) / 2, 20 + pitch * i), text, font=font, fill=0)
    head = head.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=255)
    page = Image.new("L", (width, head.height + 40 + pitch * len(RECEIPT_ITEMS)), 255)
    page.paste(head, (0, 0))
    draw = ImageDraw.Draw(page)
    for i, (label, amount) in enumerate(RECEIPT_ITEMS):
        y = head.height + 20 + pitch * i
        draw.text((40, y), label, font=font, fill=0)
        draw.text((width - 40 - draw.textlength(amount, font=font), y), amount, font=font, fill=0)
    return page.convert("RGB")


def test_on_a_curled_receipt_every_amount_stays_on_its_labels_row(ocr) -> None:
    # given a photographed slip whose header curls while its item rows lie flat
    image = curled_receipt()
    # when it is read
    result = ocr.convert_page(PageInput(1, image.width, image.height, image=image))
    # then the header reads in order, and each row keeps its label and its amount together
    md = result.markdown or ""
    # (the fp32 recognizer, which reads the uncertain lines again, may drop the space in
    # "07-355 1234", as it does in an IBAN's digit groups)
    assert_in_order(squeezed(md), [squeezed(text) for text in RECEIPT_HEADER])
    table = next(b for b in result.blocks if b.kind == "table" and b.rows)
    assert table.rows is not None
    assert [[cell for cell in row if cell] for row in table.rows] == [list(item) for item in RECEIPT_ITEMS]


@pytest.mark.slow  # OCR of whole pages, cropped and not: about 20 s
def test_cropping_to_the_content_reads_the_same_lines_at_the_same_places(ocr) -> None:
    # given a scanned invoice page read with and without cutting its margins
    image = files.scan_image(files.invoice_pdf(), 1)
    cropped = ocr.ocr.read(image)
    whole = RapidOcr(crop_to_content=False).read(image)
    # then the same lines come out with the same characters (a space next to a dash may
    # come and go: the detector's input is rounded to 32 px differently, and ONNX Runtime's
    # output has been seen to differ by that between runs), and each line's box is where it
    # was on the page, in the scan's own pixels, to within that rounding (a few pixels; a
    # line is about 36 high)
    assert [squeezed(ln.text) for ln in cropped] == [squeezed(ln.text) for ln in whole]
    for a, b in zip(cropped, whole, strict=True):
        assert max(abs(p - q) for p, q in zip(a.box, b.box, strict=True)) < (b.box[3] - b.box[1]) / 4, (a, b)
        assert len(a.words) == len(b.words)
    assert all(
        0 <= ln.box[0] < ln.box[2] <= image.width and 0 <= ln.box[1] < ln.box[3] <= image.height
        for ln in cropped
    )


def test_ocr_runs_with_the_network_blocked() -> None:
    # A socket audit hook refuses every network call in a fresh interpreter; the engine
    # must load its models by path (the bundled ones, or the int8 ones derived from
    # them, deriving them if need be) and read a page all the same.
    script = (
        NO_NETWORK
        + """
from tests.factories import files
from worker.engines.base import PageInput
from worker.engines.rapidocr import RapidOcrEngine
engine = RapidOcrEngine()
page = PageInput(page_no=3, width=612.0, height=792.0, image=files.scan_image(files.invoice_pdf(), 3))
print(engine.convert_page(page).markdown)
print("precision:", engine.ocr.precision)
"""
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert f"precision: {'int8' if int8_dot_product() else 'fp32'}" in out.stdout
    assert squeezed(files.INVOICE_IBAN) in squeezed(out.stdout)


def test_ocr_line_boxes_feed_the_shared_layout_columns_and_headings() -> None:
    # given OCR lines of a page with a large heading and two columns whose rows interleave
    # in the detector's top-to-bottom order, with the uneven box heights OCR produces
    lines = [OcrLine("Annual Report", (100, 80, 700, 150), 0.99)]
    for i in range(6):
        y = 300 + i * 40
        # box heights scatter by about ±10 % around the text size, as measured on scans
        lines.append(
            OcrLine(f"left column line {i} of the first text", (100, y, 760, y + 30 + (i % 3) * 2), 0.98)
        )
        lines.append(
            OcrLine(
                f"right column line {i} of the second text", (900, y + 2, 1560, y + 33 - (i % 2) * 3), 0.97
            )
        )
    # when they go through the adapter and the shared layout (1700 x 2200 px page at 200 DPI)
    sx = sy = 72 / 200
    blocks = layout_lines(to_layout_lines(lines, sx, sy), 612, 792)
    text = "\n".join(b.text for b in blocks)
    # then the heading is a heading and each column reads through before the next
    assert blocks[0].kind in ("title", "section_header") and blocks[0].text == "Annual Report"
    assert_in_order(
        text, [f"left column line {i}" for i in range(6)] + [f"right column line {i}" for i in range(6)]
    )
    # and body lines are not promoted to headings by their box heights
    assert all(b.kind not in ("title", "section_header") for b in blocks[1:])


def test_lines_of_one_larger_print_get_one_size_and_one_heading_level() -> None:
    # given a slip's name, then two address lines in one larger print whose boxes came
    # out of the detector 3 px apart in height, above rows of body text
    lines = [
        OcrLine("KEDAI BUKU MAJU JAYA", (150, 40, 490, 84), 0.99),
        OcrLine("NO.12, JALAN MERANTI 3,", (170, 100, 470, 130), 0.99),
        OcrLine("TAMAN SERI INDAH, JOHOR.", (160, 136, 480, 169), 0.99),
    ]
    for i in range(12):
        y = 200 + 26 * i
        lines.append(OcrLine(f"ITEM NUMBER {i}", (40, y, 240, y + 20 + (i % 3)), 0.98))
        lines.append(OcrLine(f"{i}.50", (520, y, 600, y + 20 + (i % 2)), 0.98))
    # when they go to the layout
    layout = to_layout_lines(lines, 1, 1)
    blocks = layout_lines(layout, 640, 600, allow_title=True)
    # then the address lines have one size, the name its own, the body another
    sizes = [ln.size or 0.0 for ln in layout]
    assert sizes[1] == sizes[2]
    assert sizes[0] > sizes[1] > sizes[3] == sizes[5]
    # and the address is not cut into headings of two levels
    address = [b for b in blocks if "JALAN" in b.text or "TAMAN" in b.text]
    assert len({b.level for b in address if b.kind == "section_header"}) <= 1
    assert_in_order(
        "\n".join(b.text for b in blocks), ["NO.12, JALAN MERANTI 3,", "TAMAN SERI INDAH, JOHOR."]
    )


def test_full_width_signs_in_latin_text_read_as_ascii() -> None:
    # given recognised lines with the full-width forms a Chinese-trained recognizer gives
    # then in Latin text they are the ASCII signs, and in Chinese text they stay
    assert (
        fold_full_width("S.H.H. MOTOR\uff08SUNGAI RENGIT) SDN.BHD.") == "S.H.H. MOTOR(SUNGAI RENGIT) SDN.BHD."
    )
    assert fold_full_width("Date\uff1a12/03/2018") == "Date:12/03/2018"
    assert fold_full_width("\u8c22\u8c22\uff08\u5149\u4e34\uff09") == "\u8c22\u8c22\uff08\u5149\u4e34\uff09"


def _page_input(pdf: bytes, page_no: int, dpi: int = 200) -> PageInput:
    doc = pdfium.PdfDocument(pdf)
    page = doc[page_no - 1]
    layer = extract_text_layer(page)
    width, height = page.get_size()
    image = page.render(scale=dpi / 72).to_pil()
    return PageInput(page_no=page_no, width=width, height=height, image=image, text_layer=layer)


def test_auto_uses_the_text_layer_where_it_is_real_and_ocr_elsewhere(ocr) -> None:
    auto = AutoEngine(ocr=ocr)
    digital, scanned = files.invoice_pdf(), files.scanned_invoice_pdf(pages=(2,))
    assert auto.wants_image(has_text_layer=False) and not auto.wants_image(has_text_layer=True)
    results = auto.convert([_page_input(digital, 1), _page_input(scanned, 1)])
    assert [r.engine for r in results] == ["pdf-text", "rapidocr"]
    assert files.INVOICE_TERMS_HEADING in (results[1].markdown or "")


def test_a_foreign_invisible_text_layer_is_ignored_and_the_page_is_read(ocr) -> None:
    page = _page_input(files.scanned_with_invisible_layer_pdf(), 1)
    assert page.text_layer is not None and page.text_layer.has_text and not page.text_layer.is_real
    (result,) = AutoEngine(ocr=ocr).convert([page])
    assert result.engine == "rapidocr"
    assert files.INVOICE_NUMBER in (result.markdown or "")
    assert files.INVISIBLE_LAYER_TEXT not in (result.markdown or "")


def test_a_born_digital_layer_is_real() -> None:
    doc = pdfium.PdfDocument(files.invoice_pdf())
    layer = extract_text_layer(doc[0])
    assert layer.is_real and layer.invisible == 0 and layer.unmapped == 0


@pytest.mark.slow  # scanned pages through the API and a worker: about 60 s
def test_a_scanned_pdf_and_a_png_convert_through_the_api_with_auto(client, worker) -> None:
    # given a two-page scanned PDF and a PNG of a page scanned sideways
    pdf_id = submit(client, files.scanned_invoice_pdf(pages=(1, 3)), "scan.pdf").json()["id"]
    png_id = submit(client, files.scanned_invoice_png(page=2, rotate=90), "scan.png").json()["id"]
    # when converted with the default engine (auto)
    pdf_doc, png_doc = wait_done(client, pdf_id, timeout=180), wait_done(client, png_id, timeout=180)
    # then both succeed through OCR, with the text in reading order
    assert pdf_doc["status"] == "succeeded" and png_doc["status"] == "succeeded"
    assert {p["engine"] for p in pdf_doc["page_details"]} == {"rapidocr"}
    md = client.get(f"/v1/documents/{pdf_id}/result", params={"format": "markdown"}).text
    assert files.INVOICE_NUMBER in md and squeezed(files.INVOICE_IBAN) in squeezed(md)
    assert_in_order(md, ["From", "Friedrichstrasse 123", "Bill to", "42 Harbour Road", "Payment details"])
    png_md = client.get(f"/v1/documents/{png_id}/result").text
    assert files.INVOICE_TERMS_HEADING in png_md
    # and the page JSON carries line boxes with confidences, to highlight a value's source
    page = client.get(f"/v1/documents/{pdf_id}/pages/1").json()
    lines = [ln for b in page["result"]["blocks"] for ln in b["lines"]]
    hit = next(ln for ln in lines if files.INVOICE_NUMBER in ln["text"])
    assert len(hit["bbox"]) == 4 and 0.5 < hit["confidence"] <= 1
    (word,) = [w for w in hit["words"] if w["text"] == files.INVOICE_NUMBER]
    assert hit["bbox"][0] - 1 <= word["bbox"][0] < word["bbox"][2] <= hit["bbox"][2] + 1
    assert 0.5 < word["confidence"] <= 1
    assert Image.open(io.BytesIO(files.scanned_invoice_png())).size == (1700, 2200)


def test_a_png_with_a_transparent_background_is_read_as_ink_on_white_paper(client, worker) -> None:
    # given a scanned page exported as black ink whose paper is transparent: the pixels
    # under the transparency are black, as most tools write them
    scan = files.scan_image(files.invoice_pdf(), 1)
    ink = Image.new("RGBA", scan.size, (0, 0, 0, 0))
    ink.putalpha(Image.eval(scan, lambda v: 255 - v))
    buf = io.BytesIO()
    ink.save(buf, "PNG")
    # when it is converted with the default engine
    doc_id = submit(client, buf.getvalue(), "transparent.png").json()["id"]
    doc = wait_done(client, doc_id, timeout=180)
    # then the page is read as if printed on white
    assert doc["status"] == "succeeded", doc
    md = client.get(f"/v1/documents/{doc_id}/result").text
    assert files.INVOICE_NUMBER in md and files.INVOICE_TOTAL in md


def test_a_high_resolution_scan_is_stored_at_the_size_ocr_reads_and_boxes_stay_in_its_pixels(
    client, sent
) -> None:
    from common.core.db import get_database
    from common.core.settings import get_settings
    from common.core.storage import get_store, page_image_key
    from tests.helpers import tenant_of
    from worker import flows

    db, store, settings = get_database(), get_store(), get_settings()
    # given a 300 DPI scan of a letter page: about 2550 x 3300 pixels
    scan = files.scan_image(files.invoice_pdf(), 1, dpi=300)
    buf = io.BytesIO()
    scan.save(buf, "PNG")
    # when it is prepared for the default engine (the pipeline's steps, run here)
    doc_id = submit(client, buf.getvalue(), "scan300.png").json()["id"]
    flows.prepare_document(db, store, settings, uuid.UUID(doc_id))
    # then the copy kept for OCR is no bigger than what OCR reads
    key = page_image_key(tenant_of(client), uuid.UUID(doc_id), 1)
    stored = Image.open(io.BytesIO(store.get_bytes(key)))
    assert max(stored.size) == MAX_SIDE and stored.size[0] < stored.size[1]
    # when it is converted and finished
    flows.convert_page(db, store, settings, uuid.UUID(doc_id), 1)
    flows.finalize_document(db, store, settings, uuid.UUID(doc_id))
    assert client.get(f"/v1/documents/{doc_id}").json()["status"] == "succeeded"
    # and the page is still reported in the scan's own pixels, its boxes where the
    # print is: the invoice number where the PDF draws it, scaled to 300 DPI
    page = client.get(f"/v1/documents/{doc_id}/pages/1").json()["result"]
    assert (page["width"], page["height"]) == scan.size
    words = [w for b in page["blocks"] for ln in b["lines"] for w in ln["words"]]
    found = sorted((w["bbox"] for w in words if w["text"] == files.INVOICE_NUMBER), key=lambda b: b[1])
    layer = extract_text_layer(pdfium.PdfDocument(files.invoice_pdf())[0])
    spans = sorted((sp for sp in layer.spans if sp.text == files.INVOICE_NUMBER), key=lambda sp: sp.top)
    assert found and len(found) == len(spans)
    for box, span in zip(found, spans, strict=True):
        expected = [v * 300 / 72 for v in (span.x0, span.top, span.x1, span.bottom)]
        # skew (up to 0.6 degrees) and the detector's padding move a box by a few pixels
        assert all(abs(a - b) < 40 for a, b in zip(box, expected, strict=True)), (box, expected)
