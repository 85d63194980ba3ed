"""The shipped Python client against the real API and workers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pagemill_client import TERMINAL, Client, PagemillError
from tests.conftest import ROOT
from tests.factories import files
from tests.factories.invoices_i18n import GERMAN, invoice_pdf
from tests.helpers import wait_until
from tests.receiver import Receiver


def test_the_client_submits_waits_fetches_and_manages_webhooks(api_url, api_key, worker, tmp_path) -> None:
    receiver = Receiver().start()
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(files.invoice_pdf())
    try:
        with Client(api_url, api_key) as pm:
            # given an endpoint, whose secret the receiver verifies with
            endpoint = pm.set_webhook_endpoint(receiver.url)
            receiver.secrets.append(endpoint["secret"])
            assert pm.webhook_endpoint()["secret"] is None
            # when a document is submitted and waited for
            doc = pm.submit(
                pdf, engine="pdf-text", output_formats=["markdown", "text"], idempotency_key="c-1"
            )
            polled: list[dict] = []
            done = pm.wait(doc["id"], timeout=120, interval=0.1, on_poll=polled.append)
            # then its result and its verified event are there
            assert done["status"] == "succeeded" and polled[-1] == done
            assert files.INVOICE_NUMBER in pm.result(doc["id"], "markdown")
            (got,) = receiver.wait_for(1)
            assert got.verify_error is None and got.event["data"]["id"] == doc["id"]
            replay = pm.submit(
                pdf, engine="pdf-text", output_formats=["markdown", "text"], idempotency_key="c-1"
            )
            assert replay["id"] == doc["id"]
            # and the delivery log, a redelivery and a rotation work through it (the worker
            # records the attempt after the receiver has answered, so the log may lag a moment)
            wait_until(
                lambda: pm.webhook_deliveries(doc["id"])["event"]["status"] == "delivered",
                what="the delivery recorded",
            )
            assert pm.redeliver_webhook(doc["id"])["status"] == "pending"
            assert len(receiver.wait_for(2)) == 2
            assert pm.rotate_webhook_secret()["secret"].startswith("whsec_")
            # errors come back as the API's problem
            with pytest.raises(PagemillError) as err:
                pm.result(doc["id"], "doctags")
            assert err.value.status == 422 and err.value.problem["type"].endswith("/format-not-requested")
            assert "doctags" in str(err.value)
            pm.delete(doc["id"])
            with pytest.raises(PagemillError) as gone:
                pm.get(doc["id"])
            assert gone.value.status == 404 and gone.value.problem["status"] == 404
    finally:
        receiver.stop()


def test_the_client_fetches_the_structured_outputs(api_url, api_key, worker, tmp_path) -> None:
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(invoice_pdf(GERMAN))
    with Client(api_url, api_key) as pm:
        # given an invoice submitted with the tables output and a schema
        schema = {"type": "object", "properties": {"total": {"type": "number"}}}
        doc = pm.submit(pdf, engine="pdf-text", output_formats=["tables"], schema=schema)
        assert pm.wait(doc["id"], timeout=120, interval=0.1)["status"] == "succeeded"
        # then the client returns them as data: fields, tables, a table's CSV, the workbook
        assert pm.fields(doc["id"])["schema"]["values"] == {"total": 1190.0}
        tables = pm.tables(doc["id"])
        assert tables[0]["rows"][0][:4] == GERMAN["header"]
        assert pm.table_csv(doc["id"], 1).startswith("Beschreibung,Menge")
        assert pm.result_bytes(doc["id"], "xlsx")[:2] == b"PK"  # a zip: the workbook
        # and a page's result and its image, drawn the width asked
        assert pm.page(doc["id"], 1)["result"]["blocks"]
        image, media_type = pm.page_image(doc["id"], 1, width=300)
        assert media_type == "image/png" and image.startswith(b"\x89PNG")


def test_the_client_ends_waiting_on_the_servers_terminal_statuses():
    from common.documents.models import TERMINAL_DOCUMENT_STATUSES

    assert {str(s) for s in TERMINAL_DOCUMENT_STATUSES} == TERMINAL


def test_the_client_imports_none_of_the_servers_code_or_dependencies():
    # given a fresh interpreter, when the client is imported
    probe = (
        "import sys, pagemill_client; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'api', 'common', 'worker', 'sqlalchemy', 'celery', 'fastapi', 'pydantic', 'PIL'}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    # then only httpx and the webhook helper's package came along
    assert out.stdout.strip() == "[]"
