"""Deterministic in-memory test files for Pagemill.

Every factory is a pure function returning ``bytes``; nothing touches the disk.
Options are keyword-only. The ``INVOICE_*`` constants describe the ground truth of
:func:`invoice_pdf` so tests can assert on extracted text.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import letter
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

__all__ = [
    "INVISIBLE_LAYER_TEXT",
    "INVOICE_BIC",
    "INVOICE_BUYER",
    "INVOICE_CLOSING_NOTE",
    "INVOICE_DATE",
    "INVOICE_DUE_DATE",
    "INVOICE_IBAN",
    "INVOICE_LEFT_COLUMN",
    "INVOICE_LINE_ITEMS",
    "INVOICE_NUMBER",
    "INVOICE_PAGE_COUNT",
    "INVOICE_RIGHT_COLUMN",
    "INVOICE_SELLER",
    "INVOICE_SUBTOTAL",
    "INVOICE_TERMS_HEADING",
    "INVOICE_TOTAL",
    "INVOICE_TOTAL_LINE",
    "INVOICE_VAT",
    "TIFF_BROKEN_FRAME_INDEX",
    "corrupt_pdf",
    "empty_pdf_no_pages",
    "encrypted_pdf",
    "gif",
    "html_named_pdf",
    "image_only_pdf",
    "invoice_pdf",
    "jpeg",
    "multipage_tiff",
    "plain_text",
    "png",
    "png_bomb",
    "polyglot_pdf_zip",
    "scan_image",
    "scanned_invoice_pdf",
    "scanned_invoice_png",
    "scanned_with_invisible_layer_pdf",
    "text_pdf",
    "tiff_with_broken_frame",
    "truncated_pdf",
    "truncated_png",
    "zip_bytes",
]

# --------------------------------------------------------------------------------------
# Invoice ground truth
# --------------------------------------------------------------------------------------

INVOICE_PAGE_COUNT = 3
INVOICE_NUMBER = "INV-2026-0042"
INVOICE_DATE = "2026-01-15"
INVOICE_DUE_DATE = "2026-02-14"
INVOICE_SELLER: list[str] = [
    "Pagemill Conversion GmbH",
    "Friedrichstrasse 123",
    "10117 Berlin, Germany",
    "VAT ID: DE123456789",
]
INVOICE_BUYER: list[str] = [
    "Northwind Archives Ltd.",
    "Attn: Accounts Payable",
    "42 Harbour Road",
    "Dublin D02 XY45, Ireland",
]
# (description, qty, unit price, amount) exactly as printed.
INVOICE_LINE_ITEMS: list[tuple[str, str, str, str]] = [
    ("Document conversion - Standard plan (Jan 2026)", "1", "499.00", "499.00"),
    ("Additional pages (per 1,000)", "12", "25.00", "300.00"),
    ("OCR add-on for scanned documents", "3", "43.20", "129.60"),
    ("Priority support hours", "2", "50.10", "100.20"),
]
INVOICE_SUBTOTAL = "1,028.80 EUR"
INVOICE_VAT = "205.76 EUR"
INVOICE_TOTAL = "1,234.56 EUR"
INVOICE_TOTAL_LINE = f"Total due: {INVOICE_TOTAL}"

INVOICE_TERMS_HEADING = "Terms and Conditions"
# Page 2 is two columns; the content stream draws them row by row (left line i,
# then right line i), so naive extraction interleaves them. Correct reading order
# is INVOICE_LEFT_COLUMN followed by INVOICE_RIGHT_COLUMN.
INVOICE_LEFT_COLUMN: list[str] = [
    "1. Payment is due within thirty days",
    "of the invoice date shown above.",
    "2. Late payments accrue interest at",
    "eight percent above the base rate.",
    "3. All prices are quoted in euros and",
    "exclude any bank transfer charges.",
    "4. Disputes must be raised in writing",
    "within fourteen days of receipt.",
]
INVOICE_RIGHT_COLUMN: list[str] = [
    "5. Services are provided as described",
    "in the order confirmation only.",
    "6. Either party may terminate with",
    "ninety days written notice.",
    "7. Liability is limited to the fees",
    "paid in the preceding twelve months.",
    "8. This agreement is governed by the",
    "laws of Germany; the courts of Berlin",
    "have exclusive jurisdiction.",
]

INVOICE_IBAN = "DE89 3704 0044 0532 0130 00"
INVOICE_BIC = "COBADEFFXXX"
INVOICE_CLOSING_NOTE = "Thank you for your business!"

# 0-based index of the frame whose strip data is missing in tiff_with_broken_frame().
TIFF_BROKEN_FRAME_INDEX = 1


# --------------------------------------------------------------------------------------
# PDFs
# --------------------------------------------------------------------------------------


def _footer(c: canvas.Canvas, page: int, total: int) -> None:
    width, _ = letter
    c.setFont("Helvetica", 8)
    c.setFillGray(0.4)
    c.drawString(72, 40, f"{INVOICE_SELLER[0]} - Invoice {INVOICE_NUMBER}")
    c.drawRightString(width - 72, 40, f"Page {page} of {total}")
    c.setFillGray(0)


def _invoice_page1(c: canvas.Canvas) -> None:
    width, height = letter
    left, right = 72.0, width - 72.0

    c.setFont("Helvetica-Bold", 22)
    c.drawString(left, height - 80, "INVOICE")

    c.setFont("Helvetica", 10)
    y = height - 80.0
    for label, value in (
        ("Invoice number:", INVOICE_NUMBER),
        ("Invoice date:", INVOICE_DATE),
        ("Due date:", INVOICE_DUE_DATE),
    ):
        c.drawRightString(right - 100, y, label)
        c.drawRightString(right, y, value)
        y -= 14

    y = height - 150.0
    c.setFont("Helvetica-Bold", 10)
    c.drawString(left, y, "From")
    c.drawString(330, y, "Bill to")
    c.setFont("Helvetica", 10)
    for i, (seller, buyer) in enumerate(zip(INVOICE_SELLER, INVOICE_BUYER, strict=True)):
        c.drawString(left, y - 14 * (i + 1), seller)
        c.drawString(330, y - 14 * (i + 1), buyer)

    # Line-item table.
    cols = (left, 360.0, 430.0, right)  # description (left), qty/unit/amount (right-aligned)
    y = height - 260.0
    c.setFillGray(0.9)
    c.rect(left - 4, y - 6, right - left + 8, 20, stroke=0, fill=1)
    c.setFillGray(0)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(cols[0], y, "Description")
    c.drawRightString(cols[1], y, "Qty")
    c.drawRightString(cols[2] + 40, y, "Unit price")
    c.drawRightString(cols[3], y, "Amount")
    c.setFont("Helvetica", 10)
    c.setLineWidth(0.5)
    for desc, qty, unit, amount in INVOICE_LINE_ITEMS:
        y -= 22
        c.drawString(cols[0], y, desc)
        c.drawRightString(cols[1], y, qty)
        c.drawRightString(cols[2] + 40, y, unit)
        c.drawRightString(cols[3], y, amount)
        c.line(left - 4, y - 7, right + 4, y - 7)

    y -= 36
    for label, value, bold in (
        ("Subtotal:", INVOICE_SUBTOTAL, False),
        ("VAT 20%:", INVOICE_VAT, False),
        ("Total due:", INVOICE_TOTAL, True),
    ):
        c.setFont("Helvetica-Bold" if bold else "Helvetica", 11 if bold else 10)
        c.drawRightString(right - 110, y, label)
        c.drawRightString(right, y, value)
        y -= 18

    c.setFont("Helvetica-Oblique", 9)
    c.drawString(left, y - 20, "Terms and conditions overleaf. Payment details on page 3.")
    _footer(c, 1, INVOICE_PAGE_COUNT)


def _invoice_page2(c: canvas.Canvas) -> None:
    width, height = letter
    left_x, right_x = 72.0, 324.0

    c.setFont("Helvetica-Bold", 16)
    c.drawString(left_x, height - 80, INVOICE_TERMS_HEADING)

    # Row by row on purpose: left line i then right line i, same baseline.
    c.setFont("Helvetica", 10)
    y = height - 120.0
    for i in range(max(len(INVOICE_LEFT_COLUMN), len(INVOICE_RIGHT_COLUMN))):
        if i < len(INVOICE_LEFT_COLUMN):
            c.drawString(left_x, y, INVOICE_LEFT_COLUMN[i])
        if i < len(INVOICE_RIGHT_COLUMN):
            c.drawString(right_x, y, INVOICE_RIGHT_COLUMN[i])
        y -= 15
    c.setLineWidth(0.5)
    c.setStrokeGray(0.6)
    c.line(width / 2, height - 105, width / 2, y)
    c.setStrokeGray(0)
    _footer(c, 2, INVOICE_PAGE_COUNT)


def _invoice_page3(c: canvas.Canvas) -> None:
    _, height = letter
    left = 72.0

    c.setFont("Helvetica-Bold", 16)
    c.drawString(left, height - 80, "Payment details")
    c.setFont("Helvetica", 10)
    y = height - 115.0
    for label, value in (
        ("Account holder:", INVOICE_SELLER[0]),
        ("Bank:", "Commerzbank Berlin"),
        ("IBAN:", INVOICE_IBAN),
        ("BIC:", INVOICE_BIC),
        ("Reference:", INVOICE_NUMBER),
        ("Amount:", INVOICE_TOTAL),
    ):
        c.drawString(left, y, label)
        c.drawString(left + 100, y, value)
        y -= 16

    y -= 24
    c.drawString(left, y, "Please quote the invoice number as the payment reference.")
    y -= 30
    c.setFont("Helvetica-Bold", 12)
    c.drawString(left, y, INVOICE_CLOSING_NOTE)
    c.setFont("Helvetica", 10)
    c.drawString(left, y - 16, "Questions? Contact billing@pagemill.example.")
    _footer(c, 3, INVOICE_PAGE_COUNT)


def invoice_pdf() -> bytes:
    """A deterministic 3-page Letter invoice (see the ``INVOICE_*`` constants)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1, pageCompression=1)
    c.setTitle(f"Invoice {INVOICE_NUMBER}")
    c.setAuthor(INVOICE_SELLER[0])
    for draw in (_invoice_page1, _invoice_page2, _invoice_page3):
        draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def _pdf_string(text: str) -> bytes:
    raw = text.encode("latin-1", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _assemble_pdf(objects: Sequence[bytes], *, root: int = 1, version: bytes = b"1.7") -> bytes:
    """Serialise numbered objects (1-based, in order) with a correct xref table."""
    return pdf_from_objects(
        objects, header=b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n", trailer=b"/Root %d 0 R" % root
    )


def pdf_from_objects(
    objects: Sequence[bytes], *, header: bytes, trailer: bytes, startxref: int | None = None
) -> bytes:
    """Numbered objects (1-based) after ``header``, with a classic xref table and a trailer
    holding ``trailer`` (``startxref`` overrides the xref offset, for broken files)."""
    out = bytearray(header)
    offsets: list[int] = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d " % (len(objects) + 1) + trailer + b" >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % (xref if startxref is None else startxref)
    return bytes(out)


def text_pdf(pages: int, *, text: str = "Page {page} of {pages}") -> bytes:
    """``pages`` Letter pages with one line each; ``text`` may use ``{page}``/``{pages}``.

    Written by hand (no reportlab), so 2,500 pages take a few milliseconds.
    """
    if pages < 1:
        raise ValueError("pages must be >= 1 (use empty_pdf_no_pages() for zero)")
    # 1 catalog, 2 pages tree, 3 font, then (page, content) pairs.
    first = 4
    kids = b" ".join(b"%d 0 R" % (first + 2 * i) for i in range(pages))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i in range(pages):
        line = text.format(page=i + 1, pages=pages)
        stream = b"BT /F1 12 Tf 72 720 Td " + _pdf_string(line) + b" Tj ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (first + 2 * i + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    return _assemble_pdf(objects)


def empty_pdf_no_pages() -> bytes:
    """Syntactically valid PDF whose page tree is empty (``/Count 0``)."""
    return _assemble_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
        ]
    )


def _gradient_image(width: int, height: int) -> Image.Image:
    """A deterministic colourful raster with shapes (no text); compresses well."""
    img = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    bands = 16
    for b in range(bands):
        x0, x1 = b * width // bands, (b + 1) * width // bands
        draw.rectangle((x0, 0, x1, height), fill=(b * 255 // (bands - 1), 90, 255 - b * 255 // (bands - 1)))
    draw.ellipse((width // 4, height // 4, 3 * width // 4, 3 * height // 4), fill=(250, 220, 40))
    draw.rectangle((10, 10, width // 5, height // 5), outline=(0, 0, 0), width=3)
    return img


def image_only_pdf() -> bytes:
    """One Letter page containing only a raster image (no text objects)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1)
    c.drawImage(ImageReader(_gradient_image(160, 120)), 72, 400, width=468, height=351)
    c.showPage()
    c.save()
    return buf.getvalue()


def encrypted_pdf(*, user_password: str = "secret", owner_password: str = "owner-secret") -> bytes:
    """A one-page PDF that needs ``user_password`` to open (RC4 128-bit standard security)."""
    buf = io.BytesIO()
    enc = StandardEncryption(user_password, ownerPassword=owner_password, strength=128)
    c = canvas.Canvas(buf, pagesize=letter, invariant=1, encrypt=enc)
    c.setFont("Helvetica", 12)
    c.drawString(72, 720, "Confidential: this document is password protected.")
    c.showPage()
    c.save()
    return buf.getvalue()


def truncated_pdf() -> bytes:
    """The first half of :func:`invoice_pdf`: valid header, no xref/trailer/catalog."""
    data = invoice_pdf()
    return data[: len(data) // 2]


def corrupt_pdf() -> bytes:
    """``%PDF-1.7`` header followed by deterministic binary garbage."""
    garbage = b"".join(hashlib.sha256(b"pagemill-corrupt-%d" % i).digest() for i in range(64))
    return b"%PDF-1.7\n" + garbage


def html_named_pdf() -> bytes:
    """HTML content (meant to be uploaded with a ``.pdf`` name / PDF content type)."""
    return (
        b"<!DOCTYPE html>\n<html><head><title>Invoice</title></head>\n"
        b"<body><h1>Not really a PDF</h1><p>This is HTML served as invoice.pdf.</p></body></html>\n"
    )


def zip_bytes() -> bytes:
    """A small deterministic ZIP archive with two text members."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, content in (("readme.txt", "hello from a zip\n"), ("data/notes.txt", "second member\n")):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content)
    return buf.getvalue()


def polyglot_pdf_zip() -> bytes:
    """A valid one-page PDF with a ZIP archive appended (both parsers accept it)."""
    return text_pdf(1, text="Polyglot PDF/ZIP") + zip_bytes()


def plain_text() -> bytes:
    """UTF-8 plain text (an unsupported upload type)."""
    return b"Just some plain text.\nNot a document format Pagemill accepts.\n"


# --------------------------------------------------------------------------------------
# Raster images
# --------------------------------------------------------------------------------------


def _text_image(width: int, height: int, text: str, *, mode: str = "RGB") -> Image.Image:
    img = Image.new(mode, (width, height), "white")
    draw = ImageDraw.Draw(img)
    size = max(10, min(height // 6, 2 * width // max(len(text), 1)))
    font = ImageFont.load_default(size=size)
    draw.text((width // 20, height // 3), text, fill="black", font=font)
    draw.rectangle((2, 2, width - 3, height - 3), outline="black", width=2)
    return img


def png(*, width: int = 400, height: int = 300, text: str = "Pagemill sample PNG") -> bytes:
    """An RGB PNG with black ``text`` on white."""
    buf = io.BytesIO()
    _text_image(width, height, text).save(buf, format="PNG")
    return buf.getvalue()


def jpeg(
    *, width: int = 400, height: int = 300, text: str = "Pagemill sample JPEG", quality: int = 85
) -> bytes:
    """An RGB baseline JPEG with black ``text`` on white."""
    buf = io.BytesIO()
    _text_image(width, height, text).save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def gif(*, width: int = 120, height: int = 80) -> bytes:
    """A GIF image (an unsupported upload type)."""
    buf = io.BytesIO()
    _text_image(width, height, "GIF", mode="RGB").convert("P").save(buf, format="GIF")
    return buf.getvalue()


def multipage_tiff(frames: int = 3, *, width: int = 400, height: int = 300) -> bytes:
    """A multi-frame TIFF; frame k (1-based) shows ``"TIFF frame k of n"``."""
    if frames < 1:
        raise ValueError("frames must be >= 1")
    images = [_text_image(width, height, f"TIFF frame {k} of {frames}") for k in range(1, frames + 1)]
    buf = io.BytesIO()
    images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate")
    return buf.getvalue()


def _tiff_ifd(width: int, height: int, strip_offset: int, strip_bytes: int, next_ifd: int) -> bytes:
    # (tag, type, count, value); type 3 = SHORT, 4 = LONG. Tags must be sorted.
    entries = [
        (256, 4, 1, width),  # ImageWidth
        (257, 4, 1, height),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # Compression: none
        (262, 3, 1, 1),  # Photometric: BlackIsZero
        (273, 4, 1, strip_offset),  # StripOffsets
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, height),  # RowsPerStrip
        (279, 4, 1, strip_bytes),  # StripByteCounts
    ]
    out = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        packed = struct.pack("<HH", value, 0) if typ == 3 else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, typ, count) + packed
    return out + struct.pack("<I", next_ifd)


def tiff_with_broken_frame(*, frames: int = 3, width: int = 64, height: int = 48) -> bytes:
    """Hand-written little-endian grayscale TIFF with ``frames`` frames.

    All IFDs are intact (so ``Image.open``/``n_frames`` work and frame 0 decodes), but
    frame ``TIFF_BROKEN_FRAME_INDEX`` has its StripOffsets pointing past the end of the
    file, so decoding that frame raises ``OSError``.
    """
    if frames <= TIFF_BROKEN_FRAME_INDEX:
        raise ValueError(f"frames must be > {TIFF_BROKEN_FRAME_INDEX}")
    strip = width * height
    ifd_size = 2 + 9 * 12 + 4
    # Layout: header(8) | per frame: pixel data (except broken) then IFD.
    header_len = 8
    blocks: list[bytes] = []
    ifd_offsets: list[int] = []
    data_offsets: list[int] = []
    pos = header_len
    for i in range(frames):
        has_data = i != TIFF_BROKEN_FRAME_INDEX
        data_offsets.append(pos)
        if has_data:
            pos += strip
        ifd_offsets.append(pos)
        pos += ifd_size
    total = pos
    for i in range(frames):
        if i != TIFF_BROKEN_FRAME_INDEX:
            shade = (40 + 80 * i) % 256
            blocks.append(bytes([shade]) * strip)
            offset = data_offsets[i]
        else:
            offset = total + 4096  # past EOF
        next_ifd = ifd_offsets[i + 1] if i + 1 < frames else 0
        blocks.append(_tiff_ifd(width, height, offset, strip, next_ifd))
    data = b"II*\x00" + struct.pack("<I", ifd_offsets[0]) + b"".join(blocks)
    assert len(data) == total
    return data


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def truncated_png() -> bytes:
    """Valid PNG signature + IHDR, but the image data is cut off mid-IDAT."""
    data = png()
    return data[: max(len(data) // 2, 33 + 20)]


def png_bomb(*, width: int = 30000, height: int = 30000) -> bytes:
    """A tiny PNG whose IHDR declares ``width`` x ``height`` 8-bit RGB pixels.

    The IDAT only holds one (zero) scanline, so the file is a few hundred bytes while
    decoding would need ``width * height * 3`` bytes. Note that Pillow's own
    decompression-bomb guard makes ``Image.open`` raise ``DecompressionBombError``
    for the default size unless ``Image.MAX_IMAGE_PIXELS`` is raised/disabled.
    """
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * (1 + 3 * width), 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


# --------------------------------------------------------------------------------------
# Scans: the invoice printed and scanned (for OCR)
# --------------------------------------------------------------------------------------

INVISIBLE_LAYER_TEXT = "Lorem ipsum dolor sit amet consectetur"


def scan_image(pdf: bytes, page_no: int, *, dpi: int = 200, rotate: int = 0, seed: int = 0) -> Image.Image:
    """A page of ``pdf`` as a scanner would return it: grayscale at ``dpi``, skewed by a
    fraction of a degree, slightly blurred, with sensor noise, then turned clockwise by
    ``rotate`` degrees (a sheet fed the wrong way)."""
    import random

    import pypdfium2 as pdfium
    from PIL import ImageFilter

    doc = pdfium.PdfDocument(pdf)
    try:
        img = doc[page_no - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()
    rng = random.Random(seed * 1000 + page_no)
    img = img.rotate(rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    # Sensor noise from the seeded generator: PIL's effect_noise draws from C's rand(),
    # so the same call gave a different page each time and tests read different scans.
    import numpy as np

    noise = np.random.default_rng(seed * 1000 + page_no).normal(0.0, 10.0, (img.height, img.width))
    img = Image.fromarray(np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8))
    if rotate:
        img = img.rotate(-rotate, expand=True)  # PIL turns counter-clockwise
    return img


def _image_pdf(images: Sequence[Image.Image], *, invisible_text: str | None = None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for img in images:
        w_pt, h_pt = img.width * 72 / 200, img.height * 72 / 200
        c.setPageSize((w_pt, h_pt))
        jpeg_buf = io.BytesIO()
        img.save(jpeg_buf, format="JPEG", quality=80)
        c.drawImage(ImageReader(io.BytesIO(jpeg_buf.getvalue())), 0, 0, width=w_pt, height=h_pt)
        if invisible_text:
            # A searchable-PDF layer from some other OCR tool, invisible and wrong.
            t = c.beginText(72, h_pt - 100)
            t.setTextRenderMode(3)
            t.setFont("Helvetica", 11)
            for _ in range(20):
                t.textLine(invisible_text)
            c.drawText(t)
        c.showPage()
    c.save()
    return buf.getvalue()


def scanned_invoice_pdf(*, pages: Sequence[int] = (1, 2, 3), rotate: int = 0) -> bytes:
    """The invoice as an image-only PDF (200 DPI scan of each page)."""
    return _image_pdf([scan_image(invoice_pdf(), n, rotate=rotate) for n in pages])


def scanned_with_invisible_layer_pdf() -> bytes:
    """Page 1 of the invoice scanned, with a foreign invisible text layer that does not
    match the image (:data:`INVISIBLE_LAYER_TEXT`)."""
    return _image_pdf([scan_image(invoice_pdf(), 1)], invisible_text=INVISIBLE_LAYER_TEXT)


def scanned_invoice_png(*, page: int = 1, rotate: int = 0) -> bytes:
    buf = io.BytesIO()
    scan_image(invoice_pdf(), page, rotate=rotate).save(buf, format="PNG")
    return buf.getvalue()
