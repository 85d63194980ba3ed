"""Hostile PNG, JPEG and TIFF files for the corpus (tests/factories/hostile.py).

Bombs declare huge dimensions or frame counts in their headers and carry almost no data.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Sequence

from PIL import Image

from tests.factories import files
from tests.factories.images import _png_chunk, _tiff_ifd

PNG_SIG = b"\x89PNG\r\n\x1a\n"


def png(width: int, height: int, *, idat: bytes | None = None, chunks: Sequence[bytes] = ()) -> bytes:
    ihdr = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    if idat is None:
        # Complete pixel data for small images; a single row for the bombs.
        rows = height if 0 < height <= 64 else 1
        idat = zlib.compress((b"\x00" + b"\x80" * width) * rows, 9)
    return PNG_SIG + ihdr + b"".join(chunks) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def small_png() -> bytes:
    return png(8, 8)


def png_bad_crc(kind: bytes) -> bytes:
    data = bytearray(small_png())
    at = data.index(kind)
    length = struct.unpack(">I", data[at - 4 : at])[0]
    data[at + 4 + length] ^= 0xFF  # first byte of that chunk's CRC
    return bytes(data)


def png_without(kind: bytes) -> bytes:
    data = small_png()
    at = data.index(kind) - 4
    length = struct.unpack(">I", data[at : at + 4])[0]
    return data[:at] + data[at + 12 + length :]


def png_giant_chunk_length() -> bytes:
    # A private chunk that claims 2 GiB - 1 bytes and then the file simply ends.
    return small_png()[:33] + struct.pack(">I", 0x7FFFFFFF) + b"ruSt" + b"\0" * 64


def apng_million_frames() -> bytes:
    actl = _png_chunk(b"acTL", struct.pack(">II", 1_000_000, 0))
    fctl = _png_chunk(b"fcTL", struct.pack(">IIIIIHHBB", 0, 8, 8, 0, 0, 1, 10, 0, 0))
    return png(8, 8, chunks=[actl, fctl])


def small_jpeg() -> bytes:
    return files.jpeg(width=32, height=24, text="x", quality=50)


def jpeg_sized(width: int, height: int) -> bytes:
    data = bytearray(small_jpeg())
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def jpeg_no_sof() -> bytes:
    data = small_jpeg()
    at = data.index(b"\xff\xc0")
    length = struct.unpack(">H", data[at + 2 : at + 4])[0]
    return data[:at] + data[at + 2 + length :]


def jpeg_segment_overruns() -> bytes:
    # An APP1 segment that claims 65 KB in a file of a few hundred bytes.
    return b"\xff\xd8\xff\xe1\xff\xf0Exif\0\0" + b"\0" * 200


def tiff(width: int, height: int, *, frames: int = 1) -> bytes:
    strip = width * height if width * height <= 4096 else 16
    ifd_size = 2 + 9 * 12 + 4
    out = bytearray(b"II*\x00" + struct.pack("<I", 8 + strip))
    out += b"\x80" * strip
    for i in range(frames):
        here = 8 + strip + i * ifd_size
        nxt = here + ifd_size if i + 1 < frames else 0
        out += _tiff_ifd(width, height, 8, strip, nxt)
    return bytes(out)


def tiff_many_ifds(count: int) -> bytes:
    # One real IFD, then ``count - 1`` empty IFDs (6 bytes each) chained one after another.
    head = bytearray(tiff(8, 8))
    first_ifd = struct.unpack("<I", head[4:8])[0]
    chain_start = len(head)
    head[first_ifd + 2 + 9 * 12 : first_ifd + 2 + 9 * 12 + 4] = struct.pack("<I", chain_start)
    chain = bytearray()
    for i in range(count - 1):
        nxt = chain_start + (i + 1) * 6 if i + 2 < count else 0
        chain += struct.pack("<HI", 0, nxt)
    return bytes(head + chain)


def tiff_ifd_loop() -> bytes:
    data = bytearray(tiff(8, 8, frames=2))
    first = struct.unpack("<I", data[4:8])[0]
    second = first + 2 + 9 * 12 + 4
    # The second IFD's "next" points back at the first one.
    data[second + 2 + 9 * 12 : second + 2 + 9 * 12 + 4] = struct.pack("<I", first)
    return bytes(data)


def tiff_ifd_past_eof() -> bytes:
    return b"II*\x00" + struct.pack("<I", 0x7FFF0000) + b"\0" * 32


def tiff_huge_entry_count() -> bytes:
    return b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 0xFFFF) + b"\0" * 64


def bigtiff_huge() -> bytes:
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


def pil_bytes(fmt: str, **save: object) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 12), (200, 40, 40)).save(buf, format=fmt, **save)
    return buf.getvalue()
