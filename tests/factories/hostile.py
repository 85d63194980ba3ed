"""A corpus of malformed and hostile uploads, built in memory and deterministic.

Every entry is small to build and to send: bombs are tiny files that *declare* huge
dimensions, page counts or inflated sizes. Each says how the API must answer it (a 4xx
status and a problem type code). :func:`corpus` lists them; the PDFs and images are
built in tests/factories/hostile_pdfs.py and hostile_images.py, where the hostile but
valid files (a PDF carrying JavaScript and an attachment) are too.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass

from tests.factories import files
from tests.factories import hostile_images as images
from tests.factories import hostile_pdfs as pdfs

__all__ = ["Hostile", "corpus"]


@dataclass(frozen=True)
class Hostile:
    """One hostile upload: how to build it and how the API must answer it."""

    name: str
    build: Callable[[], bytes]
    status: int
    code: str
    category: str

    def data(self) -> bytes:
        return self.build()


# --------------------------------------------------------------------------------------
# Other formats and polyglots
# --------------------------------------------------------------------------------------

SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b"<script>alert(document.domain)</script><rect width='100' height='100'/></svg>\n"
)
XML = (
    b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<r>&b;</r>\n'
)
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"\0" * 50
    + b"This program cannot be run in DOS mode.\r\n"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\0" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + b"\0" * 40


def _webp() -> bytes:
    payload = b"WEBPVP8 " + struct.pack("<I", 10) + b"\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00"
    return b"RIFF" + struct.pack("<I", len(payload)) + payload


def _gzip() -> bytes:
    import gzip

    return gzip.compress(b"%PDF-1.7 inside a gzip\n", mtime=0)


def _html_wrapping_pdf() -> bytes:
    # An HTML page whose comment carries a whole, valid PDF (its header within the
    # first 1024 bytes, as PDF readers tolerate); the file ends with the PDF's %%EOF.
    return b"<!DOCTYPE html><html><head><title>x</title></head><body><!--\n" + files.text_pdf(1)


def _prefixed_pdf(prefix: bytes) -> bytes:
    return prefix + files.text_pdf(1)


def _zip_then_pdf() -> bytes:
    return _prefixed_pdf(files.zip_bytes()[:200])


CORPUS: list[Hostile] = []


def _add(category: str, name: str, status: int, code: str, build: Callable[[], bytes]) -> None:
    CORPUS.append(Hostile(name=name, build=build, status=status, code=code, category=category))


UNREADABLE, UNSUPPORTED, TOO_LARGE = "unreadable-document", "unsupported-media-type", "image-too-large"
AMBIGUOUS, PAGES, ENCRYPTED = "ambiguous-document", "too-many-pages", "encrypted-document"

# Empty, magic-only and foreign formats.
_add("empty", "zero-bytes", 422, "empty-document", lambda: b"")
_add("empty", "whitespace-only", 415, UNSUPPORTED, lambda: b" \r\n\t \n")
_add("magic-only", "pdf-magic-only", 422, UNREADABLE, lambda: b"%PDF-")
_add("magic-only", "pdf-header-and-eof-only", 422, UNREADABLE, lambda: b"%PDF-1.7\n%%EOF\n")
_add("magic-only", "png-signature-only", 422, UNREADABLE, lambda: images.PNG_SIG)
_add("magic-only", "jpeg-soi-only", 422, UNREADABLE, lambda: b"\xff\xd8\xff")
_add("magic-only", "tiff-header-only", 422, UNREADABLE, lambda: b"II*\x00")
_add("foreign", "gif", 415, UNSUPPORTED, files.gif)
_add("foreign", "webp", 415, UNSUPPORTED, _webp)
_add("foreign", "bmp", 415, UNSUPPORTED, lambda: images.pil_bytes("BMP"))
_add("foreign", "zip", 415, UNSUPPORTED, files.zip_bytes)
_add("foreign", "gzip", 415, UNSUPPORTED, _gzip)
_add("foreign", "html", 415, UNSUPPORTED, files.html_named_pdf)
_add("foreign", "svg-with-script", 415, UNSUPPORTED, lambda: SVG)
_add("foreign", "xml-entity-expansion", 415, UNSUPPORTED, lambda: XML)
_add("foreign", "windows-exe", 415, UNSUPPORTED, lambda: EXE)
_add("foreign", "elf-binary", 415, UNSUPPORTED, lambda: ELF)
_add("foreign", "control-characters", 415, UNSUPPORTED, lambda: b"\x00\x01\x02\x1b[31m\x07\x08\x7f" * 8)

# Polyglots: one file that is two formats at once.
_add("polyglot", "pdf-with-appended-zip", 422, AMBIGUOUS, files.polyglot_pdf_zip)
_add(
    "polyglot",
    "pdf-with-large-appended-zip",
    422,
    AMBIGUOUS,
    lambda: files.text_pdf(1) + files.zip_bytes() * 12,
)
_add("polyglot", "html-wrapping-a-pdf", 422, AMBIGUOUS, _html_wrapping_pdf)
_add("polyglot", "zip-header-then-pdf", 422, AMBIGUOUS, _zip_then_pdf)
_add(
    "polyglot",
    "gif-header-then-pdf",
    422,
    AMBIGUOUS,
    lambda: _prefixed_pdf(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
)
_add("polyglot", "exe-header-then-pdf", 422, AMBIGUOUS, lambda: _prefixed_pdf(EXE))
_add("polyglot", "png-with-appended-pdf", 422, AMBIGUOUS, lambda: images.small_png() + files.text_pdf(1))
_add("polyglot", "jpeg-with-appended-pdf", 422, AMBIGUOUS, lambda: images.small_jpeg() + files.text_pdf(1))
_add("polyglot", "jpeg-with-appended-zip", 422, AMBIGUOUS, lambda: images.small_jpeg() + files.zip_bytes())

# Raster bombs and broken rasters.
_add("image-bomb", "png-100000x100000", 422, TOO_LARGE, lambda: images.png(100_000, 100_000))
_add("image-bomb", "jpeg-65000x65000", 422, TOO_LARGE, lambda: images.jpeg_sized(65_000, 65_000))
_add("image-bomb", "tiff-100000x100000", 422, TOO_LARGE, lambda: images.tiff(100_000, 100_000))
_add("image-bomb", "bigtiff-2^20x2^20", 422, TOO_LARGE, images.bigtiff_huge)
_add("image-bomb", "apng-declares-a-million-frames", 422, PAGES, images.apng_million_frames)
_add("image-bomb", "tiff-100000-ifds", 422, PAGES, lambda: images.tiff_many_ifds(100_000))
_add("image-broken", "png-1x0", 422, UNREADABLE, lambda: images.png(1, 0))
_add("image-broken", "png-0x0", 422, UNREADABLE, lambda: images.png(0, 0))
_add("image-broken", "png-bad-ihdr-crc", 422, UNREADABLE, lambda: images.png_bad_crc(b"IHDR"))
_add("image-broken", "png-bad-idat-crc", 422, UNREADABLE, lambda: images.png_bad_crc(b"IDAT"))
_add("image-broken", "png-truncated", 422, UNREADABLE, files.truncated_png)
_add("image-broken", "png-without-idat", 422, UNREADABLE, lambda: images.png_without(b"IDAT"))
_add("image-broken", "png-without-iend", 422, UNREADABLE, lambda: images.png_without(b"IEND"))
_add("image-broken", "png-2gib-chunk-length", 422, UNREADABLE, images.png_giant_chunk_length)
_add(
    "image-broken",
    "jpeg-truncated",
    422,
    UNREADABLE,
    lambda: images.small_jpeg()[: len(images.small_jpeg()) // 2],
)
_add("image-broken", "jpeg-zero-height", 422, UNREADABLE, lambda: images.jpeg_sized(32, 0))
_add("image-broken", "jpeg-without-frame-header", 422, UNREADABLE, images.jpeg_no_sof)
_add("image-broken", "jpeg-segment-overruns-file", 422, UNREADABLE, images.jpeg_segment_overruns)
_add("image-broken", "tiff-1x0", 422, UNREADABLE, lambda: images.tiff(1, 0))
_add("image-broken", "tiff-ifd-loop", 422, UNREADABLE, images.tiff_ifd_loop)
_add("image-broken", "tiff-ifd-past-eof", 422, UNREADABLE, images.tiff_ifd_past_eof)
_add("image-broken", "tiff-65535-entries-in-a-tiny-file", 422, UNREADABLE, images.tiff_huge_entry_count)
_add("image-broken", "tiff-strip-past-eof", 422, UNREADABLE, files.tiff_with_broken_frame)

# PDF structure: absurd pages, loops, nesting, broken cross-references, bombs.
_add("pdf-pages", "pdf-mediabox-1e9", 422, UNREADABLE, lambda: pdfs.one_page(b"[0 0 1000000000 1000000000]"))
_add(
    "pdf-pages",
    "pdf-mediabox-negative-1e9",
    422,
    UNREADABLE,
    lambda: pdfs.one_page(b"[0 0 -1000000000 -1000000000]"),
)
_add("pdf-pages", "pdf-mediabox-tiny", 422, UNREADABLE, lambda: pdfs.one_page(b"[0 0 0.001 0.001]"))
_add(
    "pdf-pages",
    "pdf-count-100000",
    422,
    PAGES,
    lambda: pdfs.pages_tree(b"<< /Type /Pages /Kids [3 0 R] /Count 100000 >>"),
)
_add("pdf-pages", "pdf-no-pages", 422, UNREADABLE, files.empty_pdf_no_pages)
_add("pdf-structure", "pdf-page-tree-loop", 422, UNREADABLE, pdfs.page_tree_loop)
_add("pdf-structure", "pdf-page-tree-2000-levels", 422, UNREADABLE, lambda: pdfs.deep_page_tree(2000))
_add("pdf-structure", "pdf-kids-are-not-pages", 422, UNREADABLE, pdfs.kids_not_pages)
_add("pdf-structure", "pdf-100000-nested-arrays", 422, UNREADABLE, lambda: pdfs.deep_arrays(100_000))
_add("pdf-structure", "pdf-100000-nested-dicts", 422, UNREADABLE, lambda: pdfs.deep_dicts(100_000))
_add("pdf-structure", "pdf-root-missing", 422, UNREADABLE, pdfs.missing_root)
_add(
    "pdf-structure",
    "pdf-xref-outside-file",
    422,
    UNREADABLE,
    pdfs.xref_outside_file,
)
_add("pdf-structure", "pdf-truncated", 422, UNREADABLE, files.truncated_pdf)
_add("pdf-structure", "pdf-garbage-after-header", 422, UNREADABLE, files.corrupt_pdf)
_add("pdf-structure", "pdf-object-stream-truncated", 422, UNREADABLE, pdfs.truncated_objstm)
_add(
    "pdf-bomb",
    "pdf-object-stream-nested-flate-4gib",
    422,
    UNREADABLE,
    lambda: pdfs.objstm_bomb(nested=True, inflated=4 * pdfs.GiB),
)
_add(
    "pdf-bomb",
    "pdf-object-stream-flate-1gib",
    422,
    UNREADABLE,
    lambda: pdfs.objstm_bomb(nested=False, inflated=pdfs.GiB),
)
_add("pdf-bomb", "pdf-content-stream-nested-flate-4gib", 422, UNREADABLE, pdfs.content_bomb)
_add(
    "pdf-bomb",
    "pdf-nested-flate-behind-a-reference",
    422,
    UNREADABLE,
    lambda: pdfs.content_bomb_hidden(escaped=False),
)
_add(
    "pdf-bomb",
    "pdf-nested-flate-in-escaped-names",
    422,
    UNREADABLE,
    lambda: pdfs.content_bomb_hidden(escaped=True),
)
_add("pdf-encrypted", "pdf-password", 422, ENCRYPTED, files.encrypted_pdf)
_add("pdf-encrypted", "pdf-unknown-security-handler", 422, ENCRYPTED, pdfs.unknown_security_handler)


def corpus() -> list[Hostile]:
    """Every hostile upload, in a stable order; names are unique."""
    return list(CORPUS)
