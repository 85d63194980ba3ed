"""Image uploads checked from their headers: pixel bombs, frames, damage, polyglots.

Runs in the API process on hostile input, so no pixel is decoded: PNG chunks, JPEG
segments and TIFF frames are walked by hand, with a bound on every loop, and each
image's dimensions are checked before PIL sees the file. PIL then opens the header
only, to make sure the worker's decoder recognises what we accepted.
"""

from __future__ import annotations

import mmap
import struct
import zlib
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from common.core.errors import (
    AmbiguousDocument,
    ImageTooLarge,
    PagemillError,
    TooManyPages,
    UnreadableDocument,
)
from common.core.settings import LimitsSettings
from common.uploads.sniff import JPEG, PNG, PNG_SIGNATURE, foreign_in


def check_structure(buf: mmap.mmap, media_type: str, limits: LimitsSettings) -> int:
    """Walk the image's headers in ``buf``; the number of frames they declare."""
    if media_type == PNG:
        return _png_structure(buf, limits)
    if media_type == JPEG:
        return _jpeg_structure(buf, limits)
    return _tiff_structure(buf, limits)


def page_count(path: Path, media_type: str, declared: int, limits: LimitsSettings) -> int:
    """The pages the worker will read: ``declared`` frames, as PIL counts them for a PNG.
    Opens the header with PIL, so call it once :func:`check_structure` has passed."""
    frames = _pil_header(path, media_type, limits)
    if media_type != PNG:
        return declared
    # An animated PNG whose default image is not part of the animation has one frame
    # more than it declares; the worker reads PIL's count, so that is the page count.
    if frames > limits.max_pages:
        raise _too_many_frames("PNG", frames, limits)
    return frames


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
    foreign = foreign_in(trailer)
    if foreign:
        raise AmbiguousDocument(
            f"the file is a {kind} with {foreign} appended after its end (a polyglot); "
            f"upload the {kind} on its own"
        )


_MAX_PNG_CHUNKS = 200_000  # libpng writes 8 KB data chunks: 1.6 GB


def _png_structure(buf: mmap.mmap, limits: LimitsSettings) -> int:
    """Walk the chunks: IHDR first, every CRC right, image data present, IEND reached."""
    size = len(buf)
    pos = len(PNG_SIGNATURE)
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
