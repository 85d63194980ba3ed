"""Failures that pass: retried with backoff, never counted against a page or a document."""

from __future__ import annotations

from botocore.exceptions import BotoCoreError
from sqlalchemy.exc import InterfaceError, OperationalError

from common.core.storage import StorageUnavailable

# The database or the object store down, throttling or erroring (StorageUnavailable:
# S3's 5xx and SlowDown after botocore's own retries), the network. Tasks retry them
# with backoff (worker/tasks.py); they never count as a page's or a document's failure.
TRANSIENT = (
    BotoCoreError,
    StorageUnavailable,
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
)
