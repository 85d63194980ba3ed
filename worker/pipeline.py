"""The three steps of a document, as plain functions that tasks and tests call.

Each step reads state in a short transaction, does its slow work (rendering, models,
object storage) outside any transaction, then commits its outcome in another short
transaction with guarded updates, so redelivery at any point is harmless.
"""

from __future__ import annotations

import io
import json
import logging
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from botocore.exceptions import BotoCoreError
from PIL import Image, ImageSequence
from sqlalchemy.exc import InterfaceError, OperationalError

from common.core.db import Database, after_commit
from common.core.settings import Settings
from common.core.storage import (
    ObjectNotFound,
    ObjectStore,
    StorageUnavailable,
    document_prefix,
    output_key,
    page_image_key,
    page_result_key,
    page_text_key,
)
from common.documents import processing, repository
from common.documents.assemble import PageOutcome, assemble
from common.documents.models import DocumentStatus, PageStatus
from common.documents.results import PageResult
from common.observability import metrics
from common.observability.logging import bound
from common.uploads.inspect import PDF
from worker.engines.base import Engine, PageError, PageInput
from worker.engines.registry import get_engine
from worker.engines.textlayer import TextLayer, extract_text_layer
from worker.leases import get_keeper, worker_id
from worker.render import RenderBudget, RenderTimeout

log = logging.getLogger(__name__)
# Failures that pass: the database or the object store down, throttling or erroring
# (StorageUnavailable: S3's 5xx and SlowDown after botocore's own retries), the network.
# Tasks retry them with backoff (worker/tasks.py); they never count as a page's failure.
TRANSIENT = (
    BotoCoreError,
    StorageUnavailable,
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
)


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


def on_white(frame: Image.Image) -> Image.Image:
    """The image as RGB, transparent parts shown on white paper, as a viewer shows them.

    ``convert("RGB")`` just drops the alpha channel, and what is left under transparent
    pixels is usually black: an invoice exported with a transparent background would
    reach the engine as black ink on black.
    """
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        paper = Image.new("RGB", rgba.size, "white")
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    return frame.convert("RGB")


# The share of the prepare task's time limit that drawing a document's pages may use;
# the rest is for their text layers, encoding and storage, and recording the plan.
RENDER_BUDGET_SHARE = 0.8


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    # compress_level 1: PNG encoding dominates render cost; size matters less than time here.
    image.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def prepare_document(db: Database, store: ObjectStore, settings: Settings, document_id: uuid.UUID) -> None:
    with db.session_scope() as s:
        doc = processing.start_document(s, document_id)
        if doc is None:
            log.info("prepare skipped: document is not active")
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
    try:
        plans = _split(store, settings, snap, engine)
    except DocumentBroken as exc:
        with db.session_scope() as s:
            processing.fail_document(s, document_id, code="unreadable_document", message=str(exc))
        return
    with db.session_scope() as s:
        doc = repository.get_document_unscoped(s, document_id)
        if doc is None or doc.status not in processing.ACTIVE:
            if doc is not None and doc.deleted_at is not None:
                # Deleted while we rendered: the delete's purge may have run before our
                # writes. Delete them now, and re-open the purge in case that fails.
                repository.purge_again(s, document_id)
                prefix = document_prefix(snap.tenant_id, snap.id)
                after_commit(s, lambda: store.delete_prefix(prefix))
            return
        queued = processing.create_pages(s, doc, plans, queue_name=engine.queue)
    log.info("prepared", extra={"fields": {"pages": len(plans), "queued": len(queued)}})


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
            store.put_bytes(image_key, _png(bitmap.to_pil()), "image/png")
        return processing.PagePlan(page_no, width, height, has_text, image_key, text_key)
    finally:
        page.close()


def render_scale(engine: Engine, width: float, height: float, default_dpi: int) -> float:
    """Pixels per point at which prepare renders a page of ``width`` x ``height`` points."""
    longest = max(width, height, 1.0)
    if engine.render_longest_edge:
        return engine.render_longest_edge / longest
    scale = (engine.render_dpi or default_dpi) / 72
    if engine.render_max_edge:
        scale = min(scale, engine.render_max_edge / longest)
    return scale


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
        store.put_bytes(image_key, _png(image), "image/png")
    return processing.PagePlan(page_no, float(width), float(height), False, image_key, None)


def convert_page(
    db: Database,
    store: ObjectStore,
    settings: Settings,
    document_id: uuid.UUID,
    page_no: int,
    *,
    lease: timedelta | None = None,
    max_attempts: int | None = None,
) -> None:
    """Run the engine on one page and record the outcome.

    The page is claimed with a lease that this process renews while the engine runs
    (worker/leases.py); if the process dies, the reaper puts the page back once the lease
    expires. Exceptions other than a non-retryable PageError give the page back (queued,
    with the error kept) and propagate so the task can retry; on the final attempt they
    fail the page instead, so one bad page never blocks a document. Attempts are counted
    at each claim, so a page that kills its worker every time is still capped.
    """
    rel = settings.reliability
    lease = lease or timedelta(seconds=rel.page_lease)
    max_attempts = max_attempts or rel.page_max_attempts
    me = worker_id()
    with db.session_scope() as s:
        claimed = processing.claim_page(s, document_id, page_no, worker=me, lease=lease)
        if claimed is None:
            log.info("convert skipped: page finished, held by a live worker, or document not active")
            processing.ensure_finalize(s, document_id)
            return
    if claimed.attempts > max_attempts:
        with db.session_scope() as s:
            processing.fail_page(
                s,
                document_id,
                page_no,
                engine=claimed.engine,
                error=processing.exhausted_error(page_no, max_attempts, claimed.last_error),
            )
        return
    keeper = get_keeper(db, lease=rel.page_lease, renew_every=rel.lease_renew)
    with keeper.hold(document_id, page_no):
        try:
            _convert_claimed(db, store, document_id, page_no, claimed, final=claimed.attempts >= max_attempts)
        except BaseException as exc:
            # Give the page back at once (the retry, or another worker, claims it without
            # waiting for the lease to expire) and keep why, for the page's last error.
            error = (
                exc.to_json()
                if isinstance(exc, PageError)
                else {
                    "code": "engine_error",
                    "message": f"{type(exc).__name__}: {exc}"[:2000],
                }
            )
            try:
                with db.session_scope() as s:
                    repository.release_page(s, document_id, page_no, worker=me, error=error)
            except Exception:  # the database is down: the lease expires and the reaper acts
                log.warning("could not give the page back", exc_info=True)
            raise


def _convert_claimed(
    db: Database,
    store: ObjectStore,
    document_id: uuid.UUID,
    page_no: int,
    claimed: repository.ClaimedPage,
    *,
    final: bool,
) -> None:
    tenant_id, engine_name, options = claimed.tenant_id, claimed.engine, claimed.options
    width, height = claimed.width, claimed.height
    text_key, image_key = claimed.text_layer_key, claimed.image_key
    engine = get_engine(engine_name)
    started = time.perf_counter()
    try:
        layer = TextLayer.from_bytes(store.get_bytes(text_key)) if text_key else None
        image = Image.open(io.BytesIO(store.get_bytes(image_key))) if image_key else None
        load_s = time.perf_counter() - started
        outcome = engine.convert(
            [
                PageInput(
                    page_no=page_no,
                    width=width,
                    height=height,
                    image=image,
                    text_layer=layer,
                    options=options,
                    last_attempt=final,
                )
            ]
        )[0]
    except PageError as exc:
        outcome = exc
    except Exception as exc:
        # The database or the store failing is not the page's fault: the task retries it
        # (worker/tasks.py TRANSIENT) even on the page's last attempt.
        if not final or isinstance(exc, TRANSIENT):
            raise
        log.exception("engine failed on the final attempt")
        outcome = PageError("engine_error", f"{type(exc).__name__}: {exc}")
    elapsed = time.perf_counter() - started
    if isinstance(outcome, PageError):
        if outcome.retryable and not final:
            raise outcome
        with db.session_scope() as s:
            processing.fail_page(s, document_id, page_no, engine=engine_name, error=outcome.to_json())
        metrics.observe_page(engine_name, "failed", elapsed, None)
        log.info("page failed", extra={"fields": {"code": outcome.code}})
        return
    outcome.timings.setdefault("load_s", round(load_s, 4))
    outcome.timings["engine_s"] = round(elapsed - load_s, 4)
    outcome.timings["total_s"] = round(elapsed, 4)
    key = page_result_key(tenant_id, document_id, page_no)
    store.put_bytes(key, json.dumps(outcome.to_json(), ensure_ascii=False).encode(), "application/json")
    with db.session_scope() as s:
        changed = processing.complete_page(
            s,
            document_id,
            page_no,
            engine=outcome.engine,
            result_key=key,
            timings=outcome.timings,
            tokens=outcome.tokens,
        )
        if not changed:
            current = repository.get_page(s, document_id, page_no)
            if current is None or current.status != PageStatus.done.value:
                # Cancelled, deleted or failed (deadline, attempts) while we worked: our
                # late write must not outlive the purge nor stand for a failed page.
                repository.purge_again(s, document_id)
                after_commit(s, lambda: store.delete(key))
    metrics.observe_page(outcome.engine, "done", elapsed, outcome.timings.get("engine_s"))


def finalize_document(db: Database, store: ObjectStore, settings: Settings, document_id: uuid.UUID) -> None:
    with db.session_scope() as s:
        doc = repository.get_document_unscoped(s, document_id)
        if doc is None or doc.status != DocumentStatus.processing.value:
            log.info("finalize skipped: document is not processing")
            return
        if doc.pages_done + doc.pages_failed < doc.pages_total:
            log.warning("finalize called before every page finished; skipped")
            return
        pages = [(p.page_no, p.status, p.result_key, p.error) for p in repository.list_pages(s, doc.id)]
        tenant_id, formats, name = doc.tenant_id, list(doc.options.get("output_formats", [])), doc.filename
    outcomes: list[PageOutcome] = []
    for page_no, status, result_key, error in pages:
        if status == PageStatus.done.value and result_key:
            try:
                outcomes.append(
                    PageOutcome(page_no, PageResult.from_json(json.loads(store.get_bytes(result_key))))
                )
                continue
            except ObjectNotFound:
                error = {"message": "result object missing"}
        outcomes.append(PageOutcome(page_no, None, (error or {}).get("message")))
    written: list[str] = []
    if any(o.result is not None for o in outcomes):
        for fmt, data in assemble(name or str(document_id), outcomes, formats).items():
            key = output_key(tenant_id, document_id, fmt)
            store.put_bytes(key, data)
            written.append(key)
    with db.session_scope() as s:
        doc = repository.get_document_unscoped(s, document_id)
        if doc is None:
            return
        status = processing.outcome_status(doc)
        error = None
        if status == DocumentStatus.failed:
            first = next((o.error for o in outcomes if o.error), "unknown error")
            error = {
                "code": "all_pages_failed",
                "message": f"no page could be converted; first error: {first}",
            }
        if not processing.set_terminal(s, doc, status, error=error) and doc.deleted_at is not None:
            repository.purge_again(s, document_id)
            after_commit(s, lambda: store.delete_prefix(document_prefix(tenant_id, document_id)))
    log.info("finalized", extra={"fields": {"status": status.value}})


def purge_document(db: Database, store: ObjectStore, document_id: uuid.UUID) -> None:
    with db.session_scope() as s:
        doc = repository.get_document_unscoped(s, document_id)
        if doc is None or doc.deleted_at is None:
            return
        prefix = document_prefix(doc.tenant_id, doc.id)
        seen = doc.updated_at
    store.delete_prefix(prefix)  # raises (and the task retries) unless every object went
    with db.session_scope() as s:
        if not repository.mark_purged(s, document_id, seen=seen):
            log.info("a worker wrote to the document during its purge; the reaper purges again")


def bind_page(document_id: str, page_no: int | None = None, task_id: str | None = None) -> Any:
    return bound(document_id=document_id, page_no=page_no, task_id=task_id)
