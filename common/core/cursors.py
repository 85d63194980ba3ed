"""Keyset cursors for newest-first listings: the (timestamp, id) of the last row shown,
opaque to clients. Every listing (documents, audit events) reads them here, so a crafted
cursor is refused the same way everywhere."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import UTC, datetime

from common.core.errors import InvalidCursor

MAX_LENGTH = 200  # ours are about 100 characters


def encode(at: datetime, ident: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{ident}".encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, uuid.UUID]:
    """The position a cursor this API returned stands for; anything else is InvalidCursor."""
    try:
        if len(cursor) > MAX_LENGTH:
            raise ValueError("cursor too long")
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, ident = raw.split("|", 1)
        when = datetime.fromisoformat(at)
        if when.tzinfo is None:
            raise ValueError("cursor timestamp without a zone")
        # In UTC here, where it may still fail: a time at the edge of the calendar with
        # an offset (0001-01-01T00:00:00+14:00) has no UTC value and would overflow in
        # the query instead.
        return when.astimezone(UTC), uuid.UUID(ident)
    except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor("cursor: not a cursor this API returned", field="cursor") from exc
