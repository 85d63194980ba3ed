"""Uploads that are not what they claim or not a document Pagemill accepts: HTML named
.pdf, a ZIP, a PDF with a ZIP appended, plain text."""

from __future__ import annotations

import io
import zipfile

from tests.factories.pdfs import text_pdf


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
