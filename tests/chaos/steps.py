"""What the chaos tests share: the private stack's reliability settings, and documents
submitted to its API (one, or six converting at once) with the 503 problem answer an outage
must give."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from tests import chaos_state as state
from tests.factories import files
from tests.helpers import wait_until

# Short leases and a fast reaper, so that a dead worker's page is back in seconds.
RELIABILITY = {
    "PAGEMILL_RELIABILITY__PAGE_LEASE": "2",
    "PAGEMILL_RELIABILITY__LEASE_RENEW": "0.5",
    "PAGEMILL_RELIABILITY__REAP_INTERVAL": "0.5",
    "PAGEMILL_RELIABILITY__REDISPATCH_AFTER": "4",
    "PAGEMILL_RELIABILITY__PAGE_MAX_ATTEMPTS": "5",
    "PAGEMILL_RELIABILITY__SHUTDOWN_GRACE": "4",
}
GRACE = float(RELIABILITY["PAGEMILL_RELIABILITY__SHUTDOWN_GRACE"])


def post(http: Any, pages: int) -> Any:
    return http.post(
        "/v1/documents", files={"file": ("doc.pdf", files.text_pdf(pages))}, data={"engine": "null"}
    )


def submit(http: Any, pages: int) -> str:
    resp = post(http, pages)
    assert resp.status_code == 202, resp.text
    return str(resp.json()["id"])


def six_converting(db: Engine, http: Any) -> list[str]:
    """Six 3-page documents, at least one page running when this returns."""
    doc_ids = [submit(http, 3) for _ in range(6)]
    state.set_options(db, doc_ids, null_sleep_s=0.3)
    wait_until(lambda: state.running_page(db, None, set()), 20, "a page running")
    return doc_ids


def problem_503(resp: Any) -> bool:
    return (
        resp.status_code == 503
        and resp.headers["content-type"].startswith("application/problem+json")
        and int(resp.headers["Retry-After"]) > 0
    )
