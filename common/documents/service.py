"""Documents as the API sees them: submit, read, list, results, delete.

Services never commit; the request boundary does. Side effects outside the database
(the broker) are registered with ``after_commit``; writes to object storage happen
before the row exists and are undone if the row cannot be written.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.core import queue
from common.core.db import on_rollback
from common.core.errors import (
    Conflict,
    EngineUnavailable,
    IdempotencyConflict,
    InvalidInput,
    NotFound,
    NotReady,
    TooManyRequests,
)
from common.core.orm import utcnow
from common.core.settings import Settings
from common.core.storage import (
    OUTPUT_EXTENSIONS,
    ObjectNotFound,
    ObjectStore,
    Stream,
    document_prefix,
    output_key,
    source_key,
)
from common.documents import repository
from common.documents.links import document_links, link_base
from common.documents.models import Document, DocumentStatus, Page, PageStatus
from common.documents.schemas import (
    DEFAULT_OUTPUT_FORMATS,
    ENGINES,
    MAX_PROMPT_CHARS,
    MEDIA_TYPES,
    OUTPUT_FORMATS,
    PROMPT_ENGINES,
    TEST_ENGINES,
    DocumentList,
    DocumentOut,
    PageCounts,
    PageError,
    PageOut,
    PageResultOut,
)
from common.uploads.inspect import inspect_file, parse_page_selection
from common.webhooks import service as webhooks
from common.webhooks import ssrf
from common.workers import service as workers

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StagedUpload:
    """An upload streamed to a local temp file, hashed and measured on the way."""

    path: Path
    size: int
    sha256: str
    head: bytes
    filename: str | None


@dataclass(frozen=True)
class SubmitOptions:
    engine: str | None = None
    output_formats: str | None = None
    pages: str | None = None
    webhook_url: str | None = None
    metadata: str | None = None
    prompt: str | None = None
    deadline: str | None = None
    idempotency_key: str | None = None


def _parse_formats(raw: str | None) -> list[str]:
    if raw is None or not raw.strip():
        return list(DEFAULT_OUTPUT_FORMATS)
    items: list[str] = []
    for part in raw.replace(" ", ",").split(","):
        fmt = part.strip().lower()
        if not fmt:
            continue
        if fmt == "md":
            fmt = "markdown"
        if fmt not in OUTPUT_FORMATS:
            raise InvalidInput(
                f"output_formats: {fmt!r} is not one of {', '.join(OUTPUT_FORMATS)}", field="output_formats"
            )
        if fmt not in items:
            items.append(fmt)
    if not items:
        raise InvalidInput("output_formats: name at least one format", field="output_formats")
    return items


def _parse_prompt(raw: str | None, engine: str) -> str | None:
    if raw is None or not raw.strip():
        return None
    if engine not in PROMPT_ENGINES:
        raise InvalidInput(
            f"prompt: the {engine} engine takes no prompt (only {', '.join(PROMPT_ENGINES)} do)",
            field="prompt",
        )
    prompt = raw.strip()
    if len(prompt) > MAX_PROMPT_CHARS:
        raise InvalidInput(f"prompt: at most {MAX_PROMPT_CHARS} characters", field="prompt")
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in prompt):
        raise InvalidInput("prompt: control characters are not allowed", field="prompt")
    return prompt


def _parse_engine(raw: str | None, settings: Settings) -> str:
    engine = (raw or settings.engines.default).strip().lower()
    allowed = ENGINES + (TEST_ENGINES if settings.engines.allow_null else ())
    if engine not in allowed:
        raise InvalidInput(f"engine: {engine!r} is not one of {', '.join(allowed)}", field="engine")
    return engine


def _parse_metadata(raw: str | None, settings: Settings) -> dict[str, Any]:
    """The client's metadata: a small JSON object, echoed back and sent with webhooks.

    It must be I-JSON (RFC 7493), which every client and PostgreSQL's jsonb can hold as
    sent: no duplicate keys, no lone surrogates, numbers a double can carry (no NaN,
    Infinity or 1e400; integers within ±(2^53 - 1)). Control characters other than tab
    and newlines are refused too (NUL cannot be stored at all), and so is nesting deeper
    than 16 levels.
    """
    max_depth, max_int = 16, 2**53 - 1
    if raw is None or raw == "":
        return {}
    if len(raw.encode("utf-8", "surrogatepass")) > settings.limits.max_metadata_bytes:
        raise InvalidInput(
            f"metadata: larger than {settings.limits.max_metadata_bytes} bytes", field="metadata"
        )

    def invalid(why: str) -> InvalidInput:
        return InvalidInput(f"metadata: {why}", field="metadata")

    def no_constants(name: str) -> Any:
        raise invalid(f"{name} is not JSON")

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, item in pairs:
            if key in obj:
                raise invalid(f"duplicate key {key[:64]!r}")
            obj[key] = item
        return obj

    def check_text(text: str) -> None:
        for ch in text:
            code = ord(ch)
            if code == 0:
                # PostgreSQL text and jsonb cannot hold NUL.
                raise invalid("NUL characters are not allowed")
            if (code < 32 and ch not in "\t\n\r") or 0x7F <= code <= 0x9F:
                raise invalid(f"control characters are not allowed (U+{code:04X})")
            if 0xD800 <= code <= 0xDFFF:
                raise invalid("a string holds a lone surrogate, which is not Unicode text")

    def check(item: Any, depth: int) -> None:
        if depth > max_depth:
            raise invalid(f"nested too deeply (more than {max_depth} levels)")
        if isinstance(item, dict):
            for key, sub in item.items():
                check_text(key)
                check(sub, depth + 1)
        elif isinstance(item, list):
            for sub in item:
                check(sub, depth + 1)
        elif isinstance(item, str):
            check_text(item)
        elif isinstance(item, bool) or item is None:
            pass
        elif isinstance(item, int):
            if abs(item) > max_int:
                raise invalid("an integer is beyond ±(2^53 - 1), which JSON clients cannot hold exactly")
        elif isinstance(item, float) and not math.isfinite(item):
            raise invalid("a number is too large to represent")

    try:
        value = json.loads(raw, parse_constant=no_constants, object_pairs_hook=unique_keys)
    except InvalidInput:
        raise
    except RecursionError as exc:
        raise invalid("nested too deeply") from exc
    except ValueError as exc:  # also int() refusing thousands of digits
        raise invalid(f"not valid JSON ({exc})") from exc
    if not isinstance(value, dict):
        raise invalid("must be a JSON object")
    check(value, 1)
    return value


def _parse_webhook_url(raw: str | None, settings: Settings) -> str | None:
    if raw is None or not raw.strip():
        return None
    url = raw.strip()
    if len(url) > settings.limits.max_webhook_url_length:
        raise InvalidInput("webhook_url: too long", field="webhook_url")
    # Characters, scheme, host and, where it resolves now, every address (SSRF guard);
    # the check is repeated when the webhook is sent.
    ssrf.check_at_submit(url, settings.webhooks)
    return url


def _parse_deadline(raw: str | None, settings: Settings) -> timedelta:
    """Seconds from now by which every page must be converted (pages still open then fail)."""
    limit = settings.quotas.max_deadline
    if raw is None or not raw.strip():
        return timedelta(seconds=min(settings.quotas.default_deadline, limit))
    try:
        seconds = int(raw.strip())
    except ValueError:
        raise InvalidInput("deadline: a whole number of seconds", field="deadline") from None
    if not 10 <= seconds <= limit:
        raise InvalidInput(f"deadline: between 10 and {int(limit)} seconds", field="deadline")
    return timedelta(seconds=seconds)


def _check_inflight(session: Session, settings: Settings, tenant_id: uuid.UUID, pages: int) -> None:
    """Refuse a document that would take the tenant over its pages in flight.

    A soft limit: two submits at the same moment may both pass (by at most their own
    pages); holding a per-tenant lock across the upload to storage would serialise a
    tenant's submits, which costs more than the overshoot.
    """
    limit = settings.quotas.max_inflight_pages
    if limit <= 0:
        return
    if pages > limit:
        raise InvalidInput(
            f"the document has {pages} pages to convert, more than this tenant may have in flight "
            f"({limit}); submit it in parts (the 'pages' field)",
            field="pages",
        )
    inflight = repository.inflight_pages(session, tenant_id)
    if inflight + pages > limit:
        raise TooManyRequests(
            f"{inflight} pages of this tenant are still being converted; with this document's "
            f"{pages} that is above the limit of {limit}. Retry when some have finished.",
            retry_after=30,
            inflight_pages=inflight,
            limit=limit,
        )


def _clean_filename(name: str | None) -> str | None:
    """For display only (never part of a storage key): the last path component of any
    platform, NFC, without control or format characters (a right-to-left override, U+202E,
    makes a name read backwards), at most 255 characters with the extension kept. Bytes
    that were not UTF-8 arrive as U+FFFD and stay visible."""
    import unicodedata  # here, not at the top: this module's imports belong to its other services

    if not name:
        return None
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if base in ("", ".", ".."):
        return None
    if len(base) > 255:
        stem, dot, ext = base.rpartition(".")
        if dot and stem and 0 < len(ext) <= 16:
            base = stem[: 254 - len(ext)].rstrip() + "." + ext
        else:
            base = base[:255].rstrip()
    return base


def submit(
    session: Session,
    store: ObjectStore,
    settings: Settings,
    *,
    tenant_id: uuid.UUID,
    upload: StagedUpload,
    options: SubmitOptions,
) -> tuple[Document, bool]:
    """Validate, store and queue a document. Returns (document, created)."""
    key = options.idempotency_key.strip() if options.idempotency_key else None
    if key is not None and not (1 <= len(key) <= 255):
        raise InvalidInput("Idempotency-Key: must be 1 to 255 characters", field="Idempotency-Key")
    # Before the first query: vetting the URL may wait on DNS, and opening the file may
    # take the sandbox's timeout, and no transaction (on SQLite, the write lock) may be
    # held meanwhile. A replay opens its file again, which costs it that much.
    webhook_url = _parse_webhook_url(options.webhook_url, settings)
    engine = _parse_engine(options.engine, settings)
    prompt = _parse_prompt(options.prompt, engine)
    formats = _parse_formats(options.output_formats)
    metadata = _parse_metadata(options.metadata, settings)
    deadline = _parse_deadline(options.deadline, settings)
    found = inspect_file(upload.path, upload.head, settings.limits)
    selection = parse_page_selection(options.pages, found.page_count)
    # The request as parsed, which a replay under the same Idempotency-Key must repeat.
    requested = {
        "engine": engine,
        "output_formats": sorted(formats),
        "prompt": prompt,
        "metadata": metadata,
        "webhook_url": webhook_url,
        # Kept only when it is a selection; None means every page.
        "pages": selection if len(selection) != found.page_count else None,
        "deadline": int(deadline.total_seconds()) if (options.deadline or "").strip() else None,
    }
    fingerprint = _fingerprint(requested)
    if key:
        existing = repository.get_by_idempotency_key(session, tenant_id, key)
        if existing is not None:
            return _replay(existing, upload, requested, fingerprint), False

    if webhook_url:
        webhooks.require_secret(session, tenant_id)
    _require_worker(session, settings, engine)
    _check_inflight(session, settings, tenant_id, len(selection))

    doc_id = uuid.uuid4()
    key_source = source_key(tenant_id, doc_id)
    doc = Document(
        id=doc_id,
        tenant_id=tenant_id,
        status=DocumentStatus.queued.value,
        engine=engine,
        options={
            "output_formats": formats,
            "pages": requested["pages"],
            "request": fingerprint,
            **({"prompt": prompt} if prompt else {}),
        },
        pages_total=len(selection),
        pages_done=0,
        pages_failed=0,
        source_key=key_source,
        sha256=upload.sha256,
        bytes=upload.size,
        media_type=found.media_type,
        filename=_clean_filename(upload.filename),
        source_pages=found.page_count,
        client_metadata=metadata,
        idempotency_key=key,
        webhook_url=webhook_url,
        deadline_at=utcnow() + deadline,
    )
    store.put_file(key_source, upload.path, content_type=found.media_type)
    try:
        with session.begin_nested():
            session.add(doc)
    except IntegrityError:
        # Another request with the same idempotency key won the race: answer as it did.
        store.delete(key_source)
        winner = repository.get_by_idempotency_key(session, tenant_id, key) if key else None
        if winner is None:
            raise
        return _replay(winner, upload, requested, fingerprint), False
    except BaseException:
        store.delete(key_source)
        raise
    # If the transaction later rolls back, the stored source would be orphaned.
    on_rollback(session, lambda: store.delete(key_source))
    # (if the broker is down, the row is the outbox: the reaper dispatches it later)
    queue.enqueue_after_commit(session, queue.PREPARE, str(doc_id), queue="cpu")
    return doc, True


def _require_worker(session: Session, settings: Settings, engine: str) -> None:
    """A model or remote engine needs a worker of its own: without one, its pages would
    wait in their queue until the document's deadline. The CPU queue is not checked:
    every deployment runs it, and while its workers restart, documents wait (outbox)."""
    queue_name = queue.engine_queue(engine)
    if not settings.engines.require_worker or queue_name == "cpu":
        return
    within = timedelta(seconds=settings.reliability.worker_stale_after)
    if not workers.serving(session, queue_name, within):
        how = "--engine " + engine if queue_name.startswith("gpu.") else "-Q " + queue_name
        raise EngineUnavailable(
            f"no worker serves engine {engine!r} (queue {queue_name}) right now; "
            f"start one (`pagemill worker {how}`), or choose another engine",
            engine=engine,
        )


def _fingerprint(requested: dict[str, Any]) -> str:
    """A digest of the parsed request, computed alike for both requests (so nothing the
    database does to a value, such as JSONB's numbers, can make two equal requests differ)."""
    canonical = json.dumps(requested, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _numbers_as_floats(value: Any) -> Any:
    """For comparing with what JSONB gave back: it returns 1e23 as the integer 10**23."""
    if isinstance(value, dict):
        return {k: _numbers_as_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers_as_floats(v) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:  # (metadata is I-JSON, so not from a client)
            return value
    return value


def _replay(
    existing: Document, upload: StagedUpload, requested: dict[str, Any], fingerprint: str
) -> Document:
    """The document a repeated request gets: only for the same file with the same options
    (IETF draft-ietf-httpapi-idempotency-key-header: a key reused for a different
    request is an error, not a silent answer to the first one)."""
    if existing.deleted_at is not None:
        raise IdempotencyConflict("this Idempotency-Key belongs to a deleted document")
    if existing.sha256 != upload.sha256:
        raise IdempotencyConflict(
            "this Idempotency-Key was already used with a different file",
            document_id=str(existing.id),
        )
    stored = existing.options.get("request")
    if stored == fingerprint:
        return existing
    # Which options differ, for the message (the deadline is kept only in the digest).
    first = {
        "engine": existing.engine,
        "output_formats": sorted(existing.options.get("output_formats", [])),
        "prompt": existing.options.get("prompt"),
        "metadata": existing.client_metadata,
        "webhook_url": existing.webhook_url,
        "pages": existing.options.get("pages"),
    }
    differ = [
        name for name in first if _numbers_as_floats(first[name]) != _numbers_as_floats(requested[name])
    ]
    if stored is None and not differ:
        return existing  # a document from before digests were kept: its fields agree
    differ = differ or ["deadline"]
    raise IdempotencyConflict(
        f"this Idempotency-Key was already used with other options ({', '.join(differ)}); "
        "send the same request again, or use a new key",
        document_id=str(existing.id),
        differs=differ,
    )


def get_document(session: Session, tenant_id: uuid.UUID, document_id: uuid.UUID) -> Document:
    doc = repository.get_document(session, tenant_id, document_id)
    if doc is None:
        raise NotFound(f"document {document_id} not found")
    return doc


def _page_out(page: Page, doc: Document, settings: Settings, cls: type[PageOut] = PageOut) -> Any:
    err = page.error
    return cls(
        page_no=page.page_no,
        status=page.status,
        engine=page.engine,
        attempts=page.attempts,
        error=PageError(code=err.get("code", "error"), message=err.get("message", "")) if err else None,
        timings=page.timings or {},
        started_at=page.started_at,
        finished_at=page.finished_at,
        links={"self": f"{link_base(settings)}/v1/documents/{doc.id}/pages/{page.page_no}"},
    )


def to_out(session: Session | None, doc: Document, settings: Settings, *, with_pages: bool) -> DocumentOut:
    pages = None
    if with_pages and session is not None:
        pages = [_page_out(p, doc, settings) for p in repository.list_pages(session, doc.id)]
    return DocumentOut(
        id=doc.id,
        status=doc.status,
        engine=doc.engine,
        output_formats=doc.options.get("output_formats", []),
        page_selection=doc.options.get("pages"),
        pages=PageCounts(total=doc.pages_total, done=doc.pages_done, failed=doc.pages_failed),
        source_pages=doc.source_pages,
        filename=doc.filename,
        media_type=doc.media_type,
        bytes=doc.bytes,
        sha256=doc.sha256,
        metadata=doc.client_metadata or {},
        webhook_url=doc.webhook_url,
        error=doc.error,
        created_at=doc.created_at,
        updated_at=doc.updated_at,
        started_at=doc.started_at,
        finished_at=doc.finished_at,
        deadline_at=doc.deadline_at,
        links=document_links(doc, settings),
        page_details=pages,
    )


def _encode_cursor(doc: Document) -> str:
    raw = f"{doc.created_at.isoformat()}|{doc.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created, doc_id = raw.split("|", 1)
        when = datetime.fromisoformat(created)
        if when.tzinfo is None:
            raise ValueError("cursor timestamp without a zone")
        return when, uuid.UUID(doc_id)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput("cursor: not a cursor this API returned", field="cursor") from exc


def list_documents(
    session: Session,
    settings: Settings,
    *,
    tenant_id: uuid.UUID,
    status: str | None,
    cursor: str | None,
    limit: int | None,
) -> DocumentList:
    if status is not None and status not in {s.value for s in DocumentStatus}:
        raise InvalidInput(
            f"status: {status!r} is not one of {', '.join(s.value for s in DocumentStatus)}", field="status"
        )
    size = limit or settings.limits.list_page_size
    if not 1 <= size <= 200:
        raise InvalidInput("limit: must be between 1 and 200", field="limit")
    before = _decode_cursor(cursor) if cursor else None
    rows = repository.list_documents(session, tenant_id, status=status, before=before, limit=size + 1)
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = _encode_cursor(rows[-1]) if more and rows else None
    links: dict[str, str] = {}
    if next_cursor:
        q = f"?cursor={next_cursor}&limit={size}" + (f"&status={status}" if status else "")
        links["next"] = f"{link_base(settings)}/v1/documents{q}"
    return DocumentList(
        data=[to_out(None, d, settings, with_pages=False) for d in rows], next_cursor=next_cursor, links=links
    )


@dataclass(frozen=True)
class ResultInfo:
    """A finished document's output, checked and described, not yet opened."""

    key: str
    media_type: str
    filename: str  # ASCII: the document id and the format's extension
    download_name: str | None  # the upload's own name with that extension, if it had one
    etag: str  # strong: an output never changes once its document is terminal


def describe_result(
    session: Session, *, tenant_id: uuid.UUID, document_id: uuid.UUID, fmt: str
) -> ResultInfo:
    """The output in ``fmt`` of a document that has it; a problem otherwise (409 while
    it is not finished, or if it failed or the format was not asked for)."""
    doc = get_document(session, tenant_id, document_id)
    if fmt == "md":
        fmt = "markdown"
    if fmt not in OUTPUT_FORMATS:
        raise InvalidInput(f"format: {fmt!r} is not one of {', '.join(OUTPUT_FORMATS)}", field="format")
    status = DocumentStatus(doc.status)
    if not status.terminal:
        raise NotReady(
            f"document {doc.id} is {doc.status} ({doc.pages_done + doc.pages_failed} of "
            f"{doc.pages_total} pages finished); poll GET /v1/documents/{doc.id}",
            document_status=doc.status,
        )
    if status in (DocumentStatus.failed, DocumentStatus.cancelled):
        raise Conflict(f"document {doc.id} is {doc.status}: it has no result", document_status=doc.status)
    if fmt not in doc.options.get("output_formats", []):
        raise Conflict(
            f"format {fmt!r} was not requested for this document "
            f"(output_formats: {', '.join(doc.options.get('output_formats', []))})"
        )
    ext = OUTPUT_EXTENSIONS[fmt]
    stem = doc.filename.rsplit(".", 1)[0] if doc.filename and "." in doc.filename else doc.filename
    finished = doc.finished_at.isoformat() if doc.finished_at else ""
    tag = hashlib.sha256(f"{doc.id}/{fmt}/{finished}".encode()).hexdigest()[:32]
    return ResultInfo(
        key=output_key(tenant_id, doc.id, fmt),
        media_type=MEDIA_TYPES[fmt],
        filename=f"{doc.id}.{ext}",
        download_name=f"{stem}.{ext}" if stem else None,
        etag=f'"{tag}"',
    )


def open_result(store: ObjectStore, info: ResultInfo) -> Stream:
    try:
        return store.iter_chunks(info.key)
    except ObjectNotFound as exc:
        raise NotReady(f"the output {info.filename} is not stored yet") from exc


def get_page_result(
    session: Session,
    store: ObjectStore,
    settings: Settings,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    page_no: int,
) -> PageResultOut:
    doc = get_document(session, tenant_id, document_id)
    page = repository.get_page(session, doc.id, page_no)
    if page is None:
        selected = doc.options.get("pages")
        if page_no < 1 or page_no > doc.source_pages or (selected is not None and page_no not in selected):
            raise NotFound(f"document {doc.id} has no page {page_no} in its selection")
        raise NotReady(f"page {page_no} of document {doc.id} is not prepared yet")
    out: PageResultOut = _page_out(page, doc, settings, PageResultOut)
    out.width, out.height = page.width, page.height
    if page.status == PageStatus.done.value and page.result_key:
        try:
            out.result = json.loads(store.get_bytes(page.result_key))
        except ObjectNotFound:
            out.result = None
    return out


def cancel_document(session: Session, *, tenant_id: uuid.UUID, document_id: uuid.UUID) -> Document:
    """Stop a document: open pages are cancelled now (queued page tasks find nothing to
    claim; a page still running is discarded when it returns) and the document ends
    ``cancelled`` with its one outcome event. 409 if it already finished."""
    from common.documents import processing  # processing imports this module's helpers

    doc = get_document(session, tenant_id, document_id)
    if DocumentStatus(doc.status).terminal:
        raise Conflict(f"the document already finished ({doc.status}); there is nothing to cancel")
    repository.cancel_open_pages(session, doc.id)
    error = {"code": "cancelled", "message": "cancelled by the client"}
    if not processing.set_terminal(session, doc, DocumentStatus.cancelled, error=error):
        session.refresh(doc)
        raise Conflict(f"the document finished ({doc.status}) before it could be cancelled")
    return doc


def delete_document(session: Session, *, tenant_id: uuid.UUID, document_id: uuid.UUID) -> None:
    """Cancel what is still open, forget the client's data, and dispatch the purge of
    every stored object once this commits (then call :func:`purge_stored` to purge now).

    The row stays (without metadata or file name) so that the cancellation outcome and
    its webhook survive; every read treats a deleted document as absent (404).
    """
    doc = get_document(session, tenant_id, document_id)
    from common.documents import processing  # processing imports this module's helpers

    # Forget the client's data first, so a cancellation event carries none of it either.
    forget(session, doc)
    if not DocumentStatus(doc.status).terminal:
        repository.cancel_open_pages(session, doc.id)
        processing.set_terminal(session, doc, DocumentStatus.cancelled, error=None)
    # The purge task sweeps what the caller's own purge missed: a page still running on
    # a worker deletes its own late write (processing.complete_page), and anything that
    # slipped between is gone with the task (which retries while the store is down).
    doc_id = str(doc.id)
    queue.enqueue_after_commit(session, queue.PURGE, doc_id, queue="cpu")


def forget(session: Session, doc: Document) -> None:
    """Mark a document deleted and forget what the client gave us (its metadata and file
    name), also in its outcome event if one is still waiting for a retry. Its stored
    objects are the purge task's; reads answer 404 from now on."""
    doc.deleted_at = utcnow()
    doc.client_metadata = {}
    doc.filename = None
    session.flush()
    webhooks.forget_document(session, doc.id)


def purge_stored(store: ObjectStore, tenant_id: uuid.UUID, document_id: uuid.UUID) -> bool:
    """Delete a deleted document's stored objects now, after the deletion committed.
    False if the store failed: the purge task dispatched at delete finishes the job."""
    try:
        store.delete_prefix(document_prefix(tenant_id, document_id))
    except Exception:
        log.warning("purging a deleted document's objects failed; the purge task retries", exc_info=True)
        return False
    return True
