"""documents.prepare: split a document into pages and queue their conversion.

Takes the document under a lease in one short transaction, splits it (download, text
layers, renders, uploads) with none open while the lease is renewed, then creates the
page rows in another, which ends the lease and sends the tenant's dispatch window's
worth of pages after its commit. A duplicate prepare finds the lease held, or the
document split, and does nothing; one whose worker died is taken up again once the
lease expires (the reaper sends it). Existing pages are kept.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PIL import Image, ImageSequence

from common.core.db import Database, after_commit
from common.core.settings import Settings
from common.core.storage import ObjectStore, document_prefix, page_image_key, page_text_key
from common.documents import processing, repository
from common.documents.models import ACTIVE_DOCUMENT_STATUSES
from common.uploads.sniff import PDF
from worker.engines.base import Engine
from worker.engines.registry import get_engine
from worker.engines.textlayer import extract_text_layer
from worker.leases import get_keeper, release_step
from worker.render import RenderBudget, RenderTimeout, encode_png, on_white, render_scale

log = logging.getLogger(__name__)

# The share of the prepare task's time limit that drawing a document's pages may use;
# the rest is for their text layers, encoding and storage, and recording the plan.
RENDER_BUDGET_SHARE = 0.8


class DocumentBroken(Exception):
    """The source cannot be processed (it passed inspection, so this is rare): fail the document."""


@dataclass(frozen=True)
class _DocSnapshot:
    id: uuid.UUID
    tenant_id: uuid.UUID
    engine: str
    media_type: str
    source_key: str
    selection: list[int]
    options: dict[str, Any]


def prepare_document(db: Database, store: ObjectStore, settings: Settings, document_id: uuid.UUID) -> None:
    rel = settings.reliability
    with db.session_scope() as s:
        doc = processing.start_document(s, document_id, lease=timedelta(seconds=rel.step_lease))
        if doc is None:
            log.info("prepare skipped: document finished, already split, or held by a live prepare")
            return
        snap = _DocSnapshot(
            id=doc.id,
            tenant_id=doc.tenant_id,
            engine=doc.engine,
            media_type=doc.media_type,
            source_key=doc.source_key,
            selection=doc.options.get("pages") or list(range(1, doc.source_pages + 1)),
            options=dict(doc.options),
        )
    engine = get_engine(snap.engine)
    keeper = get_keeper(db, lease=rel.page_lease, renew_every=rel.lease_renew, step_lease=rel.step_lease)
    try:
        with keeper.hold_step("prepare", document_id):
            plans = _split(store, settings, snap, engine)
    except DocumentBroken as exc:
        with db.session_scope() as s:
            processing.fail_document(s, document_id, code="unreadable_document", message=str(exc))
        return
    except BaseException:
        # Give the lease up at once: the task's retry takes the document again without
        # waiting for it to run out.
        release_step(db, "prepare", document_id)
        raise
    with db.session_scope() as s:
        doc = repository.get_document_unscoped(s, document_id)
        if doc is None or doc.status not in ACTIVE_DOCUMENT_STATUSES:
            if doc is not None and doc.deleted_at is not None:
                # Deleted while we rendered: the delete's purge may have run before our
                # writes. Delete them now, and re-open the purge in case that fails.
                repository.purge_again(s, document_id)
                prefix = document_prefix(snap.tenant_id, snap.id)
                after_commit(s, lambda: store.delete_prefix(prefix))
            return
        sent = processing.create_pages(s, doc, plans)
    log.info("prepared", extra={"fields": {"pages": len(plans), "sent": len(sent)}})


def _split(
    store: ObjectStore, settings: Settings, snap: _DocSnapshot, engine: Engine
) -> list[processing.PagePlan]:
    plans: list[processing.PagePlan] = []
    with tempfile.TemporaryDirectory(prefix="pagemill-") as tmp:
        src = Path(tmp) / "source"
        store.download(snap.source_key, src)
        if snap.media_type == PDF:
            try:
                pdf = pdfium.PdfDocument(src)
            except pdfium.PdfiumError as exc:
                raise DocumentBroken(f"the PDF cannot be opened: {exc}") from exc
            # Drawing gets most of the prepare task's time limit, for all pages together:
            # slow pages must fail here, one by one, before the limit kills the task and
            # the whole document is tried again.
            budget = RenderBudget(
                settings.broker.prepare_time_limit * RENDER_BUDGET_SHARE, settings.engines.render_timeout
            )
            try:
                for page_no in snap.selection:
                    try:
                        plans.append(_split_pdf_page(store, settings, snap, engine, pdf, page_no, budget))
                    except (pdfium.PdfiumError, RenderTimeout) as exc:
                        # Inspection loads only the first and last page; a broken page in
                        # between fails alone, the rest of the document converts. So does
                        # a page too costly to draw (worker/render.py).
                        if isinstance(exc, RenderTimeout):
                            error = {"code": "render_timeout", "message": f"page {page_no}: {exc}"}
                        else:
                            error = {"code": "unreadable_page", "message": f"page {page_no}: {exc}"}
                        plans.append(processing.PagePlan(page_no, 0.0, 0.0, None, None, None, error=error))
            finally:
                pdf.close()
        else:
            Image.MAX_IMAGE_PIXELS = settings.limits.max_image_pixels
            try:
                with Image.open(src) as im:
                    wanted = set(snap.selection)
                    # ImageSequence yields the same object seeked to each frame: work on
                    # each frame while it is current, never keep a reference to it.
                    for index, frame in enumerate(ImageSequence.Iterator(im)):
                        if index + 1 in wanted:
                            plans.append(_split_image_page(store, snap, engine, frame, index + 1))
                    missing = wanted - {p.page_no for p in plans}
                    if missing:
                        raise DocumentBroken(f"frame(s) {sorted(missing)} are missing")
            except (OSError, ValueError) as exc:
                raise DocumentBroken(f"the image cannot be decoded: {exc}") from exc
    return plans


def _split_pdf_page(
    store: ObjectStore,
    settings: Settings,
    snap: _DocSnapshot,
    engine: Engine,
    pdf: pdfium.PdfDocument,
    page_no: int,
    budget: RenderBudget,
) -> processing.PagePlan:
    page = pdf[page_no - 1]
    try:
        width, height = page.get_size()
        text_key = image_key = None
        has_text: bool | None = None
        usable = False
        if engine.needs_text_layer:
            layer = extract_text_layer(page)
            has_text, usable = layer.has_text, layer.is_real
            if has_text:
                text_key = page_text_key(snap.tenant_id, snap.id, page_no)
                store.put_bytes(text_key, layer.to_bytes(), "application/json")
        if engine.wants_image(has_text_layer=usable):
            scale = render_scale(engine, width, height, settings.engines.render_dpi)
            bitmap = budget.render(page, scale)
            image_key = page_image_key(snap.tenant_id, snap.id, page_no)
            store.put_bytes(image_key, encode_png(bitmap.to_pil()), "image/png")
        return processing.PagePlan(page_no, width, height, has_text, image_key, text_key)
    finally:
        page.close()


def _split_image_page(
    store: ObjectStore, snap: _DocSnapshot, engine: Engine, frame: Image.Image, page_no: int
) -> processing.PagePlan:
    # The page keeps the image's own size: boxes are reported in its pixels even when the
    # stored copy is smaller.
    width, height = frame.size
    image_key = None
    if engine.wants_image(has_text_layer=False):
        image = on_white(frame)
        edge = engine.render_max_edge
        if edge and max(width, height) > edge:
            image.thumbnail((edge, edge), Image.Resampling.LANCZOS)
        image_key = page_image_key(snap.tenant_id, snap.id, page_no)
        store.put_bytes(image_key, encode_png(image), "image/png")
    return processing.PagePlan(page_no, float(width), float(height), False, image_key, None)
