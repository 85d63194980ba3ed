"""Currency signs set apart before amounts (worker/engines/layout/cover.py, table_cuts.py):
a financial statement prints "¥" a little left of the first and last rows' amounts, each
sign a line of its own. The gap between sign and amount was read as a gutter, and the
table got a column of signs beside every column of figures (19 columns for 9); the sign
belongs to the amount's cell."""

from __future__ import annotations

from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

SIZE = 8.0
DIGIT = 4.4  # a figure's width

ROWS = [
    ("Balance at start of year", ("1,204,500", "88,310", "1,292,810")),
    ("Net profit", ("96,020", "4,100", "100,120")),
    ("Dividends paid", ("(41,800)", "(2,050)", "(43,850)")),
    ("Share buy-back", ("(7,315)", "", "(7,315)")),
    ("Balance at end of year", ("1,251,405", "90,360", "1,341,765")),
]
RIGHTS = (300.0, 380.0, 460.0)  # the columns' right edges: figures right-aligned


def _spans(sign: str) -> list[TextSpan]:
    # given: the header, then rows of right-aligned figures; the first and last rows
    # with ``sign`` set 10 pt left of each amount (the widest amount's left edge further)
    def span(text: str, x0: float, top: float, x1: float) -> TextSpan:
        return TextSpan(text, x0, top, x1, top + SIZE, SIZE, False, False)

    out = [span("Owners", 260.0, 100.0, 300.0), span("Minority", 336.0, 100.0, 380.0)]
    out.append(span("Total", 432.0, 100.0, 460.0))
    for r, (label, figures) in enumerate(ROWS):
        top = 116.0 + 14.0 * r
        out.append(span(label, 60.0, top, 60.0 + 4.2 * len(label)))
        for right, fig in zip(RIGHTS, figures, strict=True):
            if not fig:
                continue
            x0 = right - DIGIT * len(fig)
            out.append(span(fig, x0, top, right))
            if r in (0, len(ROWS) - 1):
                out.append(span(sign, x0 - 10.0 - 3.6, top, x0 - 10.0))
    return out


def test_given_yen_signs_set_apart_then_each_goes_with_its_amount() -> None:
    # when
    blocks = layout_lines(spans_to_lines(_spans("¥")), 612, 792)

    # then: four columns, the sign in its amount's cell
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows is not None
    assert [len(row) for row in table.rows] == [4] * 6
    assert table.rows[1] == ["Balance at start of year", "¥ 1,204,500", "¥ 88,310", "¥ 1,292,810"]
    assert table.rows[5] == ["Balance at end of year", "¥ 1,251,405", "¥ 90,360", "¥ 1,341,765"]
    assert table.rows[4] == ["Share buy-back", "(7,315)", "", "(7,315)"]
