"""Deterministic in-memory test files for Pagemill, one import for the tests.

Every factory is a pure function returning ``bytes`` (``scan_image``: a PIL image); nothing
touches the disk. Options are keyword-only. They are built by kind in the modules beside
this one: the invoice and its ground truth (``INVOICE_*``, tests/factories/invoice.py),
other PDFs (pdfs.py), uploads that are not documents (other_files.py), raster images
(images.py) and scans of the invoice (scans.py).
"""

from __future__ import annotations

from tests.factories.images import (
    TIFF_BROKEN_FRAME_INDEX,
    gif,
    jpeg,
    multipage_tiff,
    png,
    png_bomb,
    tiff_with_broken_frame,
    truncated_png,
)
from tests.factories.invoice import (
    INVOICE_BIC,
    INVOICE_BUYER,
    INVOICE_CLOSING_NOTE,
    INVOICE_DATE,
    INVOICE_DUE_DATE,
    INVOICE_IBAN,
    INVOICE_LEFT_COLUMN,
    INVOICE_LINE_ITEMS,
    INVOICE_NUMBER,
    INVOICE_PAGE_COUNT,
    INVOICE_RIGHT_COLUMN,
    INVOICE_SELLER,
    INVOICE_SUBTOTAL,
    INVOICE_TERMS_HEADING,
    INVOICE_TOTAL,
    INVOICE_TOTAL_LINE,
    INVOICE_VAT,
    invoice_pdf,
)
from tests.factories.other_files import html_named_pdf, plain_text, polyglot_pdf_zip, zip_bytes
from tests.factories.pdfs import (
    corrupt_pdf,
    empty_pdf_no_pages,
    encrypted_pdf,
    image_only_pdf,
    pdf_from_objects,
    text_pdf,
    truncated_pdf,
)
from tests.factories.scans import (
    INVISIBLE_LAYER_TEXT,
    scan_image,
    scanned_invoice_pdf,
    scanned_invoice_png,
    scanned_with_invisible_layer_pdf,
)

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
    "pdf_from_objects",
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
