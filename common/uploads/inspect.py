"""Decide what an upload is from its bytes, count its pages and refuse what we cannot convert.

Runs at submit time, before anything is stored, so a bad file costs the client one
request and us nothing. The client's file name and Content-Type are never trusted.

:func:`inspect_file` is the one entry point; each stage lives in a module of its own:
common/uploads/sniff.py (the type from magic bytes), pdf.py (a PDF's envelope and
decompression bombs, from its bytes), pdf_pages.py (the page count, read by pdfium in a
confined helper process) and image.py (pixel bombs and frames, from image headers).
"""

from __future__ import annotations

import mmap
from dataclasses import dataclass
from pathlib import Path

from common.core.errors import EmptyDocument, UnsupportedMediaType
from common.core.settings import LimitsSettings
from common.uploads import image, pdf
from common.uploads.pdf_pages import count_pages
from common.uploads.sniff import PDF, SUPPORTED, describe_unknown, sniff


@dataclass(frozen=True)
class Inspection:
    media_type: str
    page_count: int


def inspect_file(path: Path, head: bytes, limits: LimitsSettings) -> Inspection:
    """What the upload is and how many pages it has, or a 4xx :class:`PagemillError`."""
    if not head:
        raise EmptyDocument("the uploaded file is empty (0 bytes)")
    media_type = sniff(head)
    if media_type is None:
        raise UnsupportedMediaType(
            f"the file is {describe_unknown(head)}, not a PDF, PNG, JPEG or TIFF "
            "(the type is decided by the file's content, not its name)",
            supported=list(SUPPORTED),
        )
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        if media_type == PDF:
            pdf.check_envelope(buf, head)
            pdf.check_bombs(buf, limits)
            return Inspection(PDF, count_pages(path, limits))
        declared = image.check_structure(buf, media_type, limits)
    return Inspection(media_type, image.page_count(path, media_type, declared, limits))
