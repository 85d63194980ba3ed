"""A page result's JSON (common/documents/results.py's to_json, built field by field for
speed) is exactly what dataclasses.asdict makes of it, for every field; and the file
store's keys never leave its root (common/core/storage.py), checked without the system."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from common.core.storage import FileStore
from common.documents.results import Block, Line, PageResult, Word


def _rich_result() -> PageResult:
    word = Word(text="Total", bbox=(1.0, 2.0, 3.0, 4.0), confidence=0.9)
    line = Line(text="Total 12", bbox=(1.0, 2.0, 9.0, 4.0), confidence=0.8, words=[word])
    blocks = [
        Block(kind="section_header", text="Invoice", bbox=(0.0, 0.0, 10.0, 2.0), level=1),
        Block(kind="paragraph", text="Total 12", bbox=(1.0, 2.0, 9.0, 4.0), lines=[line], confidence=0.7),
        Block(kind="table", text="a b", bbox=(0.0, 5.0, 10.0, 9.0), rows=[["a", "b"], ["1", "2"]]),
        Block(kind="list_item", text="Yes", bbox=(0.0, 9.0, 5.0, 10.0), checked=True),
        Block(kind="paragraph", text="مرحبا", bbox=(0.0, 10.0, 5.0, 11.0), rtl=True),
    ]
    return PageResult(
        page_no=3,
        engine="pdf_text",
        width=612.0,
        height=792.0,
        blocks=blocks,
        doctags="<doctag/>",
        timings={"engine_s": 0.01},
        tokens={"out": 5},
        warnings=["w"],
        fallback_from="granite_docling",
        escalated_from="auto",
        escalation_reason="no text layer",
        docling={"texts": [{"text": "x", "prov": [{"bbox": {"l": 1.0}}]}]},
        extracted={"values": {"total": "12"}, "errors": [], "engine": "x"},
    )


def test_to_json_is_asdict_field_for_field():
    # given a result with every field set, nested lines and words, a table and a checkbox
    result = _rich_result()
    # when it is turned to JSON
    data = result.to_json()
    # then it is what dataclasses.asdict makes of it as JSON (boxes as lists), keys in the
    # same order, the same text once encoded; and it round-trips
    expected = dataclasses.asdict(result)
    assert data == json.loads(json.dumps(expected))
    assert json.dumps(data, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)
    assert PageResult.from_json(json.loads(json.dumps(data))).to_json() == json.loads(json.dumps(data))


def test_to_json_copies_what_a_caller_could_change():
    # given a result
    result = _rich_result()
    # when its JSON is changed
    data = result.to_json()
    data["timings"]["x"] = 1.0
    data["blocks"][2]["rows"][0][0] = "changed"
    data["docling"]["texts"].clear()
    # then the result itself is not
    assert "x" not in result.timings
    assert result.blocks[2].rows == [["a", "b"], ["1", "2"]]
    assert result.docling is not None and result.docling["texts"]


@pytest.mark.parametrize("key", ["../x", "a/../../x", "/etc/passwd", "a/../../../etc/passwd"])
def test_a_file_store_key_never_leaves_the_root(tmp_path: Path, key: str):
    # given a file store
    store = FileStore(tmp_path / "objects")
    # when a key that climbs out of it is used, then it is refused before any file is touched
    with pytest.raises(ValueError, match="escapes the store"):
        store.put_bytes(key, b"x")
    assert not (tmp_path / "x").exists()


def test_a_file_store_key_inside_the_root_is_kept(tmp_path: Path):
    # given a file store, when keys with redundant parts are written and read
    store = FileStore(tmp_path / "objects")
    store.put_bytes("t/d/../d/result.json", b"1")
    # then they name the same object inside the root
    assert store.get_bytes("t/d/result.json") == b"1"
    assert (tmp_path / "objects" / "t" / "d" / "result.json").read_bytes() == b"1"
