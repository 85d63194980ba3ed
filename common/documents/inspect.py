"""Decide what an upload is from its bytes, count its pages and refuse what we cannot convert.

Runs at submit time, before anything is stored, so a bad file costs the client one
request and us nothing. The client's file name and Content-Type are never trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageSequence, UnidentifiedImageError

from common.errors import (
    EmptyDocument,
    EncryptedDocument,
    ImageTooLarge,
    InvalidInput,
    TooManyPages,
    UnreadableDocument,
    UnsupportedMediaType,
)
from common.settings import LimitsSettings

PDF, PNG, JPEG, TIFF = "application/pdf", "image/png", "image/jpeg", "image/tiff"
SUPPORTED = (PDF, PNG, JPEG, TIFF)

# pdfium's FPDF_GetLastError codes
_FPDF_ERR_PASSWORD = 4
_FPDF_ERR_SECURITY = 5


def sniff(head: bytes) -> str | None:
    """The media type from magic bytes, or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return TIFF
    # The PDF header may legally follow a little leading junk (ISO 32000: within 1024 bytes).
    if b"%PDF-" in head[:1024]:
        return PDF
    return None


def _describe_unknown(head: bytes) -> str:
    known = {
        b"GIF8": "a GIF image",
        b"PK\x03\x04": "a ZIP archive (e.g. DOCX/XLSX)",
        b"RIFF": "a RIFF file (e.g. WebP)",
        b"BM": "a BMP image",
        b"\xd0\xcf\x11\xe0": "an OLE file (e.g. legacy .doc)",
        b"\x1f\x8b": "a gzip archive",
    }
    for magic, what in known.items():
        if head.startswith(magic):
            return what
    stripped = head.lstrip()[:64].lower()
    if stripped.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    try:
        head[:512].decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "an unknown binary format"


@dataclass(frozen=True)
class Inspection:
    media_type: str
    page_count: int


_PAGES_RE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def parse_page_selection(spec: str | None, page_count: int) -> list[int]:
    """``"1-3,7"`` → [1, 2, 3, 7]; None or "" → every page. Page numbers are 1-based."""
    if spec is None or not spec.strip():
        return list(range(1, page_count + 1))
    selected: set[int] = set()
    for part in spec.split(","):
        m = _PAGES_RE.match(part)
        if not m:
            raise InvalidInput(
                f"pages: {part.strip()!r} is not a page or a range; use e.g. '1-3,7'", field="pages"
            )
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        if first < 1 or last < first:
            raise InvalidInput(f"pages: {part.strip()!r} is not a valid range", field="pages")
        if last > page_count:
            raise InvalidInput(
                f"pages: {part.strip()!r} is out of range: the document has {page_count} page(s)",
                field="pages",
            )
        selected.update(range(first, last + 1))
    return sorted(selected)


def inspect_file(path: Path, head: bytes, limits: LimitsSettings) -> Inspection:
    if not head:
        raise EmptyDocument("the uploaded file is empty (0 bytes)")
    media_type = sniff(head)
    if media_type is None:
        raise UnsupportedMediaType(
            f"the file is {_describe_unknown(head)}, not a PDF, PNG, JPEG or TIFF "
            "(the type is decided by the file's content, not its name)",
            supported=list(SUPPORTED),
        )
    if media_type == PDF:
        return Inspection(PDF, _pdf_pages(path, limits))
    return Inspection(media_type, _image_frames(path, media_type, limits))


def _pdf_pages(path: Path, limits: LimitsSettings) -> int:
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    # pdfium silently rebuilds a cut-off file from what is left, which would convert
    # half a contract without a word; a missing end marker tells us it was cut.
    if b"%%EOF" not in tail:
        raise UnreadableDocument("the PDF is truncated: it has no end-of-file marker (%%EOF)")
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (_FPDF_ERR_PASSWORD, _FPDF_ERR_SECURITY):
            raise EncryptedDocument(
                "the PDF is password-protected; remove the password and upload it again"
            ) from exc
        raise UnreadableDocument(f"the PDF cannot be parsed ({exc})") from exc
    try:
        count = len(pdf)
        if count == 0:
            raise EmptyDocument("the PDF has no pages")
        if count > limits.max_pages:
            raise TooManyPages(
                f"the PDF has {count} pages; the limit is {limits.max_pages}",
                pages=count,
                limit=limits.max_pages,
            )
        # Loading the first and last page catches a broken page tree cheaply.
        for index in {0, count - 1}:
            try:
                page = pdf[index]
                w, h = page.get_size()
                page.close()
            except pdfium.PdfiumError as exc:
                raise UnreadableDocument(f"page {index + 1} of the PDF cannot be read ({exc})") from exc
            if not (1 <= w <= 14400 and 1 <= h <= 14400):  # 14400 pt is the PDF spec's maximum
                raise UnreadableDocument(f"page {index + 1} has an invalid size ({w:.0f} x {h:.0f} pt)")
        return count
    finally:
        pdf.close()


def _image_frames(path: Path, media_type: str, limits: LimitsSettings) -> int:
    kind = media_type.split("/")[1].upper()
    # PIL's bomb guard is global state; we check sizes ourselves against our own limit and
    # keep PIL's guard at twice that, so PIL raises only for things we would refuse anyway.
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    frames = 0
    try:
        with Image.open(path) as im:
            for index, frame in enumerate(ImageSequence.Iterator(im)):
                w, h = frame.size
                if w * h > limits.max_image_pixels:
                    raise ImageTooLarge(
                        f"{kind} frame {index + 1} is {w} x {h} pixels; "
                        f"the limit is {limits.max_image_pixels} pixels per page",
                    )
                if w < 1 or h < 1:
                    raise UnreadableDocument(f"{kind} frame {index + 1} has no pixels")
                try:
                    frame.load()  # decode now: a broken frame fails the upload, not a page later
                except (OSError, ValueError, SyntaxError) as exc:
                    raise UnreadableDocument(f"{kind} frame {index + 1} cannot be decoded ({exc})") from exc
                frames += 1
                if frames > limits.max_pages:
                    raise TooManyPages(
                        f"the {kind} has more than {limits.max_pages} frames", limit=limits.max_pages
                    )
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(f"the {kind} is too large to decode safely ({exc})") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise UnreadableDocument(f"the {kind} cannot be read ({exc})") from exc
    if frames == 0:
        raise EmptyDocument(f"the {kind} has no frames")
    return frames
