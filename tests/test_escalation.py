"""Escalation from ``auto`` (worker/flows/escalate.py) against the real services: a page
auto reads poorly is handed to a model engine only while a worker for it is live, the
model's result records why, auto's result stands wherever the model's cannot, and the
page is counted once either way.

The flows run in this process (as a task would call them), with the settings of each
test; the model is a real `pagemill worker --engine smoldocling` process on a tiny,
taught model. Other tests stand in for a live model worker with a heartbeat row only.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageFilter
from reportlab.pdfgen import canvas

from common.core import queue
from common.core.db import get_database
from common.core.orm import utcnow
from common.core.settings import EscalationSettings, Settings, get_settings
from common.core.storage import get_store
from common.documents.models import Document, Page
from common.documents.results import PageResult
from common.workers import service as workers
from tests.conftest import run_process
from tests.factories import files
from tests.helpers import new_tenant, queued_document, wait_until

LEASE = timedelta(minutes=5)
EXPIRED = timedelta(seconds=-1)


# The confidence these tests escalate below: between the degraded scan's reading and a
# clean scan's, whichever models this CPU reads with (the int8 ones on a CPU with int8
# dot-product instructions, else fp32: worker/engines/rapidocr.py).
POOR = 0.98


def _degraded_scan() -> bytes:
    """Page 1 of the invoice scanned at a third of its resolution and blurred: rapidocr
    reads it at about 0.82 with its int8 models and 0.97 with fp32 (a clean scan reads at
    0.99 with either)."""
    img = files.scan_image(files.invoice_pdf(), 1)
    img = img.resize((img.width // 3, img.height // 3)).filter(ImageFilter.GaussianBlur(1.5)).resize(img.size)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _caption_pdf() -> bytes:
    """A born-digital page whose table the layout cannot grid: only its caption says so."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(612, 792), invariant=1)
    c.setFont("Helvetica", 11)
    c.drawString(72, 700, "Table 2: Members and their cities, as the committee listed them.")
    c.drawString(72, 680, "The committee met on Tuesday and reviewed the members in order.")
    c.showPage()
    c.save()
    return buf.getvalue()


def _settings(**escalation: Any) -> Settings:
    base = get_settings()
    escalation.setdefault("min_confidence", POOR)
    return base.model_copy(update={"escalation": EscalationSettings(**escalation)})


@pytest.fixture
def dispatched(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Every send as (name, *args, queue), recorded; those for a model queue also go to the
    broker, where a model worker of the test may take them."""
    real = queue.enqueue
    calls: list[tuple[Any, ...]] = []

    def enqueue(name: str, *args: Any, queue: str = "cpu", **kw: Any) -> None:
        calls.append((name, *args, queue))
        if queue.startswith("gpu."):
            real(name, *args, queue=queue, **kw)

    monkeypatch.setattr(queue, "enqueue", enqueue)
    return calls


@pytest.fixture
def granite_heartbeat(services: None) -> Iterator[str]:
    """A granite-docling worker's heartbeat, with no process behind it: the hand-over's
    condition, without a model to run what is handed over."""
    worker_id = f"fake-granite-{uuid.uuid4().hex[:6]}"
    with get_database().session_scope() as s:
        workers.beat(s, worker_id, ["gpu.granite-docling"], utcnow(), timedelta(seconds=60))
    yield worker_id
    with get_database().session_scope() as s:
        workers.leave(s, worker_id)


def _prepared(content: bytes) -> uuid.UUID:
    from worker import flows

    doc_id = uuid.UUID(queued_document(new_tenant(), content, engine="auto"))
    flows.prepare_document(get_database(), get_store(), get_settings(), doc_id)
    return doc_id


def _convert(doc_id: uuid.UUID, settings: Settings, **kw: Any) -> None:
    from worker import flows

    flows.convert_page(get_database(), get_store(), settings, doc_id, 1, lease=LEASE, **kw)


def _rows(doc_id: uuid.UUID) -> tuple[Page, Document]:
    with get_database().session_scope() as s:
        page, doc = s.get(Page, (doc_id, 1)), s.get(Document, doc_id)
        assert page is not None and doc is not None
        s.expunge_all()
        return page, doc


def _stored(key: str | None) -> dict[str, Any]:
    assert key is not None
    data: dict[str, Any] = json.loads(get_store().get_bytes(key))
    return data


def _sends(calls: list[tuple[Any, ...]], doc_id: uuid.UUID) -> list[tuple[Any, ...]]:
    return [c for c in calls if c[1] == str(doc_id)]


def test_without_a_live_model_worker_a_poorly_read_page_stays_on_auto(services, dispatched) -> None:
    # given a scan that auto reads with low confidence, and no granite-docling worker
    doc_id = _prepared(_degraded_scan())
    settings = _settings()
    with get_database().session_scope() as s:
        assert not workers.serving(s, "gpu.granite-docling", timedelta(seconds=60))

    # when the CPU worker converts it
    _convert(doc_id, settings)

    # then rapidocr's result is the page's, as without escalation, counted once
    page, doc = _rows(doc_id)
    result = _stored(page.result_key)
    assert (page.status, page.engine, doc.pages_done, doc.pages_failed) == ("done", "rapidocr", 1, 0)
    assert result["engine"] == "rapidocr" and result["escalated_from"] is None
    assert [c for c in _sends(dispatched, doc_id) if c[-1] != "cpu"] == []
    # (the page would have been escalated: its result asks for a model)
    from worker.engines import escalation

    assert (escalation.reason(PageResult.from_json(result), settings.escalation) or "").startswith(
        "ocr confidence"
    )


def test_a_page_handed_to_a_live_model_engine_is_queued_there_and_not_counted(
    services, dispatched, granite_heartbeat
) -> None:
    doc_id = _prepared(_degraded_scan())
    dispatched.clear()

    _convert(doc_id, _settings())

    page, doc = _rows(doc_id)
    assert (page.status, page.engine, page.attempts, page.worker) == ("queued", "granite-docling", 0, None)
    assert (doc.pages_done, doc.pages_failed) == (0, 0)
    assert _sends(dispatched, doc_id) == [(queue.CONVERT, str(doc_id), 1, "gpu.granite-docling")]
    kept = _stored(page.result_key)
    assert page.result_key is not None and page.result_key.endswith("results/1.auto.json")
    assert (kept["engine"], kept["escalated_from"], kept["fallback_from"]) == (
        "rapidocr",
        "auto",
        "granite-docling",
    )
    why = kept["escalation_reason"]
    assert why.startswith("ocr confidence 0.") and why.endswith(f"below {POOR:g}")


def test_a_copy_of_the_cpu_message_after_the_hand_over_sends_the_page_on_to_its_model(
    services, dispatched, granite_heartbeat
) -> None:
    doc_id = _prepared(_degraded_scan())
    settings = _settings()
    _convert(doc_id, settings)
    dispatched.clear()

    # when the CPU queue delivers the page's message again (its worker died before the ack)
    _convert(doc_id, settings, queue_name="cpu")

    # then the page is the model's still, queued, uncounted, and sent to the model's queue
    page, doc = _rows(doc_id)
    assert (page.status, page.engine, doc.pages_done, doc.pages_failed) == ("queued", "granite-docling", 0, 0)
    assert _sends(dispatched, doc_id) == [(queue.CONVERT, str(doc_id), 1, "gpu.granite-docling")]


def test_an_escalated_page_whose_model_worker_left_keeps_autos_result(services, dispatched) -> None:
    from tests.reaping import reap, with_reliability
    from worker import flows

    # given a page handed to granite-docling, whose only worker then left
    doc_id = _prepared(_degraded_scan())
    worker_id = "fake-granite-leaving"
    with get_database().session_scope() as s:
        workers.beat(s, worker_id, ["gpu.granite-docling"], utcnow(), timedelta(seconds=60))
    try:
        _convert(doc_id, _settings())
    finally:
        with get_database().session_scope() as s:
            workers.leave(s, worker_id)

    # when the reaper finds it queued with nobody to take it, twice
    reap(with_reliability(redispatch_after=0))
    reap(with_reliability(redispatch_after=0))

    # then auto's result is the page's, counted once, and the document finishes with it
    page, doc = _rows(doc_id)
    assert (page.status, page.engine, doc.pages_done, doc.pages_failed) == ("done", "auto", 1, 0)
    assert _stored(page.result_key)["engine"] == "rapidocr"
    flows.finalize_document(get_database(), get_store(), get_settings(), doc_id)
    assert _rows(doc_id)[1].status == "succeeded"


def test_an_escalated_page_whose_model_attempts_ran_out_keeps_autos_result(
    services, dispatched, granite_heartbeat
) -> None:
    from common.documents import processing
    from tests.reaping import reap

    doc_id = _prepared(_degraded_scan())
    _convert(doc_id, _settings())
    max_attempts = get_settings().reliability.page_max_attempts
    # given the model worker died holding the page on each of its attempts
    for _ in range(max_attempts):
        with get_database().session_scope() as s:
            assert processing.claim_page(s, doc_id, 1, worker="gpu-w", lease=EXPIRED) is not None
        if _ < max_attempts - 1:
            reap()

    # when the reaper finds the last lease expired
    reap()

    # then auto's result stands, counted once
    page, doc = _rows(doc_id)
    assert (page.status, page.engine, doc.pages_done, doc.pages_failed) == ("done", "auto", 1, 0)
    assert _stored(page.result_key)["escalated_from"] == "auto"


def test_a_text_layer_page_is_rendered_for_the_model_at_its_size(
    services, dispatched, granite_heartbeat
) -> None:
    # given a born-digital page (auto renders none) whose caption asks for a model
    doc_id = _prepared(_caption_pdf())
    assert _rows(doc_id)[0].image_key is None

    _convert(doc_id, _settings())

    page, _ = _rows(doc_id)
    assert (page.status, page.engine) == ("queued", "granite-docling")
    assert _stored(page.result_key)["escalation_reason"].startswith("table caption with no table")
    assert page.image_key is not None
    image = Image.open(io.BytesIO(get_store().get_bytes(page.image_key)))
    assert max(image.size) == get_settings().gpu.docling_longest_edge


def test_an_escalated_page_whose_model_output_is_unusable_keeps_autos_result(
    vlm_models: dict[str, Path],
) -> None:
    from worker.engines.base import PageInput
    from worker.engines.vlm.engines import DoclingEngine

    # given a model that answers nothing, with the CPU fallback turned off
    settings = Settings(models={"smoldocling": {"path": str(vlm_models["empty"])}}, gpu={"fallback": False})
    kept = PageResult(page_no=1, engine="rapidocr", width=612, height=792, text="as auto read it")
    kept.escalated_from, kept.escalation_reason = "auto", "ocr confidence 0.700 below 0.9"
    engine = DoclingEngine("smoldocling", settings)
    try:
        [res] = engine.convert(
            [PageInput(1, 612, 792, image=Image.new("RGB", (612, 792), "white"), fallback=kept)]
        )
    finally:
        engine.close()

    # then auto's result is returned (auto is what the document asked for), marked
    assert isinstance(res, PageResult) and res.engine == "rapidocr" and res.text == "as auto read it"
    assert res.fallback_from == "smoldocling" and any("no usable output" in w for w in res.warnings)


# --- a real model worker --------------------------------------------------------------


@pytest.fixture(scope="module")
def smoldocling_worker(services: None, vlm_models: dict[str, Path]) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        "PAGEMILL_MODELS__SMOLDOCLING__PATH": str(vlm_models["smoldocling"]),
        "PAGEMILL_GPU__MAX_NEW_TOKENS": "200",
        "PAGEMILL_GPU__MAX_BATCH": "4",
    }
    cmd = [sys.executable, "-m", "api.cli", "worker", "--engine", "smoldocling", "-l", "warning"]
    name = f"gpu-esc-{uuid.uuid4().hex[:6]}@%h"
    yield from run_process([*cmd, "--name", name], "worker-escalation-smoldocling.log", env)


@pytest.mark.slow  # a model worker process loads the model and converts: about 15 s
def test_a_scan_read_poorly_is_read_by_the_live_model_worker_and_says_why(
    services, dispatched, smoldocling_worker
) -> None:
    from worker import flows

    def serving() -> bool:
        with get_database().session_scope() as s:
            return workers.serving(s, "gpu.smoldocling", timedelta(seconds=60))

    wait_until(serving, timeout=120, what="the model worker's heartbeat")
    # given a scan auto reads with low confidence, and escalation to smoldocling
    doc_id = _prepared(_degraded_scan())

    # when the CPU worker converts it, and the model worker takes it from there
    _convert(doc_id, _settings(engine="smoldocling"))
    wait_until(lambda: _rows(doc_id)[0].status == "done", timeout=120, what="the model worker's page")

    # then the page is the model's, says where it came from and why, and is counted once
    page, doc = _rows(doc_id)
    assert (page.engine, doc.pages_done, doc.pages_failed, doc.pages_total) == ("smoldocling", 1, 0, 1)
    result = _stored(page.result_key)
    assert (result["engine"], result["escalated_from"], result["fallback_from"]) == (
        "smoldocling",
        "auto",
        None,
    )
    why = result["escalation_reason"]
    assert why.startswith("ocr confidence 0.") and why.endswith(f"below {POOR:g}")
    assert page.result_key is not None and not page.result_key.endswith(".auto.json")
    # auto's result, kept while the model had the page, is gone
    kept = page.result_key.removesuffix(".json") + ".auto.json"
    wait_until(lambda: kept not in get_store().list_keys(kept), timeout=30, what="auto's kept result deleted")
    # and the document is built from the model's page (by this finalize, or by a CPU
    # worker of the run that took the model worker's finalize message first)
    flows.finalize_document(get_database(), get_store(), get_settings(), doc_id)
    wait_until(lambda: _rows(doc_id)[1].status == "succeeded", timeout=60, what="the document finalized")
    md = get_store().get_bytes(kept.split("results/")[0] + "output.md").decode()
    assert "Invoice INV-2041" in md
