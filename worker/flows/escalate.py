"""Escalation from ``auto``: a page its CPU engines read poorly goes on to a model engine.

The mechanism is a hand-over of the page row, so that leases, the fan-in counter and the
reaper keep their one rule (a page is counted by the transition that closes it, once):

1. The CPU worker that claimed the page runs ``auto``. When the result needs a model
   (worker/engines/escalation.py) and a worker for ``escalation.engine`` was heard from
   lately (the workers table), it stores auto's result beside the page's result
   (``results/{n}.auto.json``), renders the page if it has no image (a text-layer page),
   and in one guarded statement turns its running page back to queued, with the model
   engine as the page's engine, auto's result as its fallback and its attempts at zero;
   the model queue's task is sent after that commit. Nothing is counted: the page is
   still open, so cancellation, deadlines and finalize see it as any open page.
2. From then on the page row routes the page: claims and the reaper read the page's
   engine before the document's (a hand-over is the only writer of an open page's engine).
3. The model worker runs the page with auto's result at hand: where its own output is
   unusable (empty, a loop, an error on its last attempt) that result is the page's,
   marked ``fallback_from``; either way the result records ``escalated_from`` and why.
   Should the model never finish the page (its attempts run out, or no worker for it is
   left), the reaper or the next claim finishes it with auto's result.

Without a live worker for the model engine nothing of this happens: auto's result is
recorded as it always was.
"""

from __future__ import annotations

import json
import logging
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

import pypdfium2 as pdfium

from common.core import engines
from common.core.db import Database, after_commit
from common.core.settings import Settings
from common.core.storage import ObjectNotFound, ObjectStore, page_image_key, page_result_key
from common.documents import processing, repository
from common.documents.models import OPEN_PAGE_STATUSES
from common.documents.results import PageResult
from common.uploads.sniff import PDF
from common.workers import service as workers
from worker.engines import escalation
from worker.engines.base import PageError
from worker.render import RenderBudget, RenderTimeout, encode_png

log = logging.getLogger(__name__)


def fallback_key(tenant_id: uuid.UUID, document_id: uuid.UUID, page_no: int) -> str:
    """Where auto's result waits while a model engine has the page."""
    return page_result_key(tenant_id, document_id, page_no).removesuffix(".json") + ".auto.json"


def hand_over(
    db: Database,
    store: ObjectStore,
    settings: Settings,
    claimed: repository.ClaimedPage,
    document_id: uuid.UUID,
    page_no: int,
    result: PageResult,
    *,
    worker: str,
) -> bool:
    """Hand the page to the model engine if it needs one and a worker for it is live.

    True when the page is no longer this worker's to finish (handed over, or taken from
    it meanwhile); False when auto's result is to be recorded as usual.
    """
    why = escalation.reason(result, settings.escalation)
    if why is None:
        return False
    target = engines.get(settings.escalation.engine)
    within = timedelta(seconds=settings.reliability.worker_stale_after)
    with db.session_scope() as s:
        if not workers.serving(s, target.queue, within):
            return False
        doc = repository.get_document_unscoped(s, document_id)
        source = (doc.source_key, doc.media_type) if doc is not None else None
    image_key = None
    if claimed.image_key is None:
        if source is None or source[1] != PDF:
            return False
        image_key = _render(store, settings, target, claimed, document_id, page_no, source[0])
        if image_key is None:
            return False
    result.escalated_from, result.escalation_reason, result.fallback_from = "auto", why, target.name
    key = fallback_key(claimed.tenant_id, document_id, page_no)
    store.put_bytes(key, json.dumps(result.to_json(), ensure_ascii=False).encode(), "application/json")
    with db.session_scope() as s:
        handed = processing.escalate_page(
            s, document_id, page_no, worker=worker, engine=target.name, fallback_key=key, image_key=image_key
        )
        if not handed:
            current = repository.get_page(s, document_id, page_no)
            if current is None or current.status not in OPEN_PAGE_STATUSES:
                # Cancelled or deleted while we worked: what we wrote must not outlive the purge.
                repository.purge_again(s, document_id)
                after_commit(s, lambda: _delete(store, key, image_key))
    log.info(
        "page escalated" if handed else "page taken from us before its escalation",
        extra={"fields": {"engine": target.name, "reason": why}},
    )
    return True


def _delete(store: ObjectStore, *keys: str | None) -> None:
    for key in keys:
        if key:
            store.delete(key)


def drop(store: ObjectStore, key: str | None) -> None:
    """Delete auto's kept result once the model's is recorded (best effort: the
    document's purge takes whatever is left)."""
    try:
        _delete(store, key)
    except Exception:
        log.warning("could not delete auto's kept result %s", key, exc_info=True)


def _render(
    store: ObjectStore,
    settings: Settings,
    target: engines.EngineSpec,
    claimed: repository.ClaimedPage,
    document_id: uuid.UUID,
    page_no: int,
    source_key: str,
) -> str | None:
    """Render a text-layer page for the model at its own size (auto renders only pages
    it reads as pixels); None when the page cannot be drawn in time."""
    edge = target.render_longest_edge(settings)
    with tempfile.TemporaryDirectory(prefix="pagemill-") as tmp:
        src = Path(tmp) / "source"
        store.download(source_key, src)
        try:
            pdf = pdfium.PdfDocument(src)
        except pdfium.PdfiumError:
            log.warning("escalation: the source does not open; auto's result stands", exc_info=True)
            return None
        try:
            page = pdf[page_no - 1]
            try:
                width, height = page.get_size()
                longest = max(width, height, 1.0)
                scale = edge / longest if edge else settings.engines.render_dpi / 72
                limit = settings.engines.render_timeout
                bitmap = RenderBudget(limit, limit).render(page, scale)
            finally:
                page.close()
        except (pdfium.PdfiumError, RenderTimeout):
            log.warning("escalation: the page does not render; auto's result stands", exc_info=True)
            return None
        finally:
            pdf.close()
    key = page_image_key(claimed.tenant_id, document_id, page_no)
    store.put_bytes(key, encode_png(bitmap.to_pil()), "image/png")
    return key


def load_fallback(store: ObjectStore, claimed: repository.ClaimedPage) -> PageResult | None:
    """Auto's result for an escalated page (None for any other page, or if it is gone)."""
    if claimed.fallback_key is None:
        return None
    try:
        return PageResult.from_json(json.loads(store.get_bytes(claimed.fallback_key)))
    except ObjectNotFound:
        log.warning("escalated page: auto's result is gone; the model engine falls back as usual")
        return None


def model_outcome(
    engine: str,
    claimed: repository.ClaimedPage,
    fallback: PageResult | None,
    outcome: PageResult | PageError,
    *,
    final: bool,
) -> PageResult | PageError:
    """The outcome of an escalated page: the model's result marked as escalated, or, where
    the model failed for good, auto's result with a warning saying why."""
    if claimed.escalated_from is None:
        return outcome
    if isinstance(outcome, PageError):
        if fallback is None or (outcome.retryable and not final):
            return outcome
        why = f"{outcome.code}: {outcome.message}"
        fallback.warnings.append(f"{engine} failed ({why}); auto's result is kept")
        outcome = fallback
    outcome.escalated_from = claimed.escalated_from
    if fallback is not None:
        outcome.escalation_reason = fallback.escalation_reason
    return outcome
