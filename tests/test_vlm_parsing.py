"""Model-output handling that needs no model: DocTags, Markdown, the repetition guard."""

from __future__ import annotations

import pytest
import torch
from PIL import Image

from common.documents.results import markdown_to_blocks
from worker.engines.base import PageInput
from worker.engines.vlm.doctags import clean_doctags, doctags_result
from worker.engines.vlm.guard import RepetitionGuard

# A SmolDocling-style page (US Letter rendered at 1224 x 1584): a title, a section header,
# a paragraph and a table with a header row, locations on the 0-500 grid.
DOCTAGS_PAGE = (
    "<doctag><page_header><loc_20><loc_10><loc_200><loc_18>ACME Corp · Invoice</page_header>"
    "<title><loc_40><loc_30><loc_300><loc_50>Invoice INV-2041</title>"
    "<section_header_level_1><loc_40><loc_60><loc_200><loc_70>Line items</section_header_level_1>"
    "<text><loc_40><loc_75><loc_460><loc_90>Payment is due within 30 days.</text>"
    "<otsl><loc_40><loc_100><loc_460><loc_160><ched>Item<ched>Qty<ched>Amount<nl>"
    "<fcel>Widget<fcel>2<fcel>18.00<nl><fcel>Gadget<fcel>1<fcel>5.50<nl></otsl>"
    "</doctag><end_of_utterance>"
)


def test_given_doctags_page_then_markdown_has_heading_paragraph_and_table() -> None:
    page = PageInput(page_no=1, width=612, height=792, image=Image.new("RGB", (1224, 1584), "white"))

    result = doctags_result("smoldocling", page, DOCTAGS_PAGE)

    assert result is not None
    md = result.markdown or ""
    assert "# Invoice INV-2041" in md
    assert "## Line items" in md
    assert "Payment is due within 30 days." in md
    assert "| Widget " in md and "18.00" in md
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [["Item", "Qty", "Amount"], ["Widget", "2", "18.00"], ["Gadget", "1", "5.50"]]
    # boxes come back in page points: loc 40..460 of 500 on a 612 pt wide page
    assert table.bbox[0] == pytest.approx(40 / 500 * 612, abs=1.5)
    assert table.bbox[2] == pytest.approx(460 / 500 * 612, abs=1.5)
    kinds = [b.kind for b in result.blocks]
    assert kinds == ["page_header", "title", "section_header", "paragraph", "table"]
    # the raw DocTags are kept (without the wrapper and the stop token) for the doctags output
    assert result.doctags is not None and result.doctags.startswith("<page_header>")
    assert "<end_of_utterance>" not in result.doctags and "</doctag>" not in result.doctags


def test_given_garbage_instead_of_doctags_then_there_is_no_result() -> None:
    page = PageInput(page_no=1, width=612, height=792, image=Image.new("RGB", (100, 130)))

    assert doctags_result("smoldocling", page, "<end_of_utterance>") is None
    assert doctags_result("smoldocling", page, "zq zq zq") is None


def test_clean_doctags_cuts_at_the_end_tag() -> None:
    assert clean_doctags("<doctag><text>a</text></doctag><pad><pad>junk") == "<text>a</text>"


def test_given_markdown_then_blocks_follow_its_structure() -> None:
    md = (
        "# Report\n\nIntro line one\nand two.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n"
        "- first\n- second\n\n## Notes\nEnd."
    )

    blocks = markdown_to_blocks(md, (0, 0, 612, 792))

    assert [(b.kind, b.text) for b in blocks if b.kind != "table"] == [
        ("title", "Report"),
        ("paragraph", "Intro line one and two."),
        ("list_item", "- first"),
        ("list_item", "- second"),
        ("section_header", "Notes"),
        ("paragraph", "End."),
    ]
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows == [["A", "B"], ["1", "2"]]


def _guard(prompt_len: int = 3) -> RepetitionGuard:
    return RepetitionGuard(prompt_len, window=24, max_ngram=6, min_repeats=4)


def test_given_a_repeating_ngram_then_the_guard_stops_only_that_row() -> None:
    prompt = [9, 9, 9]
    looping = prompt + [5, 6, 7] * 8  # a 3-gram over the whole window
    varied = prompt + list(range(10, 34))
    ids = torch.tensor([looping, varied])

    done = _guard()(ids, None)

    assert done.tolist() == [True, False]


def test_given_too_few_generated_tokens_then_the_guard_waits() -> None:
    ids = torch.tensor([[9, 9, 9] + [1] * 10])

    assert _guard()(ids, None).tolist() == [False]


def test_given_a_long_period_then_it_is_not_a_loop() -> None:
    # a 12-token pattern repeated twice is a table with two similar rows, not a loop
    row = list(range(40, 52))
    ids = torch.tensor([[9, 9, 9, *row, *row]])

    assert _guard()(ids, None).tolist() == [False]
