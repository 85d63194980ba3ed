"""A finished document's assembled outputs, as the result endpoint serves them."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from common.core.errors import Conflict, FormatNotRequested, InvalidInput, NotFound, NotReady
from common.core.storage import OUTPUT_EXTENSIONS, ObjectNotFound, ObjectStore, Stream, output_key
from common.documents.forms import FORMAT_ALIASES
from common.documents.models import DocumentStatus
from common.documents.schemas import DERIVED_FORMATS, MEDIA_TYPES, OUTPUT_FORMATS
from common.documents.service import get_document
from common.extraction.tables import to_csv


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
    it is not finished or if it failed; 422 for a format it was not converted to)."""
    doc = get_document(session, tenant_id, document_id)
    fmt = FORMAT_ALIASES.get(fmt, fmt)
    if fmt not in OUTPUT_FORMATS and fmt not in DERIVED_FORMATS:
        known = [*OUTPUT_FORMATS, *DERIVED_FORMATS]
        raise InvalidInput(f"format: {fmt!r} is not one of {', '.join(known)}", field="format")
    status = DocumentStatus(doc.status)
    if not status.terminal:
        raise NotReady(
            f"document {doc.id} is {doc.status} ({doc.pages_done + doc.pages_failed} of "
            f"{doc.pages_total} pages finished); poll GET /v1/documents/{doc.id}",
            document_status=doc.status,
        )
    if status in (DocumentStatus.failed, DocumentStatus.cancelled):
        raise Conflict(f"document {doc.id} is {doc.status}: it has no result", document_status=doc.status)
    requested = DERIVED_FORMATS.get(fmt, fmt)
    if requested not in doc.options.get("output_formats", []):
        raise FormatNotRequested(
            f"format {fmt!r} was not requested for this document "
            f"(output_formats: {', '.join(doc.options.get('output_formats', []))})"
            + (f"; it comes with {requested!r}" if requested != fmt else "")
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
    """The output's bytes, streamed from object storage."""
    try:
        return store.iter_chunks(info.key)
    except ObjectNotFound as exc:
        raise NotReady(f"the output {info.filename} is not stored yet") from exc


def table_csv(
    session: Session, store: ObjectStore, *, tenant_id: uuid.UUID, document_id: uuid.UUID, index: int
) -> tuple[str, str]:
    """Table ``index`` (from 1) of a document that asked for ``tables``, as CSV, and its file
    name. Read from the stored tables output: the CSV is what the workbook's sheet holds."""
    info = describe_result(session, tenant_id=tenant_id, document_id=document_id, fmt="tables")
    try:
        tables = json.loads(store.get_bytes(info.key))["tables"]
    except ObjectNotFound as exc:
        raise NotReady(f"the output {info.filename} is not stored yet") from exc
    if not 1 <= index <= len(tables):
        raise NotFound(f"document {document_id} has {len(tables)} table(s); there is no table {index}")
    return to_csv(tables[index - 1]), f"{document_id}-table-{index}.csv"
