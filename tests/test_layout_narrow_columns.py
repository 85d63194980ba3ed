"""Two narrow columns of right-aligned figures side by side (worker/engines/layout/
table_cuts.py, table_rows.figure_rights / flush_split): an invoice's "Tax %" and "Line
Amount" columns, each header set flush right over its figures, the second header a word
space after the first ("Tax % Line Amount Excl. Tax" reads as one line). The header closed the
gutter between the two columns, so their figures shared one cell ("7 240.00"); the
boundary runs where the left column's figures end, and the header's words are cut there.
Also a header of two lines over some columns ("Ship" over "Date", "Unit Price" over
"Gross") with the other headers level with its second line: one header row."""

from __future__ import annotations

from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

SIZE = 9.0
W = 4.5  # a character's width


def _left(text: str, x0: float, top: float) -> TextSpan:
    return TextSpan(text, x0, top, x0 + W * len(text), top + SIZE, SIZE, False, False)


def _right(text: str, x1: float, top: float) -> TextSpan:
    return TextSpan(text, x1 - W * len(text), top, x1, top + SIZE, SIZE, False, False)


def _words(text: str, x0: float, top: float) -> list[TextSpan]:
    """A line of words a word space (about a quarter em) apart."""
    out = []
    for word in text.split():
        out.append(_left(word, x0, top))
        x0 += W * len(word) + 2.2
    return out


def _invoice() -> list[TextSpan]:
    # Columns: item (left 60), description (left 110), ship date (left 230), quantity
    # (right 330), unit price (right 410), tax % (right 470), net amount (right 560).
    spans = [_left("Ship", 230.0, 100.0), *_words("Unit Price", 410.0 - W * 9 - 2.2, 100.0)]
    spans += [_left("Item", 60.0, 110.0), _left("Description", 110.0, 110.0), _left("Date", 230.0, 110.0)]
    spans += [_right("Quantity", 330.0, 110.0), _right("Gross", 410.0, 110.0)]
    # "Tax %" ends at 470, "Line Amount Excl. Tax" a word space after it, ending at 560
    # (reaching left over the gutter between the two columns' figures).
    spans += _words("Tax % Line Amount Excl. Tax", 470.0 - W * 4 - 2.2, 110.0)
    rows = [
        ("A-100", "Oak desk, walnut", "03/02/26", "2 Each", "120.00", "7", "240.00"),
        ("B-220", "Lamp, brass", "03/02/26", "4 Each", "35.50", "19", "142.00"),
    ]
    top = 128.0
    for item, desc, date, qty, price, tax, amount in rows:
        spans += [_left(item, 60.0, top), *_words(desc, 110.0, top), _left(date, 230.0, top)]
        spans += [*_words(qty, 330.0 - W * len(qty.replace(" ", "")) - 2.2, top)]
        spans += [_right(price, 410.0, top), _right(tax, 470.0, top), _right(amount, 560.0, top)]
        top += 14.0
    for label, amount in (("Subtotal", "382.00"), ("Tax", "43.78"), ("Total Due", "425.78")):
        spans += [*_words(label, 340.0, top + 8.0), _right(amount, 560.0, top + 8.0)]
        top += 14.0
    return spans


def test_given_two_right_aligned_figure_columns_an_em_apart_then_they_stay_two_columns() -> None:
    # given: an invoice whose "Tax %" and "Net Amount" headers run a word space apart
    spans = _invoice()

    # when
    blocks = layout_lines(spans_to_lines(spans), 612, 792)

    # then: the tax rates and the amounts are columns of their own, headers included
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows[1] == ["A-100", "Oak desk, walnut", "03/02/26", "2 Each", "120.00", "7", "240.00"]
    assert table.rows[2] == ["B-220", "Lamp, brass", "03/02/26", "4 Each", "35.50", "19", "142.00"]
    assert table.rows[0][-2:] == ["Tax %", "Line Amount Excl. Tax"]


def test_given_a_header_of_two_lines_over_some_columns_then_it_is_one_header_row() -> None:
    # given: "Ship" over "Date" and "Unit Price" over "Gross", the other headers level
    # with the second line
    spans = _invoice()

    # when
    blocks = layout_lines(spans_to_lines(spans), 612, 792)

    # then
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows[0][:5] == ["Item", "Description", "Ship Date", "Quantity", "Unit Price Gross"]
