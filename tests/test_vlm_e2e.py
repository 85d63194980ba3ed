"""A document through the API on the smoldocling engine, converted by `pagemill worker --engine`.

Real API, Postgres, Redis, moto's S3 server and a GPU-style worker process: its own
queue, a thread pool, the (tiny, taught) model loaded at start-up.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_process
from tests.factories import files
from tests.helpers import assert_problem, submit, wait_done, wait_until


@pytest.fixture(scope="module")
def smoldocling_worker(services: None, vlm_models: dict[str, Path]) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        "PAGEMILL_MODELS__SMOLDOCLING__PATH": str(vlm_models["smoldocling"]),
        "PAGEMILL_GPU__MAX_NEW_TOKENS": "200",
        "PAGEMILL_GPU__MAX_BATCH": "4",
    }
    cmd = [sys.executable, "-m", "api.cli", "worker", "--engine", "smoldocling", "-l", "warning"]
    yield from run_process([*cmd, "--name", f"gpu-{uuid.uuid4().hex[:6]}@%h"], "worker-smoldocling.log", env)


@pytest.mark.slow  # a model worker process loads the model and converts: about 10 s
def test_given_a_pdf_on_smoldocling_then_the_model_converts_every_page(
    client, worker, smoldocling_worker, monkeypatch
) -> None:
    from datetime import timedelta

    from common.core.db import get_database
    from common.core.settings import get_settings
    from common.workers import service as workers

    # given the model worker said it serves smoldocling (the API checks, as by default)
    monkeypatch.setattr(get_settings().engines, "require_worker", True)

    def serving() -> bool:
        with get_database().session_scope() as s:
            return workers.serving(s, "gpu.smoldocling", timedelta(seconds=60))

    wait_until(serving, timeout=120, what="the model worker's heartbeat")
    # when a three-page PDF is submitted for the smoldocling engine, all formats
    resp = submit(
        client,
        files.invoice_pdf(),
        "invoice.pdf",
        engine="smoldocling",
        output_formats="markdown,json,doctags,html,text",
    )
    assert resp.status_code == 202, resp.text
    doc_id = resp.json()["id"]

    # when the CPU worker has rendered it and the model worker converted its pages
    doc = wait_done(client, doc_id, timeout=120)

    # then every page is the model's, in every format
    assert doc["status"] == "succeeded", doc
    assert [(p["status"], p["engine"]) for p in doc["page_details"]] == [("done", "smoldocling")] * 3
    md = client.get(f"/v1/documents/{doc_id}/result", params={"format": "markdown"}).text
    # the model's structure, and (engines.force_backend_text) the PDF's own words in its boxes:
    # the model wrote "Invoice INV-2041" as each page's title, the text layer there says otherwise
    assert md.count("| Widget") == 3 and md.count("## ") == 3 and "Invoice INV-2041" not in md
    titles = [line for line in md.splitlines() if line.startswith("# ")]
    assert titles == ["# INVOICE", "# Terms and Conditions", "# Payment details"]
    doctags = client.get(f"/v1/documents/{doc_id}/result", params={"format": "doctags"}).text
    assert doctags.startswith("<doctag>") and doctags.count("<page_break>") == 2 and "<otsl>" in doctags
    docling = client.get(f"/v1/documents/{doc_id}/result", params={"format": "json"}).json()
    assert any(t["text"] == "INVOICE" and t["label"] == "title" for t in docling["texts"])
    assert sorted(docling["pages"]) == ["1", "2", "3"] and len(docling["tables"]) == 3
    html = client.get(f"/v1/documents/{doc_id}/result", params={"format": "html"}).text
    assert "<table>" in html
    page = client.get(f"/v1/documents/{doc_id}/pages/1").json()
    assert page["result"]["tokens"]["completion"] > 20


def test_given_a_prompt_for_an_engine_without_prompts_then_it_is_refused(client) -> None:
    resp = submit(
        client, files.invoice_pdf(), "invoice.pdf", engine="smoldocling", prompt="What is the total?"
    )

    problem = assert_problem(resp, 422)
    assert "prompt" in problem["detail"]


def test_given_no_model_then_the_gpu_worker_refuses_to_start_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "PAGEMILL_MODELS__SMOLDOCLING__PATH": str(tmp_path / "missing")}

    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "worker", "--engine", "smoldocling"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode != 0
    err = done.stderr.strip()
    assert len(err.splitlines()) == 1
    assert "PAGEMILL_MODELS__SMOLDOCLING__PATH" in err and str(tmp_path / "missing") in err
