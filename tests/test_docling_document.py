"""Model pages become one DoclingDocument, and every output format comes from it.

DocTags strings stand in for the model (no model is loaded but in the last test): each
page goes through the engine's parser (worker/engines/vlm/doctags.py) and the pages
through finalize's assembly (common/documents/assemble.py), as a document's pages do.
Reading order, spanning tables, pictures, code and formulas, the text layer's words in the
model's boxes, and pages from several engines are here; lists and checkboxes are in
tests/test_docling_lists.py.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from common.documents.assemble import PageOutcome, assemble
from common.documents.results import Block, PageResult
from tests.docling_pages import FORMATS, HEIGHT, WIDTH
from tests.docling_pages import in_order as _in_order
from tests.docling_pages import model_page as _model_page
from tests.docling_pages import outputs as _outputs
from tests.docling_pages import page_input as _page
from worker.engines.textlayer import TextLayer, TextSpan
from worker.engines.vlm.doctags import doctags_result

# Two columns whose first paragraphs start on the same line: read top to bottom across
# the page, the columns interleave (Left one, Right one, Left two, ...).
TWO_COLUMNS = (
    "<title><loc_40><loc_20><loc_460><loc_35>Two columns</title>"
    "<text><loc_40><loc_50><loc_240><loc_90>Left one.</text>"
    "<text><loc_40><loc_100><loc_240><loc_140>Left two.</text>"
    "<text><loc_260><loc_50><loc_460><loc_90>Right one.</text>"
    "<text><loc_260><loc_100><loc_460><loc_140>Right two.</text>"
)
READING_ORDER = ("Two columns", "Left one.", "Left two.", "Right one.", "Right two.")


def test_given_a_two_column_page_then_every_format_keeps_the_models_reading_order() -> None:
    # given the model read the left column, then the right one
    page = _model_page(TWO_COLUMNS)

    # when the document is assembled in every format
    out = _outputs(page)

    # then each format has the paragraphs in the model's order
    for fmt in ("markdown", "text", "html", "doctags"):
        assert _in_order(out[fmt], *READING_ORDER), (fmt, out[fmt])
    doc = json.loads(out["json"])
    texts = [doc["texts"][int(ref["$ref"].split("/")[-1])]["text"] for ref in doc["body"]["children"]]
    assert texts == list(READING_ORDER)
    # and so do the page's own blocks (the page API, extraction)
    assert [b.text for b in page.blocks] == list(READING_ORDER)


# Region spans two rows, "2023" two columns; North is a row header; Total a section row
# that spans the whole table.
SPANNING_TABLE = (
    "<otsl><loc_40><loc_100><loc_460><loc_200>"
    "<ched>Region<ched>2023<lcel><nl>"
    "<ucel><ched>H1<ched>H2<nl>"
    "<rhed>North<fcel>1<fcel>2<nl>"
    "<srow>Total<lcel><lcel><nl></otsl>"
)


def test_given_spanning_cells_and_row_headers_then_json_and_html_keep_spans_and_header_kinds() -> None:
    out = _outputs(_model_page(SPANNING_TABLE))

    [table] = json.loads(out["json"])["tables"]
    cells = {c["text"]: c for c in table["data"]["table_cells"]}
    assert len(table["data"]["table_cells"]) == 8  # one cell per span, never repeated
    assert (cells["Region"]["row_span"], cells["Region"]["col_span"]) == (2, 1)
    assert (cells["2023"]["row_span"], cells["2023"]["col_span"]) == (1, 2)
    assert (cells["Total"]["row_span"], cells["Total"]["col_span"]) == (1, 3)
    assert all(cells[t]["column_header"] for t in ("Region", "2023", "H1", "H2"))
    assert cells["North"]["row_header"] and not cells["North"]["column_header"]
    assert cells["Total"]["row_section"]
    assert not any(cells[t]["column_header"] or cells[t]["row_header"] for t in ("1", "2"))
    html = out["html"]
    assert '<th rowspan="2">Region</th>' in html and '<th colspan="2">2023</th>' in html
    assert "<th>North</th>" in html and 'colspan="3">Total</th>' in html
    assert html.count(">Region<") == 1
    # and the DocTags output still says which cells were headers
    assert "<ched>Region<ched>2023<lcel><nl><ucel>" in out["doctags"] and "<rhed>North" in out["doctags"]


def test_given_a_picture_then_it_is_cropped_into_the_json_and_referenced_from_markdown_and_html() -> None:
    # given a page whose picture (a red square) sits at 100..300 x 200..300 of 500
    image = Image.new("RGB", (1224, 1584), "white")
    box = (round(100 / 500 * 1224), round(200 / 500 * 1584), round(300 / 500 * 1224), round(300 / 500 * 1584))
    image.paste((200, 0, 0), box)
    page = _model_page(
        "<picture><loc_100><loc_200><loc_300><loc_300>"
        "<caption><loc_100><loc_305><loc_300><loc_315>Figure 1: the red square</caption></picture>"
        "<text><loc_40><loc_330><loc_460><loc_350>After the figure.</text>",
        image=image,
    )

    out = _outputs(page)

    # then the JSON holds the crop, in page units where it is on the page
    doc = json.loads(out["json"])
    [pic] = doc["pictures"]
    uri = pic["image"]["uri"]
    assert uri.startswith("data:image/png;base64,")
    crop = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB")
    assert crop.size == pytest.approx((box[2] - box[0], box[3] - box[1]), abs=3)
    assert crop.getpixel((crop.width // 2, crop.height // 2)) == (200, 0, 0)
    bbox = pic["prov"][0]["bbox"]
    assert (bbox["l"], bbox["r"]) == pytest.approx((100 / 500 * WIDTH, 300 / 500 * WIDTH), abs=0.5)
    assert pic["prov"][0]["page_no"] == 1
    caption = doc["texts"][int(pic["captions"][0]["$ref"].split("/")[-1])]
    assert caption["text"] == "Figure 1: the red square" and caption["label"] == "caption"
    # the whole page image is not embedded: the client has the source
    assert all(p.get("image") is None for p in doc["pages"].values())
    # Markdown marks the place (no base64 in a text format); HTML embeds it, self-contained
    assert "<!-- image -->" in out["markdown"] and "base64" not in out["markdown"]
    assert _in_order(out["html"], "<figure", '<img src="data:image/png;base64,', "After the figure.")
    assert "<picture>" in out["doctags"] and "<caption>" in out["doctags"]
    assert [b.kind for b in page.blocks] == ["caption", "picture", "paragraph"]


def test_given_code_and_a_formula_then_they_stay_code_and_formula() -> None:
    page = _model_page(
        "<code><loc_40><loc_50><loc_460><loc_80><_Python_>for i in range(3):\n    print(i)</code>"
        "<formula><loc_40><loc_90><loc_460><loc_110>E = m c^{2}</formula>"
    )

    out = _outputs(page)

    doc = json.loads(out["json"])
    labels = {t["label"]: t for t in doc["texts"]}
    assert labels["code"]["text"] == "for i in range(3):\n    print(i)"
    assert labels["code"]["code_language"] == "Python"
    assert labels["formula"]["text"] == "E = m c^{2}"
    assert "```\nfor i in range(3):\n    print(i)\n```" in out["markdown"]
    assert "$$E = m c^{2}$$" in out["markdown"]
    assert "<pre><code>" in out["html"] and "<math" in out["html"]
    assert "<code>" in out["doctags"] and "<formula>" in out["doctags"]
    assert [b.kind for b in page.blocks] == ["code", "formula"]


def _layer(*words: tuple[str, float, float, float, float]) -> TextLayer:
    return TextLayer(
        WIDTH, HEIGHT, [TextSpan(t, x0, top, x1, bottom, 11.0, False) for t, x0, top, x1, bottom in words]
    )


# loc 40..460 x 50..90 of 500 is 49..367 x 79..143 pt on a Letter page.
MISREAD = (
    "<text><loc_40><loc_50><loc_460><loc_90>Tota1 due: 1O4.50 EUR</text>"
    "<formula><loc_40><loc_100><loc_460><loc_120>x^{2}</formula>"
    "<text><loc_40><loc_130><loc_460><loc_150>Only in the picture.</text>"
)
TEXT_LAYER = _layer(
    ("Total", 60, 90, 90, 101),
    ("due:", 93, 90, 115, 101),
    ("104.50", 118, 90, 150, 101),
    ("EUR", 153, 90, 175, 101),
    ("Paid", 60, 105, 80, 116),  # a second line of the same block
    ("x2", 60, 162, 70, 172),  # inside the formula's box: the layer's glyphs, not LaTeX
    ("Elsewhere", 400, 500, 450, 511),  # in no block
)


def test_given_a_born_digital_page_then_text_comes_from_the_text_layer_inside_each_box() -> None:
    page = _model_page(MISREAD, layer=TEXT_LAYER)

    out = _outputs(page)

    # then the block's text is the text layer's, line by line, and the model's is gone
    assert [b.text for b in page.blocks] == ["Total due: 104.50 EUR Paid", "x^{2}", "Only in the picture."]
    for fmt in FORMATS:
        assert "Total due: 104.50 EUR Paid" in out[fmt], fmt
        assert "Tota1" not in out[fmt], fmt
    # a formula keeps the model's LaTeX; a box with no text layer keeps the model's text
    assert "x^{2}" in out["json"] and "Only in the picture." in out["json"]
    assert "Elsewhere" not in out["json"]


def test_given_force_backend_text_off_or_a_scan_then_the_models_text_stays() -> None:
    off = doctags_result(
        "smoldocling", _page(layer=TEXT_LAYER), f"<doctag>{MISREAD}</doctag>", backend_text=False
    )
    fake = TextLayer(WIDTH, HEIGHT, TEXT_LAYER.spans, invisible=100)  # another tool's OCR layer
    scan = doctags_result("smoldocling", _page(layer=fake), f"<doctag>{MISREAD}</doctag>")

    for res in (off, scan):
        assert res is not None
        assert res.blocks[0].text == "Tota1 due: 1O4.50 EUR"


def test_given_an_engine_whose_settings_turn_it_off_then_its_pages_keep_the_models_text() -> None:
    from common.core.settings import Settings
    from worker.engines.vlm.engines import DoclingEngine
    from worker.engines.vlm.runtime import Generated

    engine = DoclingEngine("granite-docling", Settings(engines={"force_backend_text": False}))
    gen = Generated(
        text=f"<doctag>{MISREAD}</doctag>", tokens=40, prompt_tokens=900, looped=False, truncated=False
    )

    res = engine.parse(_page(layer=TEXT_LAYER), gen)

    assert res is not None and res.blocks[0].text == "Tota1 due: 1O4.50 EUR"


def test_given_model_pages_and_a_cpu_fallback_page_then_one_document_in_page_order() -> None:
    # given pages 2 and 4 from the model and page 3 read by the CPU engine (a fallback)
    cpu = PageResult(
        page_no=3,
        engine="auto",
        width=WIDTH,
        height=HEIGHT,
        blocks=[Block(kind="paragraph", text="Read by OCR.", bbox=(50.0, 60.0, 300.0, 80.0))],
        fallback_from="smoldocling",
    )
    first = _model_page(TWO_COLUMNS, page_no=2)
    last = _model_page(SPANNING_TABLE, page_no=4)

    out = _outputs(first, cpu, last)

    assert _in_order(out["markdown"], "Left two.", "Read by OCR.", "Region")
    assert out["text"].split("\f")[1].strip() == "Read by OCR."
    assert out["doctags"].count("<page_break>") == 2 and _in_order(
        out["doctags"], "Right two.", "Read by OCR.", "<otsl>"
    )
    assert _in_order(out["html"], "Right two.", "Read by OCR.", "Region")
    doc = json.loads(out["json"])
    assert sorted(doc["pages"]) == ["2", "3", "4"]
    pages = {t["text"]: t["prov"][0]["page_no"] for t in doc["texts"]}
    assert (pages["Left one."], pages["Read by OCR."]) == (2, 3)
    assert doc["tables"][0]["prov"][0]["page_no"] == 4
    # CPU boxes keep their exact page units; model boxes are in page units too
    assert doc["texts"][-1]["prov"][0]["bbox"]["l"] == 50.0
    assert doc["pages"]["2"]["size"] == {"width": WIDTH, "height": HEIGHT}


def test_given_a_failed_page_between_model_pages_then_the_gap_is_kept() -> None:
    pages = [
        PageOutcome(1, _model_page(TWO_COLUMNS, page_no=1)),
        PageOutcome(2, None, "engine failed"),
        PageOutcome(3, _model_page(SPANNING_TABLE, page_no=3)),
    ]

    out = {k: v.decode() for k, v in assemble("d", pages, FORMATS).items()}

    assert "<!-- page 2: not converted (engine failed) -->" in out["markdown"]
    assert out["text"].count("\f") == 2 and out["doctags"].count("<page_break>") == 2
    assert sorted(json.loads(out["json"])["pages"]) == ["1", "3"]


def test_given_a_page_result_stored_and_read_back_then_its_document_survives() -> None:
    page = _model_page(TWO_COLUMNS + SPANNING_TABLE)

    again = PageResult.from_json(json.loads(json.dumps(page.to_json())))

    assert _outputs(again) == _outputs(page)


def test_given_the_taught_model_on_a_born_digital_page_then_its_title_is_the_text_layers(
    vlm_models: dict[str, Path],
) -> None:
    # given the tiny model taught to write "Invoice INV-2041" in the title box, and a
    # text layer that says otherwise inside that box (49..367 x 47..79 pt)
    from common.core.settings import Settings
    from worker.engines.vlm.engines import DoclingEngine

    settings = Settings(
        models={"smoldocling": {"path": str(vlm_models["smoldocling"])}},
        gpu={"max_new_tokens": 200, "max_wait_ms": 50},
    )
    engine = DoclingEngine("smoldocling", settings)
    layer = _layer(("Quote", 60, 55, 100, 68), ("Q-77", 104, 55, 140, 68))
    try:
        [res] = engine.convert([_page(image=Image.new("RGB", (612, 792), "white"), layer=layer)])
    finally:
        engine.close()

    # then the title comes from the text layer, everywhere, and the page carries its document
    assert isinstance(res, PageResult) and res.fallback_from is None
    assert re.search(r"^# Quote Q-77$", res.markdown or "", re.M)
    assert res.docling is not None
    assert [t["text"] for t in res.docling["texts"] if t["label"] == "title"] == ["Quote Q-77"]
    out = _outputs(res)
    assert "Quote Q-77" in out["json"] and "Invoice INV-2041" not in out["html"]
