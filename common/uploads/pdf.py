"""A PDF's bytes checked before any parser reads them: where it begins and ends, and bombs.

Runs in the API process on hostile input, so every step is cheap and bounded: streams
are never inflated except the few structural ones pdfium would inflate itself while
opening the file, and then only up to a limit. A polyglot (a PDF with another format
before or after it) and a truncated file are refused here too, since pdfium would
silently read them one way while something else reads them another.
"""

from __future__ import annotations

import mmap
import re
import zlib

from common.core.errors import AmbiguousDocument, UnreadableDocument
from common.core.settings import LimitsSettings
from common.uploads.sniff import foreign_in, known_format

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


def check_envelope(buf: mmap.mmap, head: bytes) -> None:
    """Where the PDF begins and ends, and what lies outside it."""
    start = head.find(b"%PDF-")
    if start > 0:
        what = known_format(head[:start])
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
    foreign = foreign_in(after)
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


def check_bombs(buf: mmap.mmap, limits: LimitsSettings) -> None:
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
