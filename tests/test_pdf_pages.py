"""The API opens every uploaded PDF in a sandbox helper (common/uploads/pdf_pages.py): a
PDF that hangs the parser fails its own request, holds no transaction, and the API
serves the next upload."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from common.core.errors import UnreadableDocument
from tests.factories import files
from tests.helpers import assert_problem, document_count, submit, tenant_of


def test_a_pdf_that_hangs_the_parser_is_refused_and_the_api_serves_the_next_upload(client, monkeypatch):
    from common.core.settings import get_settings
    from common.uploads.pdf_pages import pdf_sandbox

    limits = get_settings().limits
    monkeypatch.setattr(limits, "inspect_timeout", 1.0)
    box = pdf_sandbox(limits)
    # given the API's PDF helpers are up, and then stop answering (as pdfium would in a
    # loop on a hostile file)
    assert submit(client, files.text_pdf(1), "warm.pdf", engine="null").status_code == 202
    stopped = box.pids()
    assert stopped
    for pid in stopped:
        os.kill(pid, signal.SIGSTOP)
    tenant_id = tenant_of(client)
    before = document_count(tenant_id)
    try:
        # when a PDF is uploaded (with a key, whose lookup is a query)
        answer: list[Any] = []
        upload = threading.Thread(
            target=lambda: answer.append(
                submit(
                    client, files.text_pdf(2), "contract.pdf", engine="null", headers={"Idempotency-Key": "h"}
                )
            )
        )
        upload.start()
        # then while the parser hangs, the request holds no transaction open (no connection
        # sits idle in a transaction after its idempotency lookup; a worker's read of the
        # warm-up document by id also names the column, so the match is on the condition)
        held = []
        while upload.is_alive():
            held += _idle_in_transaction_after("documents.idempotency_key = ")
            time.sleep(0.05)
        assert held == [], held
        # and it is refused with a problem that says why, and nothing is stored
        (resp,) = answer
        body = assert_problem(resp, 422, "unreadable-document")
        assert "within 1 s" in body["detail"], body["detail"]
        assert document_count(tenant_id) == before
    finally:
        for pid in box.pids():
            if pid in stopped:
                os.kill(pid, signal.SIGCONT)
    # and the helper that hung was killed and the API accepts the next PDF
    assert not set(stopped) <= set(box.pids())
    resp = submit(client, files.text_pdf(3), "next.pdf", engine="null")
    assert resp.status_code == 202, resp.text
    assert resp.json()["pages"]["total"] == 3


def test_the_page_count_is_read_in_a_helper_not_in_the_caller():
    from common.core.settings import LimitsSettings
    from common.uploads import inspect
    from common.uploads.pdf_pages import pdf_sandbox

    limits = LimitsSettings(inspect_processes=1)
    pdf = files.text_pdf(4)
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"sandbox-{os.getpid()}.pdf"
    path.write_bytes(pdf)
    try:
        # when a PDF is inspected
        found = inspect.inspect_file(path, pdf[:4096], limits)
        # then its page count is right, and a helper process did the reading
        assert found.page_count == 4
        assert pdf_sandbox(limits).pids()
        # and a file pdfium cannot open is refused with the parser's reason
        path.write_bytes(files.corrupt_pdf())
        with pytest.raises(UnreadableDocument, match="PDF"):
            inspect.inspect_file(path, files.corrupt_pdf()[:4096], limits)
    finally:
        path.unlink()


def _idle_in_transaction_after(fragment: str) -> list[str]:
    """The last statements of connections to this run's database that sit idle inside a
    transaction, where that statement holds ``fragment`` (other processes of the run, a
    worker say, may be idle in a transaction of their own for a moment)."""
    from sqlalchemy import text

    from common.core.db import get_database

    with get_database().engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT query FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state = 'idle in transaction' AND query LIKE :like"
            ),
            {"like": f"%{fragment}%"},
        )
        return [row[0] for row in rows]
