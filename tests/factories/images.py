"""Raster images: PNG, JPEG, GIF and multi-frame TIFF showing text, and broken ones (a TIFF
frame whose data is missing, a PNG cut off mid-IDAT, a PNG that declares a huge size)."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageDraw, ImageFont

# 0-based index of the frame whose strip data is missing in tiff_with_broken_frame().
TIFF_BROKEN_FRAME_INDEX = 1


def _text_image(width: int, height: int, text: str, *, mode: str = "RGB") -> Image.Image:
    img = Image.new(mode, (width, height), "white")
    draw = ImageDraw.Draw(img)
    size = max(10, min(height // 6, 2 * width // max(len(text), 1)))
    font = ImageFont.load_default(size=size)
    draw.text((width // 20, height // 3), text, fill="black", font=font)
    draw.rectangle((2, 2, width - 3, height - 3), outline="black", width=2)
    return img


def png(*, width: int = 400, height: int = 300, text: str = "Pagemill sample PNG") -> bytes:
    """An RGB PNG with black ``text`` on white."""
    buf = io.BytesIO()
    _text_image(width, height, text).save(buf, format="PNG")
    return buf.getvalue()


def jpeg(
    *, width: int = 400, height: int = 300, text: str = "Pagemill sample JPEG", quality: int = 85
) -> bytes:
    """An RGB baseline JPEG with black ``text`` on white."""
    buf = io.BytesIO()
    _text_image(width, height, text).save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def gif(*, width: int = 120, height: int = 80) -> bytes:
    """A GIF image (an unsupported upload type)."""
    buf = io.BytesIO()
    _text_image(width, height, "GIF", mode="RGB").convert("P").save(buf, format="GIF")
    return buf.getvalue()


def multipage_tiff(frames: int = 3, *, width: int = 400, height: int = 300) -> bytes:
    """A multi-frame TIFF; frame k (1-based) shows ``"TIFF frame k of n"``."""
    if frames < 1:
        raise ValueError("frames must be >= 1")
    images = [_text_image(width, height, f"TIFF frame {k} of {frames}") for k in range(1, frames + 1)]
    buf = io.BytesIO()
    images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate")
    return buf.getvalue()


def _tiff_ifd(width: int, height: int, strip_offset: int, strip_bytes: int, next_ifd: int) -> bytes:
    # (tag, type, count, value); type 3 = SHORT, 4 = LONG. Tags must be sorted.
    entries = [
        (256, 4, 1, width),  # ImageWidth
        (257, 4, 1, height),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # Compression: none
        (262, 3, 1, 1),  # Photometric: BlackIsZero
        (273, 4, 1, strip_offset),  # StripOffsets
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, height),  # RowsPerStrip
        (279, 4, 1, strip_bytes),  # StripByteCounts
    ]
    out = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        packed = struct.pack("<HH", value, 0) if typ == 3 else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, typ, count) + packed
    return out + struct.pack("<I", next_ifd)


def tiff_with_broken_frame(*, frames: int = 3, width: int = 64, height: int = 48) -> bytes:
    """Hand-written little-endian grayscale TIFF with ``frames`` frames.

    All IFDs are intact (so ``Image.open``/``n_frames`` work and frame 0 decodes), but
    frame ``TIFF_BROKEN_FRAME_INDEX`` has its StripOffsets pointing past the end of the
    file, so decoding that frame raises ``OSError``.
    """
    if frames <= TIFF_BROKEN_FRAME_INDEX:
        raise ValueError(f"frames must be > {TIFF_BROKEN_FRAME_INDEX}")
    strip = width * height
    ifd_size = 2 + 9 * 12 + 4
    # Layout: header(8) | per frame: pixel data (except broken) then IFD.
    header_len = 8
    blocks: list[bytes] = []
    ifd_offsets: list[int] = []
    data_offsets: list[int] = []
    pos = header_len
    for i in range(frames):
        has_data = i != TIFF_BROKEN_FRAME_INDEX
        data_offsets.append(pos)
        if has_data:
            pos += strip
        ifd_offsets.append(pos)
        pos += ifd_size
    total = pos
    for i in range(frames):
        if i != TIFF_BROKEN_FRAME_INDEX:
            shade = (40 + 80 * i) % 256
            blocks.append(bytes([shade]) * strip)
            offset = data_offsets[i]
        else:
            offset = total + 4096  # past EOF
        next_ifd = ifd_offsets[i + 1] if i + 1 < frames else 0
        blocks.append(_tiff_ifd(width, height, offset, strip, next_ifd))
    data = b"II*\x00" + struct.pack("<I", ifd_offsets[0]) + b"".join(blocks)
    assert len(data) == total
    return data


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def truncated_png() -> bytes:
    """Valid PNG signature + IHDR, but the image data is cut off mid-IDAT."""
    data = png()
    return data[: max(len(data) // 2, 33 + 20)]


def png_bomb(*, width: int = 30000, height: int = 30000) -> bytes:
    """A tiny PNG whose IHDR declares ``width`` x ``height`` 8-bit RGB pixels.

    The IDAT only holds one (zero) scanline, so the file is a few hundred bytes while
    decoding would need ``width * height * 3`` bytes. Note that Pillow's own
    decompression-bomb guard makes ``Image.open`` raise ``DecompressionBombError``
    for the default size unless ``Image.MAX_IMAGE_PIXELS`` is raised/disabled.
    """
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * (1 + 3 * width), 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )
