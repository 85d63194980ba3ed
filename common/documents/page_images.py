"""A page of a document drawn for people (the review page), from the stored source.

Two steps, so that no transaction is open while the page is drawn: :func:`describe`
checks the tenant, the page and the source in the request's short transaction, and
:func:`draw` fetches the source and has a confined helper draw it
(common/uploads/page_image.py).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from common.core.errors import NotFound
from common.core.settings import Settings
from common.core.storage import ObjectNotFound, ObjectStore
from common.documents.service import get_document
from common.uploads.page_image import render_page_image

# The widths a client may ask for: a thumbnail to a page on a large screen.
MIN_WIDTH = 64
MAX_WIDTH = 2400


@dataclass(frozen=True)
class PageImage:
    source_key: str
    media_type: str
    page_no: int
    width: int
    etag: str  # strong: the source never changes, so neither does its drawing


def describe(
    session: Session, *, tenant_id: uuid.UUID, document_id: uuid.UUID, page_no: int, width: int
) -> PageImage:
    """What to draw for page ``page_no`` of the tenant's document; NotFound for another
    tenant's document, a page outside its selection, or a source no longer stored."""
    doc = get_document(session, tenant_id, document_id)
    selected = doc.options.get("pages")
    if page_no > doc.source_pages or (selected is not None and page_no not in selected):
        raise NotFound(f"document {doc.id} has no page {page_no} in its selection")
    if doc.purged_at is not None:
        raise NotFound(f"the source of document {doc.id} is no longer stored (retention)")
    tag = hashlib.sha256(f"{doc.id}/{doc.sha256}/{page_no}/{width}".encode()).hexdigest()[:32]
    return PageImage(doc.source_key, doc.media_type, page_no, width, f'"{tag}"')


def draw(store: ObjectStore, settings: Settings, page: PageImage) -> tuple[bytes, str]:
    """The page drawn ``page.width`` pixels wide: image bytes and their media type."""
    workdir = Path(tempfile.mkdtemp(prefix="pagemill-page-"))
    try:
        source = workdir / "source"
        try:
            store.download(page.source_key, source)
        except ObjectNotFound as exc:
            raise NotFound("the document's source is no longer stored") from exc
        return render_page_image(source, page.media_type, page.page_no, page.width, settings.limits)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
