"""A thin synchronous client over httpx. Errors come back as :class:`PagemillError`
carrying the API's RFC 9457 problem (type, title, status, detail)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

# The statuses a document ends in (the server's TERMINAL_DOCUMENT_STATUSES; a test keeps
# them equal). Defined here, not imported, so that the client needs none of the server's
# dependencies.
TERMINAL = frozenset({"succeeded", "partially_succeeded", "failed", "cancelled"})


class PagemillError(Exception):
    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        self.status = status
        self.problem = problem
        super().__init__(f"{status} {problem.get('title', '')}: {problem.get('detail', '')}".strip())


class Client:
    def __init__(self, base_url: str, api_key: str, *, timeout: float = 60.0) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), headers={"Authorization": f"Bearer {api_key}"}, timeout=timeout
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        resp = self._http.request(method, url, **kwargs)
        if resp.status_code >= 400:
            try:
                problem = resp.json()
            except ValueError:
                problem = {"title": resp.reason_phrase, "detail": resp.text[:500]}
            raise PagemillError(resp.status_code, problem)
        return resp

    # ---- documents
    def submit(
        self,
        path: str | Path,
        *,
        engine: str | None = None,
        output_formats: list[str] | None = None,
        pages: str | None = None,
        webhook_url: str | None = None,
        metadata: str | None = None,
        idempotency_key: str | None = None,
        schema: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """``schema``: a JSON Schema of the values wanted, answered in the fields output."""
        fields = {
            k: v
            for k, v in {
                "engine": engine,
                "output_formats": ",".join(output_formats) if output_formats else None,
                "pages": pages,
                "webhook_url": webhook_url,
                "metadata": metadata,
                "schema": json.dumps(schema) if schema is not None else None,
            }.items()
            if v is not None
        }
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        with Path(path).open("rb") as fh:
            resp = self._call(
                "POST", "/v1/documents", files={"file": (Path(path).name, fh)}, data=fields, headers=headers
            )
        return dict(resp.json())

    def get(self, document_id: str) -> dict[str, Any]:
        return dict(self._call("GET", f"/v1/documents/{document_id}").json())

    def wait(
        self,
        document_id: str,
        *,
        timeout: float = 600.0,
        interval: float = 0.5,
        on_poll: Callable[[dict[str, Any]], None] | None = None,
    ) -> dict[str, Any]:
        """Poll until the document reaches a terminal status (webhooks avoid polling).

        ``on_poll`` sees the document after every poll, the last one included: its
        ``page_details`` say which pages are done, and which engine read each.
        """
        deadline = time.monotonic() + timeout
        while True:
            doc = self.get(document_id)
            if on_poll is not None:
                on_poll(doc)
            if doc["status"] in TERMINAL:
                return doc
            if time.monotonic() > deadline:
                raise TimeoutError(f"document {document_id} still {doc['status']} after {timeout:g} s")
            time.sleep(interval)

    def result(self, document_id: str, format: str = "markdown") -> str:
        return self._call("GET", f"/v1/documents/{document_id}/result", params={"format": format}).text

    def result_bytes(self, document_id: str, format: str) -> bytes:
        """An output as bytes: the ``xlsx`` workbook, or any other format unchanged."""
        return self._call("GET", f"/v1/documents/{document_id}/result", params={"format": format}).content

    def fields(self, document_id: str) -> dict[str, Any]:
        """The ``fields`` output: kind, key-value pairs, the typed record and its checks."""
        return dict(json.loads(self.result(document_id, "fields")))

    def tables(self, document_id: str) -> list[dict[str, Any]]:
        """The ``tables`` output: every table with its page, box, header rows and cells."""
        return list(json.loads(self.result(document_id, "tables"))["tables"])

    def table_csv(self, document_id: str, index: int) -> str:
        """Table ``index`` (from 1) as CSV."""
        return self._call("GET", f"/v1/documents/{document_id}/tables/{index}.csv").text

    def page(self, document_id: str, page_no: int) -> dict[str, Any]:
        """One page: its status and, once done, its result (blocks with boxes in page units)."""
        return dict(self._call("GET", f"/v1/documents/{document_id}/pages/{page_no}").json())

    def page_image(self, document_id: str, page_no: int, *, width: int = 1200) -> tuple[bytes, str]:
        """The page drawn from the stored source, ``width`` pixels across (an image is never
        enlarged): the image's bytes and its media type (PNG, or JPEG for a JPEG upload)."""
        resp = self._call(
            "GET", f"/v1/documents/{document_id}/pages/{page_no}/image", params={"width": width}
        )
        return resp.content, resp.headers["content-type"]

    def delete(self, document_id: str) -> None:
        self._call("DELETE", f"/v1/documents/{document_id}")

    # ---- webhooks
    def set_webhook_endpoint(self, url: str | None) -> dict[str, Any]:
        """Create or update the endpoint; on creation the answer holds the secret, once."""
        return dict(self._call("PUT", "/v1/webhook-endpoint", json={"url": url}).json())

    def webhook_endpoint(self) -> dict[str, Any]:
        return dict(self._call("GET", "/v1/webhook-endpoint").json())

    def rotate_webhook_secret(self) -> dict[str, Any]:
        return dict(self._call("POST", "/v1/webhook-endpoint/rotate-secret").json())

    def webhook_deliveries(self, document_id: str) -> dict[str, Any]:
        return dict(self._call("GET", f"/v1/documents/{document_id}/webhook-deliveries").json())

    def redeliver_webhook(self, document_id: str) -> dict[str, Any]:
        return dict(self._call("POST", f"/v1/documents/{document_id}/webhook-deliveries/redeliver").json())
