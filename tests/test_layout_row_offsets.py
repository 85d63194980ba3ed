"""An unruled table whose rows' cells stand off one baseline (worker/engines/layout/
row_offsets.py): a report's table sets a row's figures half a line below its label (one
figure left level with it), or centres one line of figures on a label of two lines. The
page's rows of lines made two or three table rows of each: a label over empty cells,
figures beside an empty label. The parts overlap by more than a quarter of a line and
fill different columns: one row.
"""

from __future__ import annotations

from common.documents.results import Block
from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

SIZE = 8.0
HEIGHT = 9.7  # a line's box
RIGHTS = (250.0, 300.0, 350.0, 400.0)  # the figures' columns, right-aligned


def _span(text: str, x0: float, top: float, *, right: bool = False) -> TextSpan:
    width = 4.4 * len(text)
    if right:
        x0 -= width
    return TextSpan(text, x0, top, x0 + width, top + HEIGHT, SIZE, False)


def _figures(top: float, figures: list[str], skip: int = -1) -> list[TextSpan]:
    return [
        _span(f, right, top, right=True)
        for k, (f, right) in enumerate(zip(figures, RIGHTS, strict=True))
        if k != skip
    ]


def _table(rows: list[list[TextSpan]]) -> list[list[str]]:
    head = [_span("No.", 72.0, 100.0), _span("Items", 110.0, 100.0)]
    head += [
        _span(y, r, 100.0, right=True) for y, r in zip(("2021", "2022", "2023", "2024"), RIGHTS, strict=True)
    ]
    spans = head + [s for row in rows for s in row]
    [table] = [
        b for b in layout_lines(spans_to_lines(spans), 612, 792) if isinstance(b, Block) and b.kind == "table"
    ]
    return table.rows or []


def test_given_figures_set_half_a_line_below_their_labels_then_each_label_and_its_figures_are_one_row() -> (
    None
):
    # given: each row's label (and its third figure) a line, the other figures 6 pt lower
    rows = []
    for k, (label, figs) in enumerate(
        [
            ("Brent Crude (US$/bbl)", ["64.03", "42.30", "80.70", "73.00"]),
            ("Gold (US$/oz)", ["1,393", "1,770", "2,388", "2,325"]),
            ("Cocoa Beans (Mt)", ["2,341", "2,370", "7,330", "6,000"]),
        ]
    ):
        top = 124.0 + 24.0 * k
        rows.append(
            [
                _span(str(k + 1), 76.0, top),
                _span(label, 110.0, top),
                _span(figs[2], RIGHTS[2], top, right=True),
                *_figures(top + 6.0, figs, skip=2),
            ]
        )

    # when
    table = _table(rows)

    # then
    assert table == [
        ["No.", "Items", "2021", "2022", "2023", "2024"],
        ["1", "Brent Crude (US$/bbl)", "64.03", "42.30", "80.70", "73.00"],
        ["2", "Gold (US$/oz)", "1,393", "1,770", "2,388", "2,325"],
        ["3", "Cocoa Beans (Mt)", "2,341", "2,370", "7,330", "6,000"],
    ]


def test_given_a_two_line_label_centred_against_one_line_of_figures_then_it_is_one_row() -> None:
    # given: rows at a 20 pt pitch; the second row's label on two lines 6 pt apart,
    # its figures (and number) centred between them
    rows = [
        [
            _span("1", 76.0, 124.0),
            _span("World", 110.0, 124.0),
            *_figures(124.0, ["3.5", "3.2", "4.7", "8.7"]),
        ],
        [
            _span("Emerging Markets &", 110.0, 144.0),
            _span("2", 76.0, 150.0),
            *_figures(150.0, ["5.1", "5.1", "5.9", "9.8"]),
            _span("Developing Economies", 110.0, 156.0),
        ],
        [
            _span("3", 76.0, 178.0),
            _span("ECOWAS", 110.0, 178.0),
            *_figures(178.0, ["8.1", "10.2", "12.7", "17"]),
        ],
    ]

    # when
    table = _table(rows)

    # then
    assert table == [
        ["No.", "Items", "2021", "2022", "2023", "2024"],
        ["1", "World", "3.5", "3.2", "4.7", "8.7"],
        ["2", "Emerging Markets & Developing Economies", "5.1", "5.1", "5.9", "9.8"],
        ["3", "ECOWAS", "8.1", "10.2", "12.7", "17"],
    ]
