"""What the text-layer tests share: a PDF file's page read into its text layer
(tests/test_pdf_text.py, tests/test_drawings.py), and
PDFs written object by object."""

from __future__ import annotations

from pathlib import Path

import pypdfium2

from worker.engines.textlayer import TextLayer, extract_text_layer


def text_layer_of(path: Path, index: int = 0) -> TextLayer:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return extract_text_layer(pdf[index])
    finally:
        pdf.close()


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1, the catalog first) with a right xref: for
    pages no PDF library writes (a Type 3 font with a loose FontBBox, glyphs kerned by
    hand, a widget without an AcroForm)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_stream(data: bytes) -> bytes:
    """A stream object's body holding ``data`` uncompressed."""
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def helvetica_page(content: bytes) -> bytes:
    """A one-page US Letter PDF drawing ``content`` with Helvetica as /F1."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            pdf_stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )
