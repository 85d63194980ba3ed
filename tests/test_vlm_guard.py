"""The repetition guard: real loops are cut and keep what came before them; finished pages,
blank forms and long pages are left alone.

Streams are tokenised with granite-docling's real tokenizer (location tags spelled in five
tokens, DocTags elements as special tokens) and fed to the guard one column per step, as
``generate`` does. The batch test runs a tiny model taught two answers of very different
lengths, through the engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import torch
from PIL import Image

from common.core.settings import Settings
from common.documents.results import PageResult
from tests.factories.models import build_tiny_idefics3
from tests.factories.real_models import GRANITE_DOCLING
from worker.engines.base import PageError, PageInput
from worker.engines.vlm import runtime
from worker.engines.vlm.engines import DoclingEngine, Job
from worker.engines.vlm.guard import RepetitionGuard, close_open_tags
from worker.engines.vlm.runtime import Generated

torch.set_num_threads(1)

pytestmark = pytest.mark.skipif(not GRANITE_DOCLING.is_dir(), reason="../shared/models is not here")

EOS = 100257  # granite-docling's <|end_of_text|>, also its pad token
PROMPT = [100264, 100265, 100270, 100270]  # stands in for a prompt; never looked at


@cache
def _tokenizer() -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(GRANITE_DOCLING)


def _ids(text: str) -> list[int]:
    ids: list[int] = _tokenizer()(text, add_special_tokens=False)["input_ids"]
    return ids


def _piece(token: int) -> str:
    return str(_tokenizer().decode([token], skip_special_tokens=False))


def _guard(*, doctags: bool, prompt_len: int = len(PROMPT)) -> RepetitionGuard:
    gpu = Settings().gpu  # the production defaults
    return RepetitionGuard(
        prompt_len,
        window=gpu.repeat_window,
        max_ngram=gpu.repeat_max_ngram,
        min_repeats=gpu.repeat_min_repeats,
        stop_ids=[EOS],
        piece=_piece,
        doctags=doctags,
    )


def _run(guard: RepetitionGuard, rows: list[list[int]]) -> list[int | None]:
    """Feed the rows one token per step, as generate does, padding rows that ended; return,
    per row, the step at which the guard stopped it (None: never)."""
    width = max(len(r) for r in rows)
    padded = [PROMPT + r + [EOS] * (width - len(r)) for r in rows]
    ids = torch.tensor(padded)
    stopped: list[int | None] = [None] * len(rows)
    for step in range(1, width + 1):
        done = guard(ids[:, : len(PROMPT) + step], None)
        for r, flag in enumerate(done.tolist()):
            if flag and stopped[r] is None:
                stopped[r] = step
        if all(s is not None for s in stopped):
            break
    return stopped


def _kept(guard: RepetitionGuard, row: int, tokens: list[int]) -> str:
    text = _tokenizer().decode(tokens[: guard.looped[row]], skip_special_tokens=False)
    return close_open_tags(str(text))


def _loc(*values: int) -> str:
    return "".join(f"<loc_{v}>" for v in values)


HEADER = f"<doctag><title>{_loc(40, 30, 300, 50)}Quarterly statement</title>"


# --- defect 1: a finished row is never a loop ----------------------------------------------


def test_given_a_short_page_batched_with_a_long_one_then_its_padding_is_not_a_loop() -> None:
    # Given a page that ends after a few tokens, in a batch with one that runs 400 more
    short = [*_ids(f"{HEADER}</doctag>"), EOS]
    long = _ids(
        HEADER
        + "".join(f"<text>{_loc(40, 60 + i, 460, 61 + i)}Line {i} of the page</text>" for i in range(40))
    )
    guard = _guard(doctags=True)

    # When the batch is generated, the short row receiving pad tokens all along
    stopped = _run(guard, [short, long])

    # Then neither row is a loop
    assert len(long) > len(short) + 300
    assert stopped == [None, None] and guard.looped == {}


# --- defect 2: the loops docling's models fall into, and the pages that only look like them ---


def test_given_the_same_line_again_with_advancing_locations_then_it_is_cut_after_its_first_instance() -> None:
    # Given SmolDocling's typical loop: one line repeated, each time a little lower on the page
    prefix = HEADER + f"<text>{_loc(40, 60, 460, 70)}Payment is due within 30 days.</text>"
    line = "<text>{}Total due 12.00 EUR</text>"
    loop = "".join(line.format(_loc(40, 80 + 9 * i, 460, 88 + 9 * i)) for i in range(40))
    tokens = _ids(prefix + loop)
    guard = _guard(doctags=True)

    stopped = _run(guard, [tokens])

    # Then the guard stops it within a few repeats, no two of which are the same tokens
    assert stopped[0] is not None and stopped[0] < len(tokens) // 3
    # and keeps what came before the loop plus the line once
    kept = _kept(guard, 0, tokens)
    assert kept == prefix + line.format(_loc(40, 80, 460, 88)) + "</doctag>"


def test_given_a_looping_page_then_the_engine_keeps_what_came_before_with_a_warning() -> None:
    # Given the guard's output for a page cut at a loop (its prefix, tags closed)
    engine = DoclingEngine("granite-docling", Settings())
    kept = (
        HEADER
        + f"<text>{_loc(40, 60, 460, 70)}Payment is due within 30 days.</text>"
        + f"<text>{_loc(40, 80, 460, 88)}Total due 12.00 EUR</text></doctag>"
    )
    gen = Generated(
        text=kept, tokens=350, prompt_tokens=1142, looped=True, truncated=False, max_new_tokens=7050
    )
    page = PageInput(page_no=3, width=612, height=792, image=Image.new("RGB", (1224, 1584), "white"))

    res = engine._result(page, gen)

    # Then the page is the model's, not the fallback's, with what it read and a warning
    assert isinstance(res, PageResult) and res.fallback_from is None and res.engine == "granite-docling"
    assert [b.text for b in res.blocks] == [
        "Quarterly statement",
        "Payment is due within 30 days.",
        "Total due 12.00 EUR",
    ]
    assert any("repetition loop" in w and "before the loop is kept" in w for w in res.warnings)


def test_given_a_loop_before_anything_usable_then_the_page_is_unusable() -> None:
    # Given a page that looped from its first element on: one instance of it is all it kept,
    # and it has no text
    settings = Settings(gpu={"fallback": False})
    engine = DoclingEngine("granite-docling", settings)
    gen = Generated(
        text="<doctag><picture><loc_0><loc_0><loc_500><loc_500></picture></doctag>",
        tokens=600,
        prompt_tokens=1142,
        looped=True,
        truncated=False,
        max_new_tokens=7050,
    )
    page = PageInput(page_no=2, width=612, height=792, image=Image.new("RGB", (1224, 1584), "white"))

    res = engine._result(page, gen)

    # Then the page is unusable, which is what sends it to the fallback (off here: an error)
    assert not isinstance(res, PageResult)
    err = engine._fallback_or_error(page, res.reason, res.tokens)
    assert isinstance(err, PageError) and "repetition loop" in err.message


def test_given_a_blank_ten_by_twelve_form_table_then_it_is_not_a_loop() -> None:
    # Given a valid page: a form whose table has a header row and ten rows of twelve empty cells
    header = "".join(f"<ched>Col {c}" for c in range(12)) + "<nl>"
    blank = "<ecel>" * 12 + "<nl>"
    page = (
        HEADER
        + f"<otsl>{_loc(20, 80, 480, 400)}{header}{blank * 10}</otsl>"
        + f"<text>{_loc(40, 420, 460, 430)}Signature and date</text></doctag>"
    )
    tokens = [*_ids(page), EOS]
    guard = _guard(doctags=True)

    stopped = _run(guard, [tokens])

    assert stopped == [None] and guard.looped == {}


def test_given_a_wide_table_row_repeated_in_doctags_then_it_is_caught() -> None:
    # Given a table whose 12-cell row (39 tokens, longer than any n-gram the old guard knew)
    # repeats with nothing changing
    cells = [
        "2024-01-01",
        "Widget deluxe",
        "12",
        "18.00",
        "216.00",
        "EUR",
        "north",
        "bay 7",
        "paid",
        "yes",
        "A-17",
        "ok",
    ]
    row = "".join(f"<fcel>{c}" for c in cells) + "<nl>"
    head = HEADER + f"<otsl>{_loc(20, 80, 480, 400)}" + "".join(f"<ched>H{c}" for c in range(12)) + "<nl>"
    tokens = _ids(head + row * 30)
    guard = _guard(doctags=True)

    stopped = _run(guard, [tokens])

    assert stopped[0] is not None and stopped[0] < len(tokens) // 2
    assert _kept(guard, 0, tokens) == head + row + "</otsl></doctag>"


def test_given_a_wide_markdown_row_repeated_then_the_plain_text_guard_catches_it() -> None:
    # Given a Markdown table row of 41 tokens repeated (LightOnOCR, SmolVLM: plain text)
    row = (
        "| 2024-01-01 | Widget deluxe edition, blue | 12 pcs | 18.00 | 216.00 | EUR | north, bay 7 | paid |\n"
    )
    prefix = (
        "# Orders\n\n| Date | Item | Qty | Price | Amount | Currency | Where | Status |\n"
        + "|---" * 8
        + "|\n"
    )
    tokens = _ids(prefix + row * 20)
    assert len(_ids(row)) > Settings().gpu.repeat_max_ngram
    guard = _guard(doctags=False)

    stopped = _run(guard, [tokens])

    # Then it stops after repeat_min_repeats repeats, keeping the prefix and the row once
    assert stopped[0] is not None and stopped[0] < len(_ids(prefix + row * 6))
    assert _tokenizer().decode(tokens[: guard.looped[0]]) == prefix + row


def test_given_a_varied_long_page_then_the_plain_text_guard_lets_it_run() -> None:
    text = "".join(f"| {i} | item number {i * 7} | {i * 3}.50 |\n" for i in range(80))
    tokens = [*_ids(text), EOS]

    assert _run(_guard(doctags=False), [tokens]) == [None]


def test_close_open_tags_drops_a_half_written_tag_and_closes_what_is_open() -> None:
    cut = "<doctag><otsl><loc_20><loc_80><ched>A<nl><fcel>1<nl><unordered_list><list_item><loc_4"

    assert close_open_tags(cut) == (
        "<doctag><otsl><loc_20><loc_80><ched>A<nl><fcel>1<nl><unordered_list><list_item>"
        "</list_item></unordered_list></otsl></doctag>"
    )


# --- defect 1, through the engine and a real generate ----------------------------------------

SHORT_PROMPT = "Convert this page to docling."
LONG_PROMPT = "Transcribe this image to plain text."
SHORT_ANSWER = "<doctag><text><loc_40><loc_75><loc_460><loc_90>Short page.</text></doctag>"
# Taught without an end token: the model goes on past it, so its row runs to the budget.
LONG_ANSWER = "<doctag>" + "".join(
    f"<text><loc_40><loc_{10 + 9 * i}><loc_460><loc_{16 + 9 * i}>Item {i}: {w}</text>"
    for i, w in enumerate(["quick brown fox", "lazy dog", "invoice total", "payment due", "results table"])
)


def _teach_two(path: Path, steps: int = 300) -> Path:
    """Overfit a tiny model to a short answer for one prompt and a long one for another."""
    from transformers import AutoModelForImageTextToText, AutoProcessor

    processor: Any = AutoProcessor.from_pretrained(path)
    model: Any = AutoModelForImageTextToText.from_pretrained(path, dtype=torch.float32)
    tok = processor.tokenizer
    examples = []
    for prompt, answer, end in ((SHORT_PROMPT, SHORT_ANSWER, tok.eos_token), (LONG_PROMPT, LONG_ANSWER, "")):
        content = [{"type": "image"}, {"type": "text", "text": prompt}]
        chat = processor.apply_chat_template(
            [{"role": "user", "content": content}], add_generation_prompt=True
        )
        enc = processor(text=[chat], images=[[Image.new("RGB", (200, 260), "white")]], return_tensors="pt")
        target = torch.tensor([tok(answer + end, add_special_tokens=False)["input_ids"]])
        examples.append((enc, target))
    with torch.random.fork_rng():
        torch.manual_seed(0)
        optim = torch.optim.Adam(model.parameters(), lr=3e-3)
        model.train()
        for step in range(steps):
            enc, target = examples[step % 2]
            ids = torch.cat([enc["input_ids"], target], dim=1)
            labels = torch.full_like(ids, -100)
            labels[0, -target.shape[1] :] = target
            extra = {k: v for k, v in enc.items() if k not in ("input_ids", "attention_mask")}
            loss = model(input_ids=ids, attention_mask=torch.ones_like(ids), labels=labels, **extra).loss
            optim.zero_grad()
            loss.backward()
            optim.step()
    model.eval()
    torch.nn.Module.to(model, torch.bfloat16)
    model.save_pretrained(path)
    return path


@pytest.fixture(scope="module")
def two_answers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _teach_two(build_tiny_idefics3(tmp_path_factory.mktemp("models") / "two-answers"))


@pytest.fixture
def engine(two_answers: Path) -> Iterator[DoclingEngine]:
    settings = Settings(
        models={"smoldocling": {"path": str(two_answers)}},
        gpu={"max_new_tokens": 260, "max_wait_ms": 300},
    )
    eng = DoclingEngine("smoldocling", settings)
    yield eng
    eng.close()


def test_given_pages_of_very_different_lengths_in_one_batch_then_the_short_one_comes_back_intact(
    engine: DoclingEngine,
) -> None:
    # Given a short page and a long one in the same generate call
    page = Image.new("RGB", (200, 260), "white")
    jobs = [Job(page, SHORT_PROMPT, 1), Job(page, LONG_PROMPT, 2)]
    engine.warm()

    short, long = engine._run_batch(jobs)

    # Then the long one ran on for well over a guard window after the short one ended
    assert long.tokens > short.tokens + 130 and short.batch_size == 2
    # and the short one is whole, not a loop
    assert not short.looped and short.text.startswith(SHORT_ANSWER)
    res = engine._result(PageInput(page_no=1, width=612, height=792, image=page), short)
    assert isinstance(res, PageResult) and res.fallback_from is None and not res.warnings
    assert [b.text for b in res.blocks] == ["Short page."]


def test_prompt_tokens_are_each_pages_own(engine: DoclingEngine) -> None:
    # Given two prompts of different lengths in one batch (the shorter one is left-padded)
    page = Image.new("RGB", (200, 260), "white")
    engine.warm()
    loaded = engine.loaded
    alone = [
        runtime.generate(
            loaded,
            [engine._chat_prompt(loaded, p)],
            [page],
            max_new_tokens=2,
            keep_special=True,
            gpu=engine.settings.gpu,
        )[0].prompt_tokens
        for p in (SHORT_PROMPT, LONG_PROMPT)
    ]

    together = engine._run_batch([Job(page, SHORT_PROMPT, 1), Job(page, LONG_PROMPT, 2)])

    assert alone[0] != alone[1]
    assert [g.prompt_tokens for g in together] == alone
