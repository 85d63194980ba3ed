"""Running headers and footers that only the whole document shows (common/documents/
furniture.py): the same words in the same margin on several pages are furniture in every
format the document is assembled into."""

from __future__ import annotations

import json

from common.documents.assemble import PageOutcome, assemble
from common.documents.results import Block, Line, PageResult

W, H = 595.0, 842.0


def _block(kind: str, text: str, top: float) -> Block:
    box = (57.0, top, 400.0, top + 12.0)
    return Block(kind=kind, text=text, bbox=box, lines=[Line(text=text, bbox=box)])  # type: ignore[arg-type]


def _page(no: int, *, header: str, middle: str = "", footer: str = "") -> PageOutcome:
    """A page of body text with ``header`` in its top margin (body size, so the page's own
    layout left it a paragraph), ``middle`` half way down and ``footer`` in its bottom margin."""
    blocks = [_block("paragraph", header, 40.0), _block("paragraph", f"Body text of page {no}.", 120.0)]
    if middle:
        blocks.append(_block("paragraph", middle, 400.0))
    if footer:
        blocks.append(_block("paragraph", footer, 800.0))
    return PageOutcome(no, PageResult(page_no=no, engine="pdf-text", width=W, height=H, blocks=blocks))


def test_given_the_same_header_on_every_page_then_no_format_reads_it_as_text() -> None:
    # given: three pages with a body-size running header and a numbered footer
    pages = [
        _page(n, header="Company Confidential", footer=f"Quarterly review - {n} of 3") for n in (1, 2, 3)
    ]

    # when
    out = assemble("doc.pdf", pages, ["markdown", "text", "doctags", "json"])

    # then: the Markdown and the text hold the body only
    for fmt in ("markdown", "text"):
        text = out[fmt].decode()
        assert "Company Confidential" not in text and "Quarterly review" not in text
        assert all(f"Body text of page {n}." in text for n in (1, 2, 3))
    # and the DocTags and the JSON keep them as the page's furniture
    assert out["doctags"].decode().count("<page_header>") == 3
    doc = json.loads(out["json"])
    furniture = [t for t in doc["texts"] if t.get("content_layer") == "furniture"]
    assert {t["label"] for t in furniture} == {"page_header", "page_footer"} and len(furniture) == 6


def test_given_words_repeated_mid_page_or_on_one_page_only_then_they_stay_text() -> None:
    # given: a line repeated half way down two pages, and headers that differ page by page
    pages = [
        _page(1, header="Introduction", middle="See the notes at the end."),
        _page(2, header="Method and data", middle="See the notes at the end."),
    ]

    # when
    text = assemble("doc.pdf", pages, ["text"])["text"].decode()

    # then: everything is text
    assert text.count("See the notes at the end.") == 2
    assert "Introduction" in text and "Method and data" in text


def test_given_a_single_page_then_its_top_line_stays_text() -> None:
    # given: one page: nothing repeats, so nothing tells a header from a first line
    pages = [_page(1, header="Company Confidential")]

    # when
    text = assemble("doc.pdf", pages, ["text"])["text"].decode()

    # then
    assert text.startswith("Company Confidential")
