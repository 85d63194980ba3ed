"""Scans: the invoice printed and scanned (for OCR), as image-only PDFs, as PNGs, and under a
foreign invisible text layer."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from tests.factories.invoice import invoice_pdf

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
