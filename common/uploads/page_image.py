"""One page of an upload drawn as an image for a person to look at (the review page's
``GET /v1/documents/{id}/pages/{n}/image``), in a confined helper process.

The worker's page renders are dropped once a document is finished, so a review draws
the page again from the stored source. pdfium (and PIL) on a stranger's bytes run where
they run at submit: in a helper from a sandbox pool (common/uploads/sandbox.py) that reads
the file through a read-only descriptor, with a time and a memory limit. The picture is
the one the engines saw: a PDF page drawn with its annotations, an image frame as stored
(no EXIF turn), transparency on white, so that the page result's boxes land on it.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import BinaryIO

from PIL import Image

from common.core.errors import PagemillError, ServiceUnavailable, UnreadableDocument
from common.core.settings import LimitsSettings
from common.uploads.sandbox import Sandbox, SandboxCrashed, SandboxTimeout, SandboxUnavailable, shared_pool

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
# A drawn page is at most this many pixels, whatever width is asked: a receipt scan of
# 1,000 x 8,000 pixels drawn 2,400 wide would otherwise be 19 million.
MAX_PIXELS = 12_000_000

# PIL's decoders, by upload type. They are imported before the helper is confined (it
# can then read no file, modules included), and Image.open is told which to use, so it
# never goes looking for the others.
_PIL_FORMATS = {PNG: "PNG", JPEG: "JPEG", "image/tiff": "TIFF"}
# (Bmp, Gif and Ppm: PIL imports them with the first image it opens or saves.)
_PIL_PLUGINS = [
    "PIL.Image",
    *(f"PIL.{name}ImagePlugin" for name in ("Png", "Jpeg", "Tiff", "Bmp", "Gif", "Ppm")),
]


def page_image_sandbox(limits: LimitsSettings) -> Sandbox:
    """The helper pool that draws pages, sized like the one that opens uploads."""
    return shared_pool(
        "page-image",
        processes=limits.inspect_processes,
        memory_mb=limits.inspect_memory_mb,
        max_calls=limits.inspect_calls_per_process,
        # A confined helper can open no file, so what it runs is imported first.
        preload=[__name__, "pypdfium2", *_PIL_PLUGINS],
    )


def render_page_image(
    path: Path, media_type: str, page_no: int, width: int, limits: LimitsSettings
) -> tuple[bytes, str]:
    """Page (or frame) ``page_no`` of the upload at ``path``, ``width`` pixels wide, as image
    bytes and their type: JPEG for a photo that came as JPEG, PNG otherwise. A PDF page is
    drawn at most 4x its size in points, an image is never enlarged (the browser can do
    that for free), and neither is ever over :data:`MAX_PIXELS`."""
    try:
        with path.open("rb") as file:
            reply = page_image_sandbox(limits).call(
                _render_here,
                media_type,
                page_no,
                width,
                limits.max_image_pixels,
                timeout=limits.inspect_timeout,
                errors=(UnreadableDocument,),
                file=file,
            )
    except SandboxTimeout as exc:
        raise UnreadableDocument(f"page {page_no} could not be drawn within {exc.seconds:g} s") from exc
    except SandboxCrashed as exc:
        raise UnreadableDocument(f"drawing page {page_no} made the parser fail") from exc
    except SandboxUnavailable as exc:
        raise ServiceUnavailable(f"pages cannot be drawn right now: {exc}") from exc
    except MemoryError as exc:
        raise UnreadableDocument(
            f"drawing page {page_no} needs more than {limits.inspect_memory_mb} MB"
        ) from exc
    # What a helper says is checked like any input: one that a hostile file took over
    # could answer anything, and the bytes go to a browser.
    kind = reply.get("type") if isinstance(reply, dict) else None
    data = reply.get("data") if isinstance(reply, dict) else None
    if kind not in (PNG, JPEG) or not isinstance(data, str):
        raise UnreadableDocument("the page drawer gave an impossible answer")
    image = base64.b64decode(data, validate=True)
    magic = b"\x89PNG\r\n\x1a\n" if kind == PNG else b"\xff\xd8\xff"
    if not image.startswith(magic):
        raise UnreadableDocument("the page drawer gave an impossible answer")
    return image, kind


def _fit(width: float, height: float, wanted: int) -> float:
    """The scale that draws a page ``wanted`` pixels wide, within 4x and MAX_PIXELS."""
    scale = min(wanted / width, 4.0)
    if width * height * scale * scale > MAX_PIXELS:
        scale = (MAX_PIXELS / (width * height)) ** 0.5
    return scale


def _render_here(
    file: BinaryIO, media_type: str, page_no: int, width: int, max_image_pixels: int
) -> dict[str, str]:
    """Runs in a sandbox helper: the page drawn and encoded, base64 in JSON."""
    buf = io.BytesIO()
    kind = PNG
    if media_type == PDF:
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(file)
        except Exception as exc:
            raise UnreadableDocument("the PDF cannot be parsed") from exc
        try:
            if not 1 <= page_no <= len(pdf):
                raise UnreadableDocument(f"the PDF has no page {page_no}")
            page = pdf[page_no - 1]
            w, h = page.get_size()
            # may_draw_forms: form fields as filled in, as the worker draws them
            bitmap = page.render(scale=_fit(w, h, width), may_draw_forms=True)
            image = bitmap.to_pil().convert("RGB")
        except PagemillError:
            raise
        except Exception as exc:
            raise UnreadableDocument(f"page {page_no} of the PDF cannot be drawn ({exc})") from exc
        finally:
            pdf.close()
    elif media_type in _PIL_FORMATS:
        Image.MAX_IMAGE_PIXELS = max_image_pixels
        try:
            with Image.open(file, formats=[_PIL_FORMATS[media_type]]) as im:
                im.seek(page_no - 1)
                image = on_white(im)
        except EOFError as exc:
            raise UnreadableDocument(f"the image has no frame {page_no}") from exc
        except (OSError, ValueError) as exc:
            raise UnreadableDocument(f"the image cannot be decoded ({exc})") from exc
        scale = _fit(image.width, image.height, width)
        if scale < 1.0:
            size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
            image = image.resize(size, Image.Resampling.LANCZOS)
        if media_type == JPEG:
            kind = JPEG
    else:
        raise UnreadableDocument(f"{media_type} pages cannot be drawn")
    if kind == JPEG:
        image.save(buf, format="JPEG", quality=90)
    else:
        image.save(buf, format="PNG", compress_level=3)
    return {"type": kind, "data": base64.b64encode(buf.getvalue()).decode()}


def on_white(frame: Image.Image) -> Image.Image:
    """The image as RGB, transparent parts shown on white paper, as a viewer shows them.

    ``convert("RGB")`` just drops the alpha channel, and what is left under transparent
    pixels is usually black: an invoice exported with a transparent background would
    read (and show) as black ink on black. The worker draws its pages with this too.
    """
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        paper = Image.new("RGB", rgba.size, "white")
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    return frame.convert("RGB")
