"""What the chaos tests (tests/chaos/) read and steer in their private stack's
database: document and page states, the waits on them, and the counts the reliability
report is made of."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.helpers import wait_until

TERMINAL = {"succeeded", "partially_succeeded", "failed", "cancelled"}


def ids(doc_ids: list[str]) -> list[uuid.UUID]:
    return [uuid.UUID(d) for d in doc_ids]


def set_options(db: Engine, doc_ids: list[str], **options: Any) -> None:
    with db.begin() as conn:
        conn.execute(
            text("UPDATE documents SET options = options || CAST(:o AS jsonb) WHERE id = ANY(:ids)"),
            {"o": json.dumps(options), "ids": [uuid.UUID(d) for d in doc_ids]},
        )


def statuses(db: Engine, doc_ids: list[str]) -> dict[str, str]:
    with db.connect() as conn:
        rows = conn.execute(
            text("SELECT id, status FROM documents WHERE id = ANY(:ids)"),
            {"ids": ids(doc_ids)},
        ).all()
    return {str(r[0]): str(r[1]) for r in rows}


def wait_all_finished(db: Engine, doc_ids: list[str], timeout: float) -> dict[str, str]:
    return wait_until(
        lambda: (s := statuses(db, doc_ids)) and all(v in TERMINAL for v in s.values()) and s,
        timeout,
        "every document to finish",
        interval=0.3,
    )


def why(db: Engine, doc_ids: list[str]) -> list[tuple[Any, ...]]:
    """The errors of documents that did not succeed, and of their pages: for the message
    of a failed assertion (the private database is gone after the test)."""
    with db.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT d.id, d.status, d.error, p.page_no, p.status, p.error FROM documents d "
                    "LEFT JOIN pages p ON p.document_id = d.id "
                    "WHERE d.id = ANY(:ids) AND d.status <> 'succeeded'"
                ),
                {"ids": ids(doc_ids)},
            ).all()
        )


def assert_counted_once(db: Engine, http: Any, doc_ids: list[str], pages: int) -> None:
    """Every page done once, every output holding each page once, one outcome event each."""
    params = {"ids": ids(doc_ids)}
    with db.connect() as conn:
        docs = conn.execute(
            text("SELECT status, pages_done, pages_failed FROM documents WHERE id = ANY(:ids)"), params
        ).all()
        events = conn.execute(
            text("SELECT document_id, count(*) FROM webhook_events WHERE document_id = ANY(:ids) GROUP BY 1"),
            params,
        ).all()
        page_rows = conn.execute(
            text("SELECT status, count(*) FROM pages WHERE document_id = ANY(:ids) GROUP BY 1"), params
        ).all()
    assert [tuple(d) for d in docs] == [("succeeded", pages, 0)] * len(doc_ids), why(db, doc_ids)
    assert sorted(int(n) for _, n in events) == [1] * len(doc_ids)
    assert dict((str(s), int(n)) for s, n in page_rows) == {"done": pages * len(doc_ids)}
    for doc_id in doc_ids:
        md = http.get(f"/v1/documents/{doc_id}/result", params={"format": "markdown"}).text
        for n in range(1, pages + 1):
            assert md.count(f"Page {n}\n") + md.endswith(f"Page {n}") == 1, (doc_id, n, md)


def running_page(db: Engine, page_no: int | None, exclude: set[tuple[str, int]]) -> tuple[str, int] | None:
    with db.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT document_id, page_no FROM pages WHERE status = 'running' AND lease_expires_at > now()"
            )
        ).all()
    for doc_id, n in rows:
        key = (str(doc_id), int(n))
        if key not in exclude and (page_no is None or n == page_no):
            return key
    return None


def retried(db: Engine, doc_ids: list[str]) -> set[tuple[str, int]]:
    """Pages that took more than one attempt."""
    with db.connect() as conn:
        rows = conn.execute(
            text("SELECT document_id, page_no FROM pages WHERE document_id = ANY(:ids) AND attempts >= 2"),
            {"ids": ids(doc_ids)},
        ).all()
    return {(str(d), int(n)) for d, n in rows}


def counts(db: Engine, doc_ids: list[str]) -> dict[str, int]:
    """What the database holds for these documents, counted: for the report."""
    with db.connect() as conn:
        docs = conn.execute(
            text("SELECT status, count(*) FROM documents WHERE id = ANY(:ids) GROUP BY 1"),
            {"ids": ids(doc_ids)},
        ).all()
        pages = conn.execute(
            text(
                "SELECT count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE status = 'failed'), "
                "count(*) FILTER (WHERE attempts >= 2), coalesce(max(attempts), 0) "
                "FROM pages WHERE document_id = ANY(:ids)"
            ),
            {"ids": ids(doc_ids)},
        ).one()
        events = conn.execute(
            text("SELECT count(*) FROM webhook_events WHERE document_id = ANY(:ids)"), {"ids": ids(doc_ids)}
        ).scalar_one()
    by_status = {str(k): int(v) for k, v in docs}
    return {
        "documents": sum(by_status.values()),
        "succeeded": by_status.get("succeeded", 0),
        "partially_succeeded": by_status.get("partially_succeeded", 0),
        "pages_done": int(pages[0]),
        "pages_failed": int(pages[1]),
        "pages_retried": int(pages[2]),
        "max_attempts": int(pages[3]),
        "events": int(events),
    }


def lease_deadline(db: Engine) -> datetime | None:
    """When the last lease held now runs out (the database's clock: this machine's)."""
    with db.connect() as conn:
        return conn.execute(text("SELECT max(lease_expires_at) FROM pages WHERE status = 'running'")).scalar()


def running(db: Engine, doc_ids: list[str]) -> set[tuple[str, int]]:
    with db.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT document_id, page_no FROM pages WHERE status = 'running' AND document_id = ANY(:ids)"
            ),
            {"ids": ids(doc_ids)},
        ).all()
    return {(str(d), int(n)) for d, n in rows}


def page_statuses(db: Engine, pages: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    with db.connect() as conn:
        rows = conn.execute(text("SELECT document_id, page_no, status FROM pages")).all()
    return {(str(d), int(n)): str(st) for d, n, st in rows if (str(d), int(n)) in pages}


def running_for(db: Engine, page: tuple[str, int], at_least: float) -> float | None:
    """How long the page's current attempt has been running, once that is ``at_least``
    seconds; None before (or once it stopped running)."""
    with db.connect() as conn:
        ran = conn.execute(
            text(
                "SELECT extract(epoch FROM now() - started_at) FROM pages "
                "WHERE document_id = :d AND page_no = :n AND status = 'running'"
            ),
            {"d": uuid.UUID(page[0]), "n": page[1]},
        ).scalar()
    return float(ran) if ran is not None and float(ran) >= at_least else None


def page_row(db: Engine, doc_id: str, page_no: int) -> tuple[str, int]:
    with db.connect() as conn:
        row = conn.execute(
            text("SELECT status, attempts FROM pages WHERE document_id = :d AND page_no = :n"),
            {"d": uuid.UUID(doc_id), "n": page_no},
        ).one()
    return str(row[0]), int(row[1])


def store_failures(db: Engine, doc_ids: list[str]) -> int:
    """Pages given back with an error: an attempt that failed (here: on the paused store)."""
    with db.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM pages WHERE document_id = ANY(:ids) AND error IS NOT NULL"),
                {"ids": ids(doc_ids)},
            ).scalar_one()
        )
