"""The real-document evaluation's scorers (bench/tablescore.py) and its corpus's ground
truth (bench/realdocs): pure functions, no services, no LibreOffice."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from bench.realdocs.model import Cell, Doc, H, Item, Items, P, Table, truth
from bench.tablescore import (
    PRF,
    adjacency,
    heading_scores,
    item_scores,
    markdown_items,
    normalize,
    similarity,
    table_adjacency,
)

DOCS = Path(__file__).resolve().parents[1] / "bench" / "realdocs" / "docs"


def test_markdown_markup_is_stripped_so_text_and_markdown_compare_on_content() -> None:
    # given Markdown with a heading, emphasis, a checkbox item and a table
    md = "## Terms\n\n- [x] **Paid** in _full_\n\n| Item | Qty |\n|---|---:|\n| A-100 | 2 |\n\n1. First"
    # when it is normalized
    # then only the content is left, in order
    assert normalize(md, markdown=True) == "Terms Paid in full Item Qty A-100 2 First"


def test_underscore_runs_and_lone_asterisks_are_text_not_emphasis() -> None:
    md = "Signature: ____________________\n\nPrice * 3 and **bold** and __strong__ and _em_"
    assert (
        normalize(md, markdown=True) == "Signature: ____________________ Price * 3 and bold and strong and em"
    )


def test_list_markers_and_checkbox_glyphs_at_line_start_are_dropped_but_not_inside_text() -> None:
    text = "• one\n◦ two\n12. three\nb) four\n(iv) five\n☒six\n- seven\n2024-03-15 is -5 * 3"
    assert normalize(text) == "one two three four five six seven 2024-03-15 is -5 * 3"


def test_similarity_is_one_for_equal_content_and_drops_with_reversed_rtl_text() -> None:
    ref = "تم استلام طلبكم رقم INV-2024-0387 بنجاح."
    assert similarity("  تم استلام طلبكم\nرقم INV-2024-0387 بنجاح. ", ref) == 1.0
    # a line in visual order, character by character reversed, is far from the reference
    assert similarity(ref[::-1], ref) < 0.5
    assert similarity("# Heading\n\ntext", "Heading text", markdown=True) == 1.0


def test_adjacency_links_each_cell_to_its_nearest_non_empty_neighbour_right_and_below() -> None:
    # given a grid with a spanned header (text top-left, the rest empty) and an empty cell
    grid = [["Product", "2023", ""], ["", "Units", "Revenue"], ["Widgets", "1,200", ""]]
    rel = adjacency(grid)
    assert rel == {
        ("Product", "2023", "h"): 1,
        ("Product", "Widgets", "v"): 1,
        ("2023", "Units", "v"): 1,
        ("Units", "Revenue", "h"): 1,
        ("Units", "1,200", "v"): 1,
        ("Widgets", "1,200", "h"): 1,
    }


def test_table_adjacency_scores_a_merged_column_as_lost_relations() -> None:
    truth_grid = [["a", "b", "c"], ["1", "2", "3"]]
    # when two columns of the found table are merged into one
    found = [["a", "b c"], ["1", "2 3"]]
    score = table_adjacency([found], [truth_grid])
    # then only the first column's vertical relation survives
    assert (score.hits, score.found, score.expected) == (1, 4, 7)
    assert score.precision == pytest.approx(0.25) and score.recall == pytest.approx(1 / 7)
    perfect = table_adjacency([truth_grid], [truth_grid])
    assert perfect.f1 == 1.0
    # whitespace inside cells does not matter; None cells (pdfplumber) are empty
    assert table_adjacency([[["a ", None, " b"]]], [[["a", "", "b"]]]).f1 == 1.0


def test_prf_pools_by_adding_counts_and_has_no_recall_without_expectations() -> None:
    total = PRF(1, 2, 4) + PRF(3, 3, 4)
    assert (total.hits, total.found, total.expected) == (4, 5, 8)
    assert total.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert PRF(0, 0, 0).recall is None and PRF(0, 3, 0).precision == 0.0


def test_a_clause_number_after_a_bullet_is_the_items_marker_not_its_text() -> None:
    # given nested clauses written as bullet items that start with their number, and an
    # item that starts with a decimal figure (not a clause number: no closing point)
    md = "- 5.1. User is bound\n    - 12.3.1) Deep clause\n- 3.5 kg of flour"
    # when the items are read, then the clause numbers are markers, the figure is text
    assert markdown_items(md) == [("User is bound", None), ("Deep clause", None), ("3.5 kg of flour", None)]


def test_items_are_markdown_list_items_with_their_checkbox_state() -> None:
    md = "Question?\n\n- [ ] Yes\n- [x] No\n- Plain item\n• Paragraph with a bullet glyph\n2. Numbered"
    assert markdown_items(md) == [("Yes", False), ("No", True), ("Plain item", None), ("Numbered", None)]
    truth_items: list[dict[str, object]] = [
        {"text": "Yes", "checked": False},
        {"text": "No", "checked": False},  # found checked: wrong state
        {"text": "Plain item", "checked": None},
        {"text": "Paragraph with a bullet glyph", "checked": None},
    ]
    scores = item_scores(md, truth_items)
    assert (scores["items"].hits, scores["items"].found, scores["items"].expected) == (2, 4, 4)
    assert (scores["checkboxes"].hits, scores["checkboxes"].found, scores["checkboxes"].expected) == (1, 2, 2)


def test_headings_compare_by_text() -> None:
    md = "# Report\n\n## Results\n\nText.\n\n### Please read this."
    score = heading_scores(md, [{"level": 1, "text": "Report"}, {"level": 2, "text": "Results"}])
    assert (score.hits, score.found, score.expected) == (2, 3, 2)


def test_truth_grid_puts_spanned_text_top_left_and_reference_text_in_reading_order() -> None:
    table = Table(
        [
            [Cell("Day", rowspan=2), Cell("Morning", colspan=2)],
            [Cell("Session"), Cell("Room")],
            ["Mon", "Talk", "A"],
        ]
    )
    assert table.grid() == [["Day", "Morning", ""], ["", "Session", "Room"], ["Mon", "Talk", "A"]]
    doc = Doc(
        "d",
        "forms",
        "DejaVu Sans",
        10,
        [H(2, "Survey"), P("Pick one"), Items([Item("Yes", 0, True), Item("No", 0, False)], ("svg",)), table],
    )
    t = truth(doc)
    assert t["text"].split("\n") == [
        "Survey",
        "Pick one",
        "Yes",
        "No",
        "Day Morning",
        "Session Room",
        "Mon Talk A",
    ]
    assert [i["checked"] for i in t["items"]] == [True, False]


def test_committed_corpus_has_truth_for_every_pdf_and_its_words_are_in_the_pdf() -> None:
    # given the committed sets: every PDF has its ground truth
    kinds = {"rtl", "lists", "forms", "prose", "letters", "tables"}
    for folder, least in (("docs", 30), ("fresh", 15)):
        pdfs = sorted((DOCS.parent / folder).glob("*.pdf"))
        assert len(pdfs) >= least
        found = set()
        for pdf_path in pdfs:
            t = json.loads(pdf_path.with_suffix(".json").read_text())
            found.add(t["kind"])
            if t["rtl"]:
                continue  # a naive dump of RTL is in visual word order, glyph by glyph: no exact check
            # then the naive dump holds exactly the reference's words (in the producer's
            # order, which is not always the reading order: a table floating right comes first)
            pdf = pdfium.PdfDocument(str(pdf_path))
            dump = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
            assert sorted(normalize(dump).split()) == sorted(normalize(t["text"]).split()), t["name"]
        assert found == kinds, folder


def test_generator_html_marks_checkbox_states_and_keeps_rtl_columns_in_reading_order() -> None:
    from bench.realdocs.model import Columns, marker_text, to_html

    # given a form with drawn squares and glyph checkboxes, and an RTL two-column page
    form = Doc(
        "f",
        "forms",
        "Liberation Sans",
        11,
        [
            Items([Item("Yes", 0, True), Item("No", 0, False)], ("svg",)),
            Items([Item("Maybe", 0, True), Item("Never", 0, False)], ("glyph-x",)),
        ],
    )
    html = to_html(form)
    # then a checked square is the crossed SVG, an unchecked one the empty square, and glyphs say their state
    assert html.index("box-x.svg") < html.index("Yes") < html.index('src="box.svg"') < html.index("No")
    assert "☒&nbsp;Maybe" in html and "☐&nbsp;Never" in html
    assert [marker_text(s, 3) for s in ("1.", "a)", "(i)", "•")] == ["3.", "c)", "(iii)", "•"]
    first, second = "أولا", "ثانيا"
    rtl = Doc("r", "rtl", "Noto Naskh Arabic", 12, [Columns([P(first)], [P(second)])], rtl=True)
    # the first column is written first (LibreOffice's RTL table puts it on the right) and read first
    assert 'dir="rtl"' in to_html(rtl) and truth(rtl)["text"] == f"{first}\n{second}"
