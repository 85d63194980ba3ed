"""A table body cell's lines joined as running text's are (worker/engines/layout/
table_cells.py, cell_joins.py): a compound broken after its hyphen at a narrow column's
line end keeps the hyphen and takes no space ("non-" over "controlling interests",
written "Non-controlling" in the header; "Backscatter-to-" over "primary", a compound of
three words), where a body cell's lines used to be joined a space apart ("non-
controlling"); a syllable's hyphen goes, as a paragraph's does.
"""

from __future__ import annotations

from common.documents.results import Block
from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

SIZE = 9.0


def _span(text: str, x0: float, top: float, *, right: bool = False) -> TextSpan:
    width = 4.5 * len(text)
    if right:  # right-aligned: x0 is the right end
        x0 -= width
    return TextSpan(text, x0, top, x0 + width, top + SIZE, SIZE, False)


def _table(label: list[tuple[str, ...]], head: str = "Owners") -> list[list[str]]:
    spans = [_span("Item", 60.0, 100.0), _span(head, 330.0, 100.0, right=True)]
    spans.append(_span("Total", 420.0, 100.0, right=True))
    top = 118.0
    for k, lines in enumerate(label):
        for j, text in enumerate(lines):
            spans.append(_span(text, 60.0, top + 11.0 * j))
        spans += [_span(f"{k + 1},204", 330.0, top, right=True), _span(f"({k + 3}5)", 420.0, top, right=True)]
        top += 11.0 * len(lines) + 6.0
    blocks: list[Block] = layout_lines(spans_to_lines(spans), 612, 792)
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows is not None
    return table.rows


def test_given_a_compound_broken_in_a_body_cell_then_its_hyphen_is_kept_without_a_space() -> None:
    # when: the header writes the compound whole, a body cell breaks it after its hyphen
    rows = _table(
        [("Dividends paid",), ("Transactions with non-", "controlling interests"), ("Other changes",)],
        head="Non-controlling",
    )

    # then
    assert rows[2][0] == "Transactions with non-controlling interests"


def test_given_a_compound_of_three_words_broken_in_a_body_cell_then_it_stays_whole() -> None:
    # when
    rows = _table([("Direct path",), ("Backscatter-to-", "primary, no SIC"), ("Reflected path",)])

    # then
    assert rows[2][0] == "Backscatter-to-primary, no SIC"


def test_given_a_word_hyphenated_at_a_body_cells_line_end_then_its_syllables_join() -> None:
    # when
    rows = _table(
        [
            ("Dividends paid",),
            (
                "Compre-",
                "hensive income",
            ),
            ("Other changes",),
        ]
    )

    # then
    assert rows[2][0] == "Comprehensive income"


def test_given_a_compound_of_three_words_broken_in_a_ruled_cell_then_it_stays_whole() -> None:
    # given: a grid ruled all round, a cell's compound broken after its second hyphen
    xs, ys = (56.0, 200.0, 300.0, 400.0), (90.0, 112.0, 140.0, 162.0)
    spans = [_span("Scheme", 60.0, 96.0), _span("Gain", 204.0, 96.0), _span("Loss", 304.0, 96.0)]
    spans += [_span("Backscatter-to-", 60.0, 115.0), _span("primary", 60.0, 126.0)]
    spans += [_span("3.2", 204.0, 115.0), _span("1.1", 304.0, 115.0)]
    spans += [_span("Direct", 60.0, 146.0), _span("2.9", 204.0, 146.0), _span("0.8", 304.0, 146.0)]
    rules = [(xs[0], y - 0.25, xs[-1], y + 0.25) for y in ys]
    rules += [(x - 0.25, ys[0], x + 0.25, ys[-1]) for x in xs]

    # when
    [table] = [b for b in layout_lines(spans_to_lines(spans), 612, 792, rules=rules) if b.kind == "table"]

    # then
    assert table.rows is not None and table.rows[1][0] == "Backscatter-to-primary"


def test_given_a_label_of_two_tight_lines_round_its_figures_then_its_compound_stays_whole() -> None:
    # given: a statement's row label on two lines set close, the row's figures centred
    # between them (the label's two lines and the figures come as one line of the row)
    spans = [_span("Item", 60.0, 100.0), _span("Non-controlling", 330.0, 100.0, right=True)]
    spans.append(_span("Total", 420.0, 100.0, right=True))
    rows = [("Dividends paid", "1,204", "(35)"), ("Other changes", "2,204", "(45)")]
    top = 118.0
    for label, a, b in rows:
        spans += [_span(label, 60.0, top), _span(a, 330.0, top, right=True), _span(b, 420.0, top, right=True)]
        top += 15.0
    spans.append(_span("Transactions with non-", 60.0, top))
    spans.append(_span("controlling interests", 60.0, top + SIZE + 0.3))
    spans += [_span("842", 330.0, top + 4.5, right=True), _span("(1,048)", 420.0, top + 4.5, right=True)]
    spans += [_span("Closing balance", 60.0, top + 26.0), _span("3,204", 330.0, top + 26.0, right=True)]
    spans.append(_span("(55)", 420.0, top + 26.0, right=True))

    # when
    [table] = [b for b in layout_lines(spans_to_lines(spans), 612, 792) if b.kind == "table"]

    # then
    assert table.rows is not None
    assert ["Transactions with non-controlling interests", "842", "(1,048)"] in table.rows
