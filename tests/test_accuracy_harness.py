"""The accuracy harness's own parts: the generated corpus and its metrics."""

from __future__ import annotations

import pypdfium2 as pdfium

from bench.accuracy import cer_wer, table_cells
from bench.corpus import contract, corpus, invoice
from worker.engines.base import PageInput
from worker.engines.pdf_text import PdfTextEngine
from worker.engines.textlayer import extract_text_layer


def test_the_corpus_is_deterministic_and_covers_every_page_kind() -> None:
    first, again = list(corpus(1)), list(corpus(1))
    assert [d.pdf for d in first] == [d.pdf for d in again]
    kinds = {p.kind for d in first for p in d.pages}
    assert kinds == {"invoice", "contract", "contract-2col", "table"}


def test_ground_truth_is_what_the_pdf_says_in_reading_order() -> None:
    # the text layer engine is exact on born-digital pages, so it checks the truth
    doc = contract(3)
    pdf = pdfium.PdfDocument(doc.pdf)
    for index, truth in enumerate(doc.pages):
        layer = extract_text_layer(pdf[index])
        (res,) = PdfTextEngine().convert([PageInput(index + 1, layer.width, layer.height, text_layer=layer)])
        char_errors, chars, _, _ = cer_wer(truth.text, res.text or "")
        assert chars > 500 and char_errors == 0, truth.kind


def test_metrics_count_order_and_cells() -> None:
    assert cer_wer("alpha beta", "alpha  beta") == (0, 10, 0, 2)
    assert cer_wer("alpha beta", "beta alpha")[2] == 2  # reading order counts
    rows = invoice(1).pages[0].tables
    assert table_cells(rows, rows) == (sum(len(r) for r in rows[0]),) * 2
    # a table read one column off scores only where neighbours happen to be equal (qty 1)
    shifted = [[r[1:] for r in rows[0]]]
    hits, total = table_cells(rows, shifted)
    assert hits < total / 4
