"""Rendering with a deadline (worker/render.py): the same pixels as pdfium's one-shot
render, and a page too costly to draw fails alone while its document converts."""

from __future__ import annotations

import random
import time
import uuid

import numpy as np
import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from common.core import queue
from common.core.db import get_database
from common.core.settings import get_settings
from common.core.storage import get_store
from common.documents.models import Page
from tests.factories import files
from tests.helpers import new_tenant, queued_document
from worker.render import RenderTimeout, render_page

# Big overlapping triangles in many colours: about 18 s to draw at 150 DPI on the
# development machine, for 0.1 s of parsing. No test draws it whole.
HEAVY_PATHS = 60_000


def _heavy_stream(paths: int) -> bytes:
    rnd = random.Random(1)
    ops = []
    for _ in range(paths):
        x, y = rnd.uniform(0, 612), rnd.uniform(0, 792)
        pts = [(x + rnd.uniform(-300, 300), y + rnd.uniform(-300, 300)) for _ in range(2)]
        ops.append(
            b"%.2f %.2f %.2f rg %.1f %.1f m %.1f %.1f l %.1f %.1f l h f"
            % (rnd.random(), rnd.random(), rnd.random(), x, y, *pts[0], *pts[1])
        )
    return b"\n".join(ops)


def pdf_with_heavy_page(heavy_page: int, pages: int) -> bytes:
    """``pages`` Letter pages with a line of text each, but page ``heavy_page`` is a
    drawing of HEAVY_PATHS filled triangles."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i in range(pages):
        if i + 1 == heavy_page:
            stream = _heavy_stream(HEAVY_PATHS)
        else:
            stream = b"BT /F1 12 Tf 72 720 Td (Page %d text) Tj ET" % (i + 1)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    return files.pdf_from_objects(objects, header=b"%PDF-1.7\n", trailer=b"/Root 1 0 R")


def test_the_deadline_render_draws_the_same_pixels_as_pdfiums_own():
    # given the invoice's pages (text, tables, lines)
    pdf = pdfium.PdfDocument(files.invoice_pdf())
    for index in range(len(pdf)):
        page = pdf[index]
        # when a page is drawn with a deadline it meets
        ours = np.asarray(render_page(page, 150 / 72, timeout=30).to_pil())
        # then it is the image pdfium's one-shot render gives
        theirs = np.asarray(page.render(scale=150 / 72).to_pil())
        assert ours.shape == theirs.shape
        assert np.array_equal(ours, theirs), f"page {index + 1} differs"


def test_drawing_stops_at_the_deadline():
    page = pdfium.PdfDocument(pdf_with_heavy_page(1, 1))[0]
    # when a page that takes seconds to draw is given a fifth of a second
    started = time.monotonic()
    with pytest.raises(RenderTimeout, match=r"0\.2 s"):
        render_page(page, 150 / 72, timeout=0.2)
    # then it stops near the deadline, not when the drawing would have finished
    assert time.monotonic() - started < 2.0
    # and the page can still be drawn afterwards (the render was closed properly)
    assert render_page(page, 10 / 72, timeout=30).width == 85


def test_a_page_too_costly_to_draw_fails_alone_at_prepare(services, sent):
    from worker import flows

    # given a 3-page PDF for OCR whose page 2 takes seconds to draw, and a render timeout
    # well below that
    doc_id = uuid.UUID(queued_document(new_tenant(), pdf_with_heavy_page(2, 3), engine="rapidocr"))
    base = get_settings()
    settings = base.model_copy(update={"engines": base.engines.model_copy(update={"render_timeout": 2.0})})
    # when the document is prepared
    flows.prepare_document(get_database(), get_store(), settings, doc_id)
    # then page 2 failed with an error that says why, and pages 1 and 3 were rendered and queued
    with get_database().session_scope() as s:
        pages = {
            p.page_no: (p.status, p.error, p.image_key)
            for p in s.scalars(select(Page).where(Page.document_id == doc_id))
        }
    status, error, image_key = pages[2]
    assert status == "failed" and image_key is None
    assert error["code"] == "render_timeout"
    assert error["message"] == "page 2: rendering took longer than 2 s"
    assert [pages[n][0] for n in (1, 3)] == ["queued", "queued"]
    assert all(pages[n][2] for n in (1, 3))
    assert sorted(a[2] for a in sent if a[0] == queue.CONVERT) == [1, 3]


def test_pages_left_when_the_documents_render_budget_runs_out_fail_instead_of_the_task(services, sent):
    from worker import flows

    # given a 3-page PDF whose first page takes seconds to draw, and a prepare task limit
    # so short that the first page uses up the rendering budget (80 % of it)
    doc_id = uuid.UUID(queued_document(new_tenant(), pdf_with_heavy_page(1, 3), engine="rapidocr"))
    base = get_settings()
    settings = base.model_copy(update={"broker": base.broker.model_copy(update={"prepare_time_limit": 5})})
    # when the document is prepared
    started = time.monotonic()
    flows.prepare_document(get_database(), get_store(), settings, doc_id)
    # then prepare ends within its limit instead of being killed at it
    assert time.monotonic() - started < 5
    # and every page failed with render_timeout: the first at the budget, the others
    # without being drawn, each saying why
    with get_database().session_scope() as s:
        pages = {
            p.page_no: (p.status, p.error) for p in s.scalars(select(Page).where(Page.document_id == doc_id))
        }
    assert {n: (st, e["code"]) for n, (st, e) in pages.items()} == {
        n: ("failed", "render_timeout") for n in (1, 2, 3)
    }
    assert pages[1][1]["message"] == (
        "page 1: rendering took longer than the 4 s left of this document's 4 s to draw its pages"
    )
    assert pages[3][1]["message"] == (
        "page 3: not rendered: this document's pages took longer than 4 s to draw in all"
    )
    assert [a for a in sent if a[0] == queue.CONVERT] == []
