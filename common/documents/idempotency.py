"""Idempotency-Key on submit (IETF draft-ietf-httpapi-idempotency-key-header).

A repeated request gets the first one's document, but only for the same file with the
same options: a key reused for a different request is an error (409), not a silent
answer to the first one. Requests are compared by a digest of the parsed request, which
the document keeps (``options["request"]``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from common.core.errors import IdempotencyConflict, InvalidInput
from common.documents.forms import FORM_FIELDS, SubmitRequest
from common.documents.models import Document
from common.extraction.schema import stored_schema


def parse_key(raw: str | None) -> str | None:
    """The Idempotency-Key header, stripped; None when the request has none."""
    key = raw.strip() if raw else None
    if key is not None and not (1 <= len(key) <= 255):
        raise InvalidInput("Idempotency-Key: must be 1 to 255 characters", field="Idempotency-Key")
    return key


def _compared(request: SubmitRequest) -> dict[str, Any]:
    """The request's form fields as two equal requests have them alike (formats in any
    order are the same request)."""
    values = {name: getattr(request, name) for name in FORM_FIELDS}
    values["output_formats"] = sorted(request.output_formats)
    return values


def digest(request: SubmitRequest) -> str:
    """A digest of the parsed request, computed alike for both requests (so nothing the
    database does to a value, such as JSONB's numbers, can make two equal requests differ)."""
    canonical = json.dumps(_compared(request), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
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


def _kept(existing: Document) -> dict[str, Any]:
    """The first request's form fields as its document keeps them (the deadline is kept
    only in the digest)."""
    return {
        "engine": existing.engine,
        "output_formats": sorted(existing.options.get("output_formats", [])),
        "prompt": existing.options.get("prompt"),
        "schema": stored_schema(existing.options.get("schema")),
        "metadata": existing.client_metadata,
        "webhook_url": existing.webhook_url,
        "pages": existing.options.get("pages"),
    }


def replay(existing: Document, *, sha256: str, request: SubmitRequest, request_digest: str) -> Document:
    """The document a repeated request gets: the one its key names, if the file (by its
    ``sha256``) and the options are the same; IdempotencyConflict otherwise."""
    if existing.deleted_at is not None:
        raise IdempotencyConflict("this Idempotency-Key belongs to a deleted document")
    if existing.sha256 != sha256:
        raise IdempotencyConflict(
            "this Idempotency-Key was already used with a different file",
            document_id=str(existing.id),
        )
    stored = existing.options.get("request")
    if stored == request_digest:
        return existing
    # Which options differ, for the message.
    first, now = _kept(existing), _compared(request)
    differ = [name for name in first if _numbers_as_floats(first[name]) != _numbers_as_floats(now[name])]
    if stored is None and not differ:
        return existing  # a document from before digests were kept: its fields agree
    differ = differ or ["deadline"]
    raise IdempotencyConflict(
        f"this Idempotency-Key was already used with other options ({', '.join(differ)}); "
        "send the same request again, or use a new key",
        document_id=str(existing.id),
        differs=differ,
    )
