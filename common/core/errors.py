"""Domain errors. Each carries its HTTP status and an RFC 9457 problem type; one API
handler renders them, so services never import FastAPI."""

from __future__ import annotations

from typing import Any

PROBLEM_BASE = "https://pagemill.dev/problems/"


class PagemillError(Exception):
    status: int = 400
    code: str = "bad-request"
    title: str = "Bad request"
    headers: dict[str, str] | None = None

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions

    @property
    def type(self) -> str:
        return PROBLEM_BASE + self.code


class InvalidInput(PagemillError):
    status, code, title = 422, "invalid-input", "Invalid input"


class InvalidCursor(PagemillError):
    """A list cursor this API did not return: a malformed request, not bad content."""

    status, code, title = 400, "invalid-cursor", "Invalid cursor"


class UnsupportedMediaType(PagemillError):
    status, code, title = 415, "unsupported-media-type", "Unsupported media type"


class UnreadableDocument(PagemillError):
    status, code, title = 422, "unreadable-document", "Unreadable document"


class EncryptedDocument(PagemillError):
    status, code, title = 422, "encrypted-document", "Encrypted document"


class EmptyDocument(PagemillError):
    status, code, title = 422, "empty-document", "Empty document"


class PayloadTooLarge(PagemillError):
    status, code, title = 413, "payload-too-large", "Payload too large"


class TooManyPages(PagemillError):
    status, code, title = 422, "too-many-pages", "Too many pages"


class ImageTooLarge(PagemillError):
    status, code, title = 422, "image-too-large", "Image too large"


class AmbiguousDocument(PagemillError):
    """A polyglot: one file that is also another format (a PDF with a ZIP appended, an
    HTML page wrapping a PDF), read one way by us and another way by something else."""

    status, code, title = 422, "ambiguous-document", "Ambiguous document"


class Unauthorized(PagemillError):
    status, code, title = 401, "unauthorized", "Unauthorized"
    headers = {"WWW-Authenticate": "Bearer"}


class NotFound(PagemillError):
    status, code, title = 404, "not-found", "Not found"


class Conflict(PagemillError):
    status, code, title = 409, "conflict", "Conflict"


class FormatNotRequested(PagemillError):
    """A finished document's output in a format it was not converted to: asking again
    never helps (a 409 would say it might), so it is a problem with the request. The
    detail says which ``output_formats`` bring it."""

    status, code, title = 422, "format-not-requested", "Format not requested"


class NotReady(PagemillError):
    status, code, title = 409, "not-ready", "Result not ready"


class IdempotencyConflict(PagemillError):
    status, code, title = 409, "idempotency-key-reused", "Idempotency key reused"


class ServiceUnavailable(PagemillError):
    status, code, title = 503, "service-unavailable", "Service unavailable"
    headers = {"Retry-After": "5"}


class EngineUnavailable(PagemillError):
    """No worker serves the engine asked for: retrying later may help (one is starting),
    or the deployment has none (choose another engine)."""

    status, code, title = 503, "engine-unavailable", "Engine unavailable"
    headers = {"Retry-After": "30"}


class TooManyRequests(PagemillError):
    status, code, title = 429, "too-many-requests", "Too many requests"

    def __init__(self, detail: str, *, retry_after: int, **extensions: Any) -> None:
        super().__init__(detail, retry_after=retry_after, **extensions)
        self.headers = {"Retry-After": str(retry_after)}
