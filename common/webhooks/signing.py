"""Standard Webhooks signing (https://www.standardwebhooks.com/), with the reference
``standardwebhooks`` library so that any receiver's verifier agrees with us."""

from __future__ import annotations

import base64
import secrets as _secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from math import floor

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105  (the format's prefix, not a secret)


def new_secret() -> str:
    """``whsec_`` + base64 of 32 random bytes (the spec asks for 24 to 64)."""
    return SECRET_PREFIX + base64.b64encode(_secrets.token_bytes(32)).decode("ascii")


def signature_headers(
    webhook_id: str, body: str, secrets: Sequence[str], *, at: datetime | None = None
) -> dict[str, str]:
    """The three Standard Webhooks headers; one ``v1,…`` signature per secret, space-separated
    (during a rotation a receiver holding either secret can verify)."""
    if not secrets:
        raise ValueError("no signing secret")
    when = (at or datetime.now(UTC)).astimezone(UTC)
    signatures = " ".join(Webhook(s).sign(webhook_id, when, body) for s in secrets)
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(floor(when.timestamp())),
        "webhook-signature": signatures,
    }
