"""A PDF's page count, read by pdfium in a confined helper process.

pdfium is C++ on a stranger's bytes: its crash or its endless loop must be one request's
failure, not the API's. So the API never opens an upload with pdfium itself; a helper
from the sandbox pool (common/uploads/sandbox.py) does, with a time and a memory limit,
reading the upload through a read-only descriptor it is handed. pdfium is asked only for
the page count and the size of the first and last page, which parses no page content.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import BinaryIO

import pypdfium2 as pdfium

from common.core.errors import (
    EmptyDocument,
    EncryptedDocument,
    PagemillError,
    ServiceUnavailable,
    TooManyPages,
    UnreadableDocument,
)
from common.core.settings import LimitsSettings
from common.uploads.sandbox import Sandbox, SandboxCrashed, SandboxTimeout, SandboxUnavailable, shared_pool

# pdfium's FPDF_GetLastError codes
_FPDF_ERR_SUCCESS = 0
_FPDF_ERR_PASSWORD = 4
_FPDF_ERR_SECURITY = 5

# The only errors a helper may report as themselves: those _count_here raises.
_HELPER_ERRORS = (UnreadableDocument, EncryptedDocument, EmptyDocument, TooManyPages)


def pdf_sandbox(limits: LimitsSettings) -> Sandbox:
    """The helper pool that opens PDFs under ``limits`` (operators' tools and tests look
    at its helpers); each helper imports this module once, when it starts (it is all a
    helper needs to run _count_here)."""
    return shared_pool(
        "pdf",
        processes=limits.inspect_processes,
        memory_mb=limits.inspect_memory_mb,
        max_calls=limits.inspect_calls_per_process,
        preload=[__name__],
    )


def count_pages(path: Path, limits: LimitsSettings) -> int:
    """The number of pages of the PDF at ``path``, read in a helper; a 4xx
    :class:`PagemillError` for a file pdfium refuses, fails on or hangs on, and
    ServiceUnavailable when no helper can take the call."""
    try:
        with path.open("rb") as file:
            count = pdf_sandbox(limits).call(
                _count_here, limits, timeout=limits.inspect_timeout, errors=_HELPER_ERRORS, file=file
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


def _count_here(file: BinaryIO, limits: LimitsSettings) -> int:
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
