"""Decide what an upload is from its bytes, count its pages and refuse what we cannot convert.

Runs at submit time, before anything is stored, so a bad file costs the client one
request and us nothing. The client's file name and Content-Type are never trusted.

It runs in the API process on hostile input, so every step is cheap and bounded: image
headers are walked by hand (no pixel is decoded, and dimensions are checked before PIL
sees the file), PDF streams are never inflated except the few structural ones pdfium
would inflate itself, and then only up to a limit, and pdfium is asked for the page
count and the size of the first and last page, which parses no page content. pdfium
does that in a helper process (common/sandbox.py), with a time and a memory limit: it
is C++ on a stranger's bytes, and its crash must not be the API's.
"""

from __future__ import annotations

import math
import mmap
import re
import struct
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pypdfium2 as pdfium
from PIL import Image, UnidentifiedImageError

from common.core.errors import (
    AmbiguousDocument,
    EmptyDocument,
    EncryptedDocument,
    ImageTooLarge,
    InvalidInput,
    PagemillError,
    ServiceUnavailable,
    TooManyPages,
    UnreadableDocument,
    UnsupportedMediaType,
)
from common.core.settings import LimitsSettings
from common.uploads.sandbox import Sandbox, SandboxCrashed, SandboxTimeout, SandboxUnavailable

PDF, PNG, JPEG, TIFF = "application/pdf", "image/png", "image/jpeg", "image/tiff"
SUPPORTED = (PDF, PNG, JPEG, TIFF)

# pdfium's FPDF_GetLastError codes
_FPDF_ERR_SUCCESS = 0
_FPDF_ERR_PASSWORD = 4
_FPDF_ERR_SECURITY = 5

_PNG_SIG = b"\x89PNG\r\n\x1a\n"
_TIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")


def sniff(head: bytes) -> str | None:
    """The media type from magic bytes, or None."""
    if head.startswith(_PNG_SIG):
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
    (_PNG_SIG, "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)


def _known_format(head: bytes) -> str | None:
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


def _describe_unknown(head: bytes) -> str:
    known = _known_format(head)
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


def _foreign_in(data: bytes) -> str | None:
    m = _FOREIGN.search(data)
    if m is None:
        return None
    token = m.group().lower()
    if token == b"%pdf-":
        return "a PDF"
    if token.startswith(b"pk"):
        return "a ZIP archive"
    return "markup (HTML/SVG)"


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
    """What the upload is and how many pages it has, or a 4xx :class:`PagemillError`."""
    if not head:
        raise EmptyDocument("the uploaded file is empty (0 bytes)")
    media_type = sniff(head)
    if media_type is None:
        raise UnsupportedMediaType(
            f"the file is {_describe_unknown(head)}, not a PDF, PNG, JPEG or TIFF "
            "(the type is decided by the file's content, not its name)",
            supported=list(SUPPORTED),
        )
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        if media_type == PDF:
            _pdf_envelope(buf, head)
            _pdf_bombs(buf, limits)
            return Inspection(PDF, _pdf_pages(path, limits))
        if media_type == PNG:
            pages = _png_structure(buf, limits)
        elif media_type == JPEG:
            pages = _jpeg_structure(buf, limits)
        else:
            pages = _tiff_structure(buf, limits)
    frames = _pil_header(path, media_type, limits)
    if media_type == PNG:
        # An animated PNG whose default image is not part of the animation has one frame
        # more than it declares; the worker reads PIL's count, so that is the page count.
        pages = frames
        if pages > limits.max_pages:
            raise _too_many_frames("PNG", pages, limits)
    return Inspection(media_type, pages)


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------

_TAIL = 2048
_STARTXREF = re.compile(rb"startxref\s*(\d{1,20})")
# PDF syntax pieces. Every pattern run over a whole file starts with a literal (which the
# engine finds fast), scans a bounded window from there and cannot backtrack far, so a
# pass costs time in proportion to the file's size whatever the file holds.
_SEP = rb"(?:\s|%[^\r\n]{0,256}+[\r\n])*+"  # whitespace, comments included
_NAME_CHARS = rb"[^\s/\[\]<>(){}%]"
_DECOMPRESSOR = rb"/(?:FlateDecode|Fl|LZWDecode|LZW|RunLengthDecode|RL)(?!" + _NAME_CHARS + rb")"
# A name with a #xx escape in it.
_ESCAPED_NAME = rb"[^\s/\[\]<>(){}%#]{0,127}+#[0-9A-Fa-f]{2}" + _NAME_CHARS + rb"{0,127}"
# What an array holds before its next decompressor name (or its end): never backtracks.
_MAX_FILTER_CHAIN = 8  # real producers chain two at most (e.g. ASCII85 over Flate)
_IN_ARRAY = rb"(?:[^\[\]/]{1,256}+|/(?!" + _DECOMPRESSOR[1:] + rb")){0,%d}+" % (2 * _MAX_FILTER_CHAIN + 2)
# Filters that are bombs or hide one:
# - a chain of more filters than any producer writes;
# - an array naming two decompressors: a stream inflated twice, kilobytes that turn into
#   terabytes; no producer writes one;
# - a filter behind a reference (an array kept as its own object, maybe inside a
#   compressed object stream) or names spelled with #xx escapes, which pdfium decodes:
#   either would hide the filters from the first check, and no producer writes them.
_BAD_FILTER = re.compile(
    rb"/Filter"
    + _SEP
    + rb"(?:(?P<reference>\d{1,10}\s+\d{1,5}\s+R)"
    + rb"|/[^\s/\[\]<>(){}%#]{0,127}+(?P<escaped>#)"
    + rb"|\[(?:[^\[\]#]{0,1024}+(?P<escaped_in_array>#)"
    + rb"|(?P<long_chain>(?:[^\[\]/]{0,256}+/){%d})" % (_MAX_FILTER_CHAIN + 1)
    + rb"|"
    + _IN_ARRAY
    + _DECOMPRESSOR
    + _IN_ARRAY
    + _DECOMPRESSOR
    + rb"))"
)
# Object and cross-reference streams: pdfium inflates these while opening the file.
_STRUCTURE = re.compile(
    rb"/Type" + _SEP + rb"/(?:(?:ObjStm|XRef)(?!" + _NAME_CHARS + rb")|(?P<escaped>" + _ESCAPED_NAME + rb"))"
)
_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter" + _SEP + rb"(\[[^\]]{0,1024}\]|/" + _NAME_CHARS + rb"{1,127}|\d+\s+\d+\s+R)")
_NAME = re.compile(rb"/(" + _NAME_CHARS + rb"+)")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_LENGTH = re.compile(rb"/Length\s+(\d{1,12})(?![\d.])(?!\s+\d+\s+R)")
_FLATE = {b"FlateDecode", b"Fl"}
_MAX_STRUCTURE_STREAMS = 100_000
# Each pattern costs about a microsecond where its literal occurs; a file that repeats the
# literal more often than any real PDF (one /Filter per stream, one /Type per object) is
# refused before the patterns run.
_MAX_FILTERS = 200_000
_MAX_TYPES = 2_000_000
_MAX_ESCAPED_TYPES = 10_000  # producers never escape type names; a few may


def _pdf_envelope(buf: mmap.mmap, head: bytes) -> None:
    """Where the PDF begins and ends, and what lies outside it."""
    start = head.find(b"%PDF-")
    if start > 0:
        what = _known_format(head[:start])
        if what:
            raise AmbiguousDocument(
                f"the file is {what} with a PDF inside it (a polyglot); upload the PDF on its own"
            )
    size = len(buf)
    tail = buf[max(0, size - _TAIL) :]
    end = tail.rfind(b"%%EOF")
    # pdfium silently rebuilds a cut-off file from what is left, which would convert
    # half a contract without a word; a missing end marker tells us it was cut.
    if end < 0:
        if b"PK\x05\x06" in tail:
            raise AmbiguousDocument(
                "the file is a PDF with a ZIP archive appended (a polyglot); upload the PDF on its own"
            )
        raise UnreadableDocument("the PDF is truncated: it has no end-of-file marker (%%EOF) at its end")
    after = tail[end + 5 :]
    foreign = _foreign_in(after)
    if foreign:
        raise AmbiguousDocument(
            f"the file is a PDF with {foreign} appended after its end (a polyglot); upload the PDF on its own"
        )
    offsets = _STARTXREF.findall(tail[:end])
    if offsets and int(offsets[-1]) >= size:
        raise UnreadableDocument(
            "the PDF is damaged: its cross-reference offset points past the end of the file"
        )


def _unescape(name: bytes) -> bytes:
    return _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)


def _pdf_bombs(buf: mmap.mmap, limits: LimitsSettings) -> None:
    """Refuse decompression bombs without inflating page content.

    Stacked decompressing filters are refused outright. Object and cross-reference
    streams, which pdfium inflates while opening the file, are inflated here first, all
    of them together only up to ``limits.max_pdf_object_stream_bytes``. Every search is a
    single pass of a bounded pattern over the file; only object streams are then visited
    one by one, at most ``_MAX_STRUCTURE_STREAMS`` of them.
    """
    if _occurs_more_than(buf, b"/Filter", _MAX_FILTERS) or _occurs_more_than(buf, b"/Type", _MAX_TYPES):
        raise UnreadableDocument("the PDF has more streams or objects than this service reads")
    bad = _BAD_FILTER.search(buf)
    if bad is not None:
        if bad.group("long_chain"):
            raise UnreadableDocument(f"the PDF chains more than {_MAX_FILTER_CHAIN} filters on a stream")
        if bad.group("reference") or bad.group("escaped") or bad.group("escaped_in_array"):
            raise UnreadableDocument(
                "the PDF hides how a stream is compressed (a filter behind a reference or in escaped names)"
            )
        raise UnreadableDocument("the PDF has a stream compressed more than once (a decompression bomb)")
    starts: list[int] = []
    escaped_names = 0
    for m in _STRUCTURE.finditer(buf):
        escaped = m.group("escaped")
        if escaped is not None:
            escaped_names += 1
            if escaped_names > _MAX_ESCAPED_TYPES:
                raise UnreadableDocument("the PDF spells too many object types with escaped names")
            if _unescape(escaped) not in (b"ObjStm", b"XRef"):
                continue
        starts.append(m.start())
        if len(starts) > _MAX_STRUCTURE_STREAMS:
            raise UnreadableDocument(f"the PDF has more than {_MAX_STRUCTURE_STREAMS} object streams")
    budget = limits.max_pdf_object_stream_bytes
    for at in starts:
        budget = _check_structure_stream(buf, at, budget, limits.max_pdf_object_stream_bytes)


def _occurs_more_than(buf: mmap.mmap, needle: bytes, cap: int) -> bool:
    """Whether ``needle`` occurs more than ``cap`` times (counted at C speed, in slices)."""
    count = 0
    step = 8 << 20
    for at in range(0, len(buf), step):
        count += buf[at : at + step + len(needle) - 1].count(needle)
        if count > cap:
            return True
    return False


def _check_structure_stream(buf: mmap.mmap, at: int, budget: int, limit: int) -> int:
    """Inflate the object/xref stream whose dictionary names its type at ``at``, within
    ``budget`` bytes; the budget left over."""
    found = _STREAM.search(buf, at, at + 4096)
    if found is None:
        return budget  # a dictionary naming the type, but no stream follows: nothing to inflate
    obj = buf.rfind(b"obj", max(0, at - 4096), at)
    info = buf[obj if obj >= 0 else max(0, at - 4096) : found.start()]
    filt = _FILTER.search(info)
    if filt is None:
        return budget  # stored uncompressed: its size is its size
    filters = [_unescape(n) for n in _NAME.findall(filt.group(1))]
    if not filters:
        raise UnreadableDocument("the PDF hides the compression of an object stream behind a reference")
    if len(filters) != 1 or filters[0] not in _FLATE:
        raise UnreadableDocument(
            f"the PDF compresses an object stream with {b' '.join(filters).decode('latin-1')!r}, "
            "which no producer does"
        )
    start = found.end()
    length = _LENGTH.search(info)
    end = start + int(length.group(1)) if length else -1
    if not start <= end <= len(buf):
        end = buf.find(b"endstream", start)
        end = end if end >= 0 else len(buf)
    return _inflate_within(buf, start, end, budget, limit)


def _inflate_within(buf: mmap.mmap, start: int, end: int, budget: int, limit: int) -> int:
    """Inflate buf[start:end] while the output stays within ``budget``; what is left of it."""
    d = zlib.decompressobj()
    produced = 0
    try:
        for at in range(start, end, 64 * 1024):
            data = buf[at : min(end, at + 64 * 1024)]
            while data:
                produced += len(d.decompress(data, 1 << 20))
                if produced > budget:
                    raise UnreadableDocument(
                        f"the PDF's object streams expand beyond {limit} bytes (a decompression bomb)"
                    )
                data = d.unconsumed_tail
            if d.eof:
                break
    except zlib.error:
        pass  # broken data: pdfium decides whether the file still opens
    return budget - produced


# pdfium opens uploads in helper processes (common/sandbox.py): a file that crashes it or
# sends it into a loop fails its own request, not the API. One sandbox per setting of
# its size, made on first use; each helper imports this module once, when it starts.
_SANDBOXES: dict[tuple[int, int, int], Sandbox] = {}
_SANDBOXES_LOCK = threading.Lock()
# The only errors a helper may report as themselves: those _pdf_pages_here raises.
_HELPER_ERRORS = (UnreadableDocument, EncryptedDocument, EmptyDocument, TooManyPages)


def pdf_sandbox(limits: LimitsSettings) -> Sandbox:
    key = (limits.inspect_processes, limits.inspect_memory_mb, limits.inspect_calls_per_process)
    with _SANDBOXES_LOCK:
        sandbox = _SANDBOXES.get(key)
        if sandbox is None:
            sandbox = _SANDBOXES[key] = Sandbox(
                processes=limits.inspect_processes,
                memory_bytes=limits.inspect_memory_mb * 1024 * 1024,
                preload=[__name__],
                max_calls=limits.inspect_calls_per_process,
            )
        return sandbox


def _pdf_pages(path: Path, limits: LimitsSettings) -> int:
    try:
        with path.open("rb") as file:
            count = pdf_sandbox(limits).call(
                _pdf_pages_here, limits, timeout=limits.inspect_timeout, errors=_HELPER_ERRORS, file=file
            )
    except SandboxTimeout as exc:
        raise UnreadableDocument(
            f"the PDF could not be opened within {exc.seconds:g} s; it may be damaged"
        ) from exc
    except SandboxCrashed as exc:
        raise UnreadableDocument("the PDF made the PDF parser fail; it is damaged or malformed") from exc
    except SandboxUnavailable as exc:
        raise ServiceUnavailable(f"PDFs cannot be opened right now: {exc}") from exc
    except MemoryError as exc:
        raise UnreadableDocument(
            f"opening the PDF needs more than {limits.inspect_memory_mb} MB of memory"
        ) from exc
    # The helper's answer is checked like any input: a helper that a hostile file took
    # over could say anything.
    if type(count) is not int or not 1 <= count <= limits.max_pages:
        raise UnreadableDocument("the PDF parser gave an impossible page count")
    return count


def _pdf_pages_here(file: BinaryIO, limits: LimitsSettings) -> int:
    """The page count, checked, in this process: runs in a sandbox helper, which reads
    the upload from ``file`` and can open no file itself."""
    try:
        pdf = pdfium.PdfDocument(file)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (_FPDF_ERR_PASSWORD, _FPDF_ERR_SECURITY):
            raise EncryptedDocument(
                "the PDF is password-protected or uses an unsupported encryption; "
                "remove the password and upload it again"
            ) from exc
        if code == _FPDF_ERR_SUCCESS:
            raise UnreadableDocument(
                "the PDF cannot be parsed: it has no usable catalog or page tree"
            ) from exc
        raise UnreadableDocument(f"the PDF cannot be parsed ({exc})") from exc
    except Exception as exc:
        raise UnreadableDocument("the PDF cannot be parsed") from exc
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
        # The first and last page's size: it walks the page tree (catching loops and
        # broken kids) without parsing any page content.
        for index in sorted({0, count - 1}):
            try:
                w, h = pdf.get_page_size(index)
            except Exception as exc:
                raise UnreadableDocument(f"page {index + 1} of the PDF cannot be read ({exc})") from exc
            # 14400 pt is the PDF spec's maximum
            if not (math.isfinite(w) and math.isfinite(h) and 1 <= w <= 14400 and 1 <= h <= 14400):
                raise UnreadableDocument(f"page {index + 1} has an invalid size ({w:.0f} x {h:.0f} pt)")
        return count
    except PagemillError:
        raise
    except Exception as exc:
        raise UnreadableDocument("the PDF cannot be read") from exc
    finally:
        pdf.close()


# --------------------------------------------------------------------------------------
# Images: headers walked by hand, nothing decoded
# --------------------------------------------------------------------------------------


def _check_pixels(what: str, w: int, h: int, limits: LimitsSettings) -> None:
    if w < 1 or h < 1:
        raise UnreadableDocument(f"{what} has no pixels ({w} x {h})")
    if w * h > limits.max_image_pixels:
        raise ImageTooLarge(
            f"{what} is {w} x {h} pixels; the limit is {limits.max_image_pixels} pixels per page",
            pixels=w * h,
            limit=limits.max_image_pixels,
        )


def _too_many_frames(kind: str, count: int, limits: LimitsSettings) -> TooManyPages:
    return TooManyPages(
        f"the {kind} has {count} frames; the limit is {limits.max_pages}", pages=count, limit=limits.max_pages
    )


def _refuse_appended(kind: str, trailer: bytes) -> None:
    foreign = _foreign_in(trailer)
    if foreign:
        raise AmbiguousDocument(
            f"the file is a {kind} with {foreign} appended after its end (a polyglot); "
            f"upload the {kind} on its own"
        )


_MAX_PNG_CHUNKS = 200_000  # libpng writes 8 KB data chunks: 1.6 GB


def _png_structure(buf: mmap.mmap, limits: LimitsSettings) -> int:
    """Walk the chunks: IHDR first, every CRC right, image data present, IEND reached."""
    size = len(buf)
    pos = len(_PNG_SIG)
    declared_frames: int | None = None
    frame_controls = 0
    has_data = False
    for index in range(_MAX_PNG_CHUNKS):
        if pos + 12 > size:
            raise UnreadableDocument("the PNG is truncated: it ends before its IEND chunk")
        length, kind = struct.unpack_from(">I4s", buf, pos)
        if length > 0x7FFFFFFF or pos + 12 + length > size:
            raise UnreadableDocument(
                f"the PNG is truncated: its {kind.decode('latin-1')!r} chunk runs past the end of the file"
            )
        if index == 0 and (kind != b"IHDR" or length != 13):
            raise UnreadableDocument("the PNG is damaged: it does not start with an IHDR chunk")
        crc = zlib.crc32(kind)
        for at in range(pos + 8, pos + 8 + length, 1 << 20):
            crc = zlib.crc32(buf[at : min(pos + 8 + length, at + (1 << 20))], crc)
        if crc != struct.unpack_from(">I", buf, pos + 8 + length)[0]:
            raise UnreadableDocument(
                f"the PNG is damaged: its {kind.decode('latin-1')!r} chunk has a bad checksum"
            )
        if kind == b"IHDR":
            w, h = struct.unpack_from(">II", buf, pos + 8)
            _check_pixels("the PNG", w, h, limits)
        elif kind == b"acTL" and length >= 8:
            declared_frames = struct.unpack_from(">I", buf, pos + 8)[0]
            if declared_frames > limits.max_pages:
                raise _too_many_frames("PNG", declared_frames, limits)
        elif kind == b"fcTL":
            frame_controls += 1
        elif kind == b"IDAT":
            has_data = True
        elif kind == b"IEND":
            if not has_data:
                raise UnreadableDocument("the PNG has no image data (no IDAT chunk)")
            if declared_frames is not None and declared_frames != frame_controls:
                raise UnreadableDocument(
                    f"the PNG is damaged: it declares {declared_frames} frames and has {frame_controls}"
                )
            _refuse_appended("PNG", buf[pos + 12 :])
            return declared_frames or 1
        pos += 12 + length
    raise UnreadableDocument(f"the PNG has more than {_MAX_PNG_CHUNKS} chunks")


# Frame headers: SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_MAX_JPEG_SEGMENTS = 4096


def _jpeg_structure(buf: mmap.mmap, limits: LimitsSettings) -> int:
    """Walk the segments up to the image data: one frame header, the data ends with EOI."""
    size = len(buf)
    pos = 2
    frame: tuple[int, int] | None = None
    for _ in range(_MAX_JPEG_SEGMENTS):
        if pos + 2 > size:
            raise UnreadableDocument("the JPEG is truncated: it ends before its image data")
        if buf[pos] != 0xFF:
            raise UnreadableDocument(f"the JPEG is damaged: no marker at byte {pos}")
        marker = buf[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        if marker == 0xD8:
            raise UnreadableDocument("the JPEG is damaged: it starts a second image inside its header")
        if marker == 0xD9:
            raise UnreadableDocument("the JPEG is damaged: it ends before its image data")
        if pos + 4 > size:
            raise UnreadableDocument("the JPEG is truncated: it ends inside a segment header")
        length = struct.unpack_from(">H", buf, pos + 2)[0]
        if length < 2 or pos + 2 + length > size:
            raise UnreadableDocument("the JPEG is truncated: a segment runs past the end of the file")
        if marker in _SOF:
            if frame is not None:
                raise UnreadableDocument("the JPEG is damaged: it has more than one frame header")
            if length < 8:
                raise UnreadableDocument("the JPEG is damaged: its frame header is too short")
            h, w = struct.unpack_from(">HH", buf, pos + 5)
            _check_pixels("the JPEG", w, h, limits)
            frame = (w, h)
        elif marker == 0xDA:  # start of scan: entropy-coded data follows
            if frame is None:
                raise UnreadableDocument("the JPEG is damaged: it has image data but no frame header")
            # Entropy-coded data escapes 0xFF, so the first EOI after it is the real one.
            eoi = buf.find(b"\xff\xd9", pos + 2 + length)
            if eoi < 0:
                raise UnreadableDocument("the JPEG is truncated: it has no end-of-image marker")
            # Data after EOI is common (multi-picture and motion photos); another
            # document format there is not.
            _refuse_appended("JPEG", buf[eoi + 2 :])
            return 1
        pos += 2 + length
    raise UnreadableDocument(f"the JPEG has more than {_MAX_JPEG_SEGMENTS} segments before its image data")


_TIFF_TYPES = {3: "H", 4: "I", 16: "Q"}  # SHORT, LONG, LONG8: the types of the tags we read
_TIFF_TAGS = {256, 257, 273, 279, 324, 325}  # width, height, strip/tile offsets and byte counts
_MAX_TIFF_ENTRIES = 1024
_MAX_TIFF_CHUNKS = 4_000_000  # strips + tiles over all frames


def _tiff_structure(buf: mmap.mmap, limits: LimitsSettings) -> int:
    """Follow the chain of frames (IFDs), then check each frame's size and data offsets."""
    size = len(buf)
    order = "<" if buf[:2] == b"II" else ">"
    big = buf[2:4] in (b"+\x00", b"\x00+")
    if big:
        if size < 16:
            raise UnreadableDocument("the TIFF is truncated: it ends inside its header")
        offset_size, zero, first = struct.unpack_from(order + "HHQ", buf, 4)
        if offset_size != 8 or zero != 0:
            raise UnreadableDocument("the TIFF is damaged: its BigTIFF header is invalid")
        count_fmt, entry_size, off_fmt, header = "Q", 20, "Q", 16
    else:
        if size < 8:
            raise UnreadableDocument("the TIFF is truncated: it ends inside its header")
        first = struct.unpack_from(order + "I", buf, 4)[0]
        count_fmt, entry_size, off_fmt, header = "H", 12, "I", 8
    count_size, off_size = struct.calcsize(count_fmt), struct.calcsize(off_fmt)

    ifds: list[tuple[int, int]] = []
    seen: set[int] = set()
    at = first
    while at:
        frame = len(ifds) + 1
        if at in seen:
            raise UnreadableDocument("the TIFF is damaged: its list of frames loops back on itself")
        if at < header or at + count_size > size:
            raise UnreadableDocument(f"the TIFF is damaged: frame {frame} starts outside the file")
        if frame > limits.max_pages:
            raise TooManyPages(
                f"the TIFF has more than {limits.max_pages} frames; the limit is {limits.max_pages}",
                limit=limits.max_pages,
            )
        seen.add(at)
        entries = struct.unpack_from(order + count_fmt, buf, at)[0]
        end = at + count_size + entries * entry_size
        if entries > _MAX_TIFF_ENTRIES:
            raise UnreadableDocument(f"the TIFF is damaged: frame {frame} claims {entries} tags")
        if end + off_size > size:
            raise UnreadableDocument(
                f"the TIFF is damaged: frame {frame}'s header runs past the end of the file"
            )
        ifds.append((at, entries))
        at = struct.unpack_from(order + off_fmt, buf, end)[0]
    if not ifds:
        raise UnreadableDocument("the TIFF has no frames")

    chunks = 0
    for frame, (at, entries) in enumerate(ifds, start=1):
        tags: dict[int, tuple[int, ...]] = {}
        for e in range(entries):
            entry = at + count_size + e * entry_size
            tag, typ, count = struct.unpack_from(order + "HH" + off_fmt, buf, entry)
            if tag not in _TIFF_TAGS:
                continue
            fmt = _TIFF_TYPES.get(typ)
            if fmt is None or count < 1:
                raise UnreadableDocument(f"the TIFF is damaged: frame {frame} has a malformed tag {tag}")
            nbytes = count * struct.calcsize(fmt)
            value_at = entry + 4 + off_size
            where = value_at if nbytes <= off_size else struct.unpack_from(order + off_fmt, buf, value_at)[0]
            if where + nbytes > size:
                raise UnreadableDocument(
                    f"the TIFF is damaged: frame {frame}'s tag {tag} lies outside the file"
                )
            if tag in (273, 279, 324, 325):
                chunks += count
                if chunks > _MAX_TIFF_CHUNKS:
                    raise UnreadableDocument("the TIFF has too many strips or tiles")
            tags[tag] = struct.unpack_from(f"{order}{count}{fmt}", buf, where)
        if 256 not in tags or 257 not in tags:
            raise UnreadableDocument(f"the TIFF is damaged: frame {frame} has no width or height")
        _check_pixels(f"TIFF frame {frame}", tags[256][0], tags[257][0], limits)
        offsets = tags.get(273) or tags.get(324)
        counts = tags.get(279) or tags.get(325)
        if not offsets:
            raise UnreadableDocument(f"the TIFF is damaged: frame {frame} has no image data")
        if counts is not None and len(counts) != len(offsets):
            raise UnreadableDocument(f"the TIFF is damaged: frame {frame}'s data offsets and sizes disagree")
        ends = map(int.__add__, offsets, counts) if counts is not None else iter(offsets)
        if max(ends) > size:
            raise UnreadableDocument(f"the TIFF is damaged: frame {frame}'s image data lies outside the file")
    return len(ifds)


def _pil_header(path: Path, media_type: str, limits: LimitsSettings) -> int:
    """PIL must recognise what the worker will decode; Image.open reads headers only.
    Returns PIL's frame count where it knows it from the header (1 otherwise)."""
    kind = media_type.split("/")[1].upper()
    # PIL's bomb guard is process-wide and the worker sets it too; ours ran already, so
    # this only backs it up.
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    try:
        with Image.open(path, formats=[kind]) as im:
            w, h = im.size
            _check_pixels(f"the {kind}", w, h, limits)
            return int(getattr(im, "n_frames", 1)) if media_type == PNG else 1
    except PagemillError:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(f"the {kind} is too large to decode safely") from exc
    except UnidentifiedImageError as exc:
        raise UnreadableDocument(f"the {kind} cannot be read: its header is not one PIL understands") from exc
    except Exception as exc:  # PIL raises many types on hostile headers; none may become a 500
        detail = str(exc).replace(str(path), "the file")
        raise UnreadableDocument(f"the {kind} cannot be read ({detail})") from exc
