"""The model engines on tiny models: batching, DocTags, the guard, fallback, OOM, missing models.

The models are built from configs with random weights and saved/reloaded through
``from_pretrained`` (tests/factories/models.py); some are taught one answer so that the
real decoding and parsing path produces something checkable. granite-docling is built
from its published files (tests/factories/real_models.py): its real tokenizer (DocTags
tags and location tags as special tokens, its own end token) and chat template.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest
import torch
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from common.core.settings import Settings
from common.documents.results import PageResult
from tests.conftest import TAUGHT_ANSWER, TAUGHT_DOCTAGS, TOTAL_PROMPT
from tests.factories.real_models import GRANITE_DOCLING, taught_granite_docling
from worker.engines.base import PageError, PageInput
from worker.engines.textlayer import TextLayer, extract_text_layer
from worker.engines.vlm.engines import DoclingEngine, LightOnOcrEngine, SmolVlmEngine
from worker.engines.vlm.runtime import ModelMissing

torch.set_num_threads(1)


def _settings(models: dict[str, Path], **gpu: Any) -> Settings:
    return Settings(
        models={
            "smoldocling": {"path": str(models["smoldocling"])},
            "lightonocr": {"path": str(models["lightonocr"])},
            "smolvlm": {"path": str(models["smolvlm"])},
        },
        gpu={"max_new_tokens": 200, "max_wait_ms": 200, **gpu},
    )


@pytest.fixture(scope="session")
def granite_docling() -> Path:
    """granite-docling at test size from its published files, taught the DocTags page."""
    if not GRANITE_DOCLING.is_dir():
        pytest.skip("../shared/models is not here")
    return taught_granite_docling(TAUGHT_DOCTAGS)


def _page(page_no: int = 1, *, layer: TextLayer | None = None, shade: int = 255) -> PageInput:
    return PageInput(
        page_no=page_no,
        width=612,
        height=792,
        image=Image.new("RGB", (612, 792), (shade,) * 3),
        text_layer=layer,
    )


def _text_layer(tmp_path: Path, text: str) -> TextLayer:
    import pypdfium2

    path = tmp_path / "p.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 11)
    c.drawString(72, 700, text)
    c.save()
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return extract_text_layer(pdf[0])
    finally:
        pdf.close()


def test_given_smoldocling_page_then_doctags_become_markdown_json_blocks_and_raw_doctags(
    vlm_models: dict[str, Path],
) -> None:
    engine = DoclingEngine("smoldocling", _settings(vlm_models))
    try:
        [res] = engine.convert([_page()])
    finally:
        engine.close()

    assert isinstance(res, PageResult) and res.engine == "smoldocling" and res.fallback_from is None
    assert "# Invoice INV-2041" in (res.markdown or "")
    assert "## Line items" in (res.markdown or "")
    [table] = [b for b in res.blocks if b.kind == "table"]
    assert table.rows == [["Item", "Qty"], ["Widget", "2"], ["Gadget", "1"]]
    assert (res.doctags or "").startswith("<page_header>") and "<otsl>" in (res.doctags or "")
    assert res.tokens["completion"] > 20 and res.tokens["prompt"] > 0


def test_given_granite_docling_then_its_special_token_doctags_decode_and_stop_at_the_end_tag(
    vlm_models: dict[str, Path], granite_docling: Path
) -> None:
    settings = _settings(vlm_models, max_new_tokens=400)
    settings.models.granite_docling.path = granite_docling
    engine = DoclingEngine("granite-docling", settings)
    try:
        engine.warm()
        tok = engine.loaded.tokenizer
        [res] = engine.convert([_page()])
    finally:
        engine.close()

    # The DocTags tags are special tokens of granite-docling's vocabulary; decoded with
    # skip_special_tokens=True they would vanish and nothing would parse
    otsl = tok.convert_tokens_to_ids("<otsl>")
    assert tok.decode([otsl], skip_special_tokens=True) == ""
    assert isinstance(res, PageResult) and res.engine == "granite-docling" and res.fallback_from is None
    assert "# Invoice INV-2041" in (res.markdown or "") and "## Line items" in (res.markdown or "")
    [table] = [b for b in res.blocks if b.kind == "table"]
    assert table.rows == [["Item", "Qty"], ["Widget", "2"], ["Gadget", "1"]]
    assert "<otsl>" in (res.doctags or "") and "<loc_40>" in (res.doctags or "")
    # It stopped at </doctag>, before the <|end_of_text|> the model would write next
    assert res.tokens["completion"] == len(tok(TAUGHT_DOCTAGS, add_special_tokens=False)["input_ids"])
    # and its prompt is its own chat template's: a page of 17 image tiles of 64 tokens
    assert res.tokens["prompt"] > 17 * 64


def test_given_pages_of_several_documents_in_flight_then_they_share_generate_calls(
    vlm_models: dict[str, Path], granite_docling: Path
) -> None:
    # Given one engine (one model) and 6 pages arriving at once on 6 worker threads
    settings = _settings(vlm_models, max_batch=8, max_wait_ms=500, max_new_tokens=400)
    settings.models.granite_docling.path = granite_docling
    engine = DoclingEngine("granite-docling", settings)
    engine.warm()
    calls: list[int] = []
    generate = engine.loaded.model.generate

    def counting_generate(*args: Any, **kwargs: Any) -> Any:
        calls.append(int(kwargs["input_ids"].shape[0]))
        return generate(*args, **kwargs)

    engine.loaded.model.generate = counting_generate
    results: dict[int, PageResult | PageError] = {}
    barrier = threading.Barrier(6)

    def one(n: int) -> None:
        barrier.wait()
        [results[n]] = engine.convert([_page(n, shade=200 + n)])

    threads = [threading.Thread(target=one, args=(n,)) for n in range(1, 7)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        engine.close()

    # Then fewer generate calls than pages, and each page got its own result
    assert sum(calls) == 6 and len(calls) < 6
    assert sorted(results) == list(range(1, 7))
    for n, res in results.items():
        assert isinstance(res, PageResult) and res.page_no == n and "Invoice INV-2041" in (res.markdown or "")
        assert res.timings["batch_size"] >= 1


def test_given_out_of_memory_on_a_batch_then_it_is_split_and_no_page_fails(
    vlm_models: dict[str, Path],
) -> None:
    engine = DoclingEngine("smoldocling", _settings(vlm_models, max_batch=4, max_wait_ms=300))
    engine.warm()
    generate = engine.loaded.model.generate
    sizes: list[int] = []

    def small_device(*args: Any, **kwargs: Any) -> Any:
        size = int(kwargs["input_ids"].shape[0])
        sizes.append(size)
        if size > 1:
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB (injected)")
        return generate(*args, **kwargs)

    engine.loaded.model.generate = small_device
    stats = engine.batcher.stats
    try:
        results = engine.convert([_page(n) for n in range(1, 5)])
    finally:
        engine.close()

    assert [r.page_no for r in results if isinstance(r, PageResult)] == [1, 2, 3, 4]
    assert all(isinstance(r, PageResult) and r.engine == "smoldocling" for r in results)
    assert sizes[0] == 4 and sizes.count(1) == 4
    assert stats.splits >= 1


def test_given_a_looping_model_then_the_guard_stops_it_and_the_page_keeps_what_came_before(
    vlm_models: dict[str, Path], tmp_path: Path
) -> None:
    settings = _settings(vlm_models, repeat_window=30, repeat_max_ngram=6, max_new_tokens=400)
    settings.models.smoldocling.path = vlm_models["looping"]
    engine = DoclingEngine("smoldocling", settings)
    try:
        [res] = engine.convert([_page(layer=_text_layer(tmp_path, "Purchase order 7781 for 12 pallets"))])
    finally:
        engine.close()

    # Then the loop was cut long before max_new_tokens, and the page is the model's table
    # as far as it went before the loop, with a warning (not the CPU engine's reading)
    assert isinstance(res, PageResult)
    assert res.fallback_from is None and res.engine == "smoldocling"
    assert [b.kind for b in res.blocks] == ["table"] and "Purchase order" not in (res.markdown or "")
    assert any("repetition loop" in w for w in res.warnings)
    assert res.tokens["completion"] < 100


def test_given_empty_model_output_then_the_page_falls_back_or_fails_when_fallback_is_off(
    vlm_models: dict[str, Path], tmp_path: Path
) -> None:
    layer = _text_layer(tmp_path, "Delivery 55 arrived")
    settings = _settings(vlm_models)
    settings.models.smoldocling.path = vlm_models["empty"]
    engine = DoclingEngine("smoldocling", settings)
    try:
        [res] = engine.convert([_page(layer=layer)])
        settings.gpu.fallback = False
        [err] = engine.convert([_page(layer=layer)])
    finally:
        engine.close()

    assert (
        isinstance(res, PageResult)
        and res.fallback_from == "smoldocling"
        and "Delivery 55" in (res.text or "")
    )
    assert any("no usable output" in w for w in res.warnings)
    assert isinstance(err, PageError) and err.code == "model_output_unusable"


def test_given_model_errors_then_the_task_retries_and_the_last_attempt_falls_back(
    vlm_models: dict[str, Path], tmp_path: Path
) -> None:
    engine = DoclingEngine("smoldocling", _settings(vlm_models))
    engine.warm()

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("CUDA error: an illegal memory access was encountered")

    engine.loaded.model.generate = broken
    layer = _text_layer(tmp_path, "Contract 12 signed")
    try:
        [early] = engine.convert(
            [PageInput(1, 612, 792, image=Image.new("RGB", (60, 80)), last_attempt=False)]
        )
        [last] = engine.convert([_page(layer=layer)])
    finally:
        engine.close()

    assert isinstance(early, PageError) and early.retryable and "illegal memory access" in early.message
    assert (
        isinstance(last, PageResult)
        and last.fallback_from == "smoldocling"
        and "Contract 12" in (last.text or "")
    )


def test_given_lightonocr_then_the_page_alone_gives_markdown(vlm_models: dict[str, Path]) -> None:
    engine = LightOnOcrEngine(_settings(vlm_models, lightonocr_temperature=0.0))
    try:
        [res] = engine.convert([_page()])
    finally:
        engine.close()

    assert isinstance(res, PageResult) and res.engine == "lightonocr" and res.fallback_from is None
    assert (res.markdown or "").startswith("# Delivery note")
    assert [b.kind for b in res.blocks] == ["title", "paragraph", "table"]
    # the image was scaled to the configured longest edge before the processor
    assert engine.prepare_image(Image.new("RGB", (612, 792))).size[1] == 1540


@pytest.mark.parametrize("flavour", ["lightonocr", "lightonocr-mistral3"])
def test_given_either_lightonocr_config_flavour_then_it_loads_through_the_auto_classes(
    vlm_models: dict[str, Path], flavour: str
) -> None:
    settings = _settings(vlm_models, lightonocr_temperature=0.2, max_new_tokens=8)
    settings.models.lightonocr.path = vlm_models[flavour]
    engine = LightOnOcrEngine(settings)
    try:
        engine.warm()
        gens = engine._run_batch([_job(), _job()])
    finally:
        engine.close()

    assert type(engine.loaded.model).__name__ in {
        "LightOnOcrForConditionalGeneration",
        "Mistral3ForConditionalGeneration",
    }
    assert len(gens) == 2 and all(g.tokens >= 1 for g in gens)


def _job() -> Any:
    from worker.engines.vlm.engines import Job

    return Job(Image.new("RGB", (200, 260), "white"), None, 1)


def test_given_smolvlm_and_a_prompt_then_each_page_answers_it(vlm_models: dict[str, Path]) -> None:
    engine = SmolVlmEngine(_settings(vlm_models))
    try:
        [res] = engine.convert(
            [PageInput(1, 612, 792, image=Image.new("RGB", (612, 792)), options={"prompt": TOTAL_PROMPT})]
        )
    finally:
        engine.close()

    assert isinstance(res, PageResult) and res.text == TAUGHT_ANSWER and res.markdown == TAUGHT_ANSWER


def test_given_no_model_where_configured_then_loading_fails_in_one_line_naming_the_setting(
    tmp_path: Path,
) -> None:
    settings = Settings(models={"smoldocling": {"path": str(tmp_path / "nowhere")}})
    engine = DoclingEngine("smoldocling", settings)

    with pytest.raises(ModelMissing) as err:
        engine.warm()

    message = str(err.value)
    assert "\n" not in message
    assert "PAGEMILL_MODELS__SMOLDOCLING__PATH" in message and str(tmp_path / "nowhere") in message
    assert "hf download docling-project/SmolDocling-256M-preview" in message


def test_given_an_engine_is_constructed_then_no_model_is_loaded() -> None:
    # prepare (on CPU workers) instantiates engines for their queue and render size only
    engine = DoclingEngine("smoldocling", Settings(models={"smoldocling": {"path": "/nonexistent"}}))

    assert engine.queue == "gpu.smoldocling" and engine.render_longest_edge == 2048
    assert engine._loaded is None


def test_given_smolvlm_and_a_document_schema_then_each_property_is_asked_and_read_in_its_type(
    vlm_models: dict[str, Path],
) -> None:
    # given a schema whose property's description is the question the model was taught,
    # and one it was not
    schema = {
        "type": "object",
        "properties": {
            "total": {"type": "number", "description": TOTAL_PROMPT},
            "due_on": {"type": "string", "format": "date"},
        },
    }
    engine = SmolVlmEngine(_settings(vlm_models))
    try:
        [res] = engine.convert(
            [PageInput(1, 612, 792, image=Image.new("RGB", (612, 792)), options={"schema": schema})]
        )
    finally:
        engine.close()
    # then each property was asked on its own and its answer read in its type
    assert isinstance(res, PageResult) and res.extracted is not None
    assert res.extracted["engine"] == "smolvlm"
    assert res.extracted["values"]["total"] == 23.5  # "The invoice total is 23.50 EUR."
    assert set(res.extracted["values"]) == {"total", "due_on"}
    # and the untaught question's answer is a date or null (a reply that is no date is
    # null, with the reason among the errors, never a guess); the total read cleanly
    due = res.extracted["values"]["due_on"]
    assert due is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", due)
    assert all(e.startswith("/due_on: ") for e in res.extracted["errors"])
