"""Verify a Pagemill webhook the Standard Webhooks way (https://www.standardwebhooks.com/)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

__all__ = ["WebhookVerificationError", "verify_webhook"]


def verify_webhook(body: bytes | str, headers: Mapping[str, str], secrets: str | Sequence[str]) -> Any:
    """The parsed event if the signature is valid for one of ``secrets`` (the current one,
    or during a rotation the old one as well) and the timestamp is within 5 minutes.

    ``body`` must be the raw request body, exactly as received (not re-serialised JSON).
    Raises :class:`WebhookVerificationError` otherwise. Deduplicate on the
    ``webhook-id`` header: a retry or a redelivery carries the same one.
    """
    candidates = [secrets] if isinstance(secrets, str) else list(secrets)
    if not candidates:
        raise WebhookVerificationError("no secret to verify with")
    plain = {str(k).lower(): str(v) for k, v in headers.items()}
    last: WebhookVerificationError | None = None
    for secret in candidates:
        try:
            return Webhook(secret).verify(body, plain)
        except WebhookVerificationError as exc:
            last = exc
    assert last is not None
    raise last
