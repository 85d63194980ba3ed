"""PDFs other than the invoice: written by hand (many pages in milliseconds, an empty page
tree, or any objects a test needs) or with reportlab (image-only, encrypted), and broken ones
(truncated, corrupt)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import letter
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from tests.factories.invoice import invoice_pdf


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
