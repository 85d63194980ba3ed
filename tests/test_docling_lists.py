"""Lists and checkboxes in the DoclingDocument: a model's ordered list stays ordered in every
format, a CPU engine's nested list items nest their lists, and checkboxes, a CPU engine's or a
model's, keep their state in every format and in a stored result."""

from __future__ import annotations

import json

from common.documents.results import Block, PageResult
from tests.docling_pages import HEIGHT, WIDTH
from tests.docling_pages import in_order as _in_order
from tests.docling_pages import model_page as _model_page
from tests.docling_pages import outputs as _outputs


def test_given_an_ordered_list_then_it_stays_ordered_in_every_format() -> None:
    page = _model_page(
        "<ordered_list><list_item><loc_40><loc_50><loc_460><loc_60>Unplug the device</list_item>"
        "<list_item><loc_40><loc_60><loc_460><loc_70>Open the cover</list_item></ordered_list>"
    )

    out = _outputs(page)

    doc = json.loads(out["json"])
    [group] = [g for g in doc["groups"] if g["label"] in ("list", "ordered_list")]
    items = [doc["texts"][int(r["$ref"].split("/")[-1])] for r in group["children"]]
    assert [(i["text"], i["enumerated"], i["marker"]) for i in items] == [
        ("Unplug the device", True, "1."),
        ("Open the cover", True, "2."),
    ]
    assert _in_order(out["markdown"], "1. Unplug the device", "2. Open the cover")
    assert "<ol>" in out["html"]
    assert "<ordered_list>" in out["doctags"]
    assert _in_order(out["text"], "1. Unplug the device", "2. Open the cover")
    assert [b.text for b in page.blocks] == ["1. Unplug the device", "2. Open the cover"]


def _cpu_page(*blocks: Block) -> PageResult:
    return PageResult(page_no=1, engine="pdf-text", width=WIDTH, height=HEIGHT, blocks=list(blocks))


def test_given_nested_list_items_from_a_cpu_engine_then_the_document_nests_their_lists() -> None:
    # given a numbered list with lettered sub-items and a bullet under one of them
    box = (72.0, 100.0, 300.0, 112.0)
    page = _cpu_page(
        Block(kind="list_item", text="1. Phase one", bbox=box),
        Block(kind="list_item", text="a) Interview customers", bbox=box, level=1),
        Block(kind="list_item", text="Paper sketches", bbox=box, level=2),
        Block(kind="list_item", text="2. Phase two", bbox=box),
    )

    out = _outputs(page)

    doc = json.loads(out["json"])
    texts = {t["self_ref"]: t for t in doc["texts"]}
    groups = {g["self_ref"]: g for g in doc["groups"]}
    [top] = [g for g in doc["groups"] if g["parent"]["$ref"] == "#/body"]
    first, second = (texts[r["$ref"]] for r in top["children"])
    assert (first["text"], first["enumerated"], first["marker"]) == ("Phase one", True, "1.")
    assert second["marker"] == "2."
    # the sub-list hangs under "1. Phase one", the bullet list under "a) Interview customers"
    [sub] = [groups[r["$ref"]] for r in first["children"]]
    [lettered] = [texts[r["$ref"]] for r in sub["children"]]
    assert (lettered["text"], lettered["marker"]) == ("Interview customers", "a)")
    [bullets] = [groups[r["$ref"]] for r in lettered["children"]]
    assert [texts[r["$ref"]]["text"] for r in bullets["children"]] == ["Paper sketches"]
    assert out["markdown"].splitlines()[:4] == [
        "1. Phase one",
        "    - a) Interview customers",
        "        - Paper sketches",
        "2. Phase two",
    ]
    assert "<ol>" in out["html"] and "Paper sketches</li>" in out["html"]


def test_given_checkboxes_from_a_cpu_engine_then_every_format_keeps_their_state() -> None:
    box = (80.0, 100.0, 300.0, 112.0)
    page = _cpu_page(
        Block(kind="paragraph", text="How did you hear about us?", bbox=box),
        Block(kind="list_item", text="From a friend", bbox=box, checked=False),
        Block(kind="list_item", text="Online advertisement", bbox=box, checked=True),
    )

    out = _outputs(page)

    doc = json.loads(out["json"])
    labels = {t["text"]: t["label"] for t in doc["texts"]}
    assert labels["From a friend"] == "checkbox_unselected"
    assert labels["Online advertisement"] == "checkbox_selected"
    assert out["markdown"].endswith("- [ ] From a friend\n- [x] Online advertisement\n")
    assert "<checkbox_selected><loc_" in out["doctags"] and "<checkbox_unselected>" in out["doctags"]
    assert "☑ Online advertisement" in out["text"]
    # and a stored result keeps the state
    again = PageResult.from_json(json.loads(json.dumps(page.to_json())))
    assert [b.checked for b in again.blocks] == [None, False, True]


def test_given_a_models_checkboxes_then_its_blocks_are_list_items_with_their_state() -> None:
    page = _model_page(
        "<checkbox_unselected><loc_40><loc_50><loc_460><loc_60>Yes</checkbox_unselected>"
        "<checkbox_selected><loc_40><loc_60><loc_460><loc_70>No</checkbox_selected>"
    )

    assert [(b.kind, b.text, b.checked) for b in page.blocks] == [
        ("list_item", "Yes", False),
        ("list_item", "No", True),
    ]
    assert "- [ ] Yes" in _outputs(page)["markdown"]
