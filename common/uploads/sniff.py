"""What an upload is, from its first bytes: the media type we convert, or what else it is.

The client's file name and Content-Type are never trusted; only these bytes decide. The
other formats are named so that a refusal can tell the client what it sent, and so that
a polyglot (one format with another hidden before or after it) can be recognised.
"""

from __future__ import annotations

import re

PDF, PNG, JPEG, TIFF = "application/pdf", "image/png", "image/jpeg", "image/tiff"
SUPPORTED = (PDF, PNG, JPEG, TIFF)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_TIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")


def sniff(head: bytes) -> str | None:
    """The media type from magic bytes, or None."""
    if head.startswith(PNG_SIGNATURE):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] in _TIFF_MAGIC:
        return TIFF
    # The PDF header may legally follow a little leading junk (ISO 32000: within 1024 bytes).
    if b"%PDF-" in head[:1024]:
        return PDF
    return None


_KNOWN_MAGIC = (
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (e.g. DOCX/XLSX)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"RIFF", "a RIFF file (e.g. WebP)"),
    (b"BM", "a BMP image"),
    (b"\xd0\xcf\x11\xe0", "an OLE file (e.g. legacy .doc)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "an ELF executable"),
    (PNG_SIGNATURE, "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)


def known_format(head: bytes) -> str | None:
    """What ``head`` is in words ("a ZIP archive", "an HTML page"), where we recognise it."""
    for magic, what in _KNOWN_MAGIC:
        if head.startswith(magic):
            return what
    stripped = head.lstrip(b" \t\r\n\x00\x0c").removeprefix(b"\xef\xbb\xbf").lstrip()[:64].lower()
    if stripped.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    if stripped.startswith((b"<?xml", b"<svg")):
        return "an XML document (e.g. SVG)"
    if stripped.startswith(b"<"):
        return "a markup (HTML/XML) document"
    return None


def describe_unknown(head: bytes) -> str:
    """What a file we do not convert is, in words, for the client's error."""
    known = known_format(head)
    if known:
        return known
    try:
        head[:512].decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "an unknown binary format"


# Another format's signature after a file's own end: the file is a polyglot, read one
# way by us and another way by whatever looks at the rest.
_FOREIGN = re.compile(rb"%PDF-|PK\x03\x04|PK\x05\x06|<(?:html|script|svg|!doctype)", re.IGNORECASE)


def foreign_in(data: bytes) -> str | None:
    """The document format whose signature occurs in ``data`` (bytes after a file's end)."""
    m = _FOREIGN.search(data)
    if m is None:
        return None
    token = m.group().lower()
    if token == b"%pdf-":
        return "a PDF"
    if token.startswith(b"pk"):
        return "a ZIP archive"
    return "markup (HTML/SVG)"
