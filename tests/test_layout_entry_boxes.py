"""A ruled grid of entry boxes (worker/engines/layout/boxed_forms.py): a payment voucher
draws its fields as boxes, each with a small label against its top edge and a blank
area under it to write in. It was read as a table pairing the labels across rows
("Name | Social Security Number"). A ruled data table, and a grid of labels beside the
boxes they name, stay tables."""

from __future__ import annotations

from common.documents.results import Word
from worker.engines.layout.model import LayoutLine
from worker.engines.layout.page import layout_lines

Rect = tuple[float, float, float, float]


def _line(text: str, x0: float, top: float, size: float = 9.0) -> LayoutLine:
    char = 0.55 * size
    words: list[Word] = []
    x = x0
    for w in text.split():
        words.append(Word(text=w, bbox=(x, top, x + char * len(w), top + size)))
        x += char * (len(w) + 1)
    return LayoutLine(text=text, bbox=(x0, top, words[-1].bbox[2], top + size), size=size, words=words)


def _grid(xs: list[float], ys: list[float]) -> list[Rect]:
    """Rules of a full grid: a horizontal rule at each y, a vertical one at each x."""
    hs = [(xs[0], y - 0.3, xs[-1], y + 0.3) for y in ys]
    vs = [(x - 0.3, ys[0], x + 0.3, ys[-1]) for x in xs]
    return hs + vs


def _voucher() -> tuple[list[LayoutLine], list[Rect]]:
    """A voucher's fields over a line of text: four rows of boxes 22 pt tall, 7 pt
    labels 1 pt under each box's top, the rest of the box blank."""
    ys = [100.0, 122.0, 144.0, 166.0, 188.0]
    rules = _grid([50.0, 350.0, 550.0], ys)
    labels = [
        ("Name", "Social Security Number"),
        ("Spouse's Name", "Spouse's Social Security Number"),
        ("Address", "Telephone Number"),
        ("City, State and ZIP Code", "Amount of Payment"),
    ]
    lines = [_line("Form X-1V Payment Voucher", 50, 80, 12.0)]
    for (left, right), top in zip(labels, ys, strict=False):
        lines += [_line(left, 52, top + 1, 7.0), _line(right, 352, top + 1, 7.0)]
    lines.append(_line("Make check or money order payable to the State Treasurer.", 50, 200))
    return lines, rules


def test_given_a_grid_of_labelled_entry_boxes_then_it_is_read_as_form_text_not_a_table() -> None:
    # given
    lines, rules = _voucher()

    # when
    blocks = layout_lines(lines, 600.0, 800.0, rules=rules)

    # then: no table; each label is read once, row by row, left to right
    assert [b.kind for b in blocks if b.kind == "table"] == []
    text = " ".join(b.text for b in blocks)
    assert text.index("Name") < text.index("Social Security Number") < text.index("Spouse's Name")
    assert text.index("City, State and ZIP Code") < text.index("Amount of Payment")
    assert text.count("Address") == 1


def test_given_a_ruled_table_of_short_cells_then_it_stays_a_table() -> None:
    # given: a ruled data table, each row as tall as its text and some padding
    ys = [100.0, 114.0, 128.0, 142.0, 156.0]
    rules = _grid([50.0, 250.0, 400.0, 550.0], ys)
    rows = [("Item", "Quantity", "Amount"), ("Rail fares", "2", "148.60"), ("Hotel", "1", "236.00")]
    rows.append(("Meals", "5", "71.45"))
    lines = [
        _line(text, x + 3, top + 2.5)
        for row, top in zip(rows, ys, strict=False)
        for text, x in zip(row, (50.0, 250.0, 400.0), strict=True)
    ]

    # when
    blocks = layout_lines(lines, 600.0, 800.0, rules=rules)

    # then
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows is not None and tables[0].rows[1] == ["Rail fares", "2", "148.60"]


def test_given_short_cells_beside_a_cell_of_many_lines_then_the_grid_stays_a_table() -> None:
    # given: a ruled table whose rows are tall because one cell's text wraps onto four
    # lines: the short cells beside it have blank room under them, but the row is full
    ys = [100.0, 114.0, 160.0, 206.0]
    rules = _grid([50.0, 200.0, 350.0, 550.0], ys)
    lines = [_line("Bidder", 53, 102.5), _line("Item", 203, 102.5), _line("Description", 353, 102.5)]
    for top, (bidder, item) in zip(ys[1:3], (("Acme Ltd", "Chairs"), ("Bolt Inc", "Desks")), strict=True):
        lines += [_line(bidder, 53, top + 2.5), _line(item, 203, top + 2.5)]
        lines += [_line(f"line {k} of the terms of this bid", 353, top + 2.5 + 10.5 * k) for k in range(4)]

    # when
    blocks = layout_lines(lines, 600.0, 800.0, rules=rules)

    # then
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows is not None and tables[0].rows[1][:2] == ["Acme Ltd", "Chairs"]


def test_given_numbered_entry_boxes_at_the_page_foot_then_their_labels_are_no_footnotes() -> None:
    # given: a voucher at the foot of a page of body text, its small labels numbered as
    # the form's lines are ("4 Your first name"): at the foot, small and numbered, as
    # a footnote is
    ys = [600.0, 622.0, 644.0, 666.0]
    rules = _grid([50.0, 300.0, 550.0], ys)
    lines = [
        _line(f"Body text of the page, line {k}, set in the page's own print.", 50, 100 + 12 * k)
        for k in range(8)
    ]
    labels = [
        ("1 Your social security number", "2 Amount you are paying"),
        ("3 Your first name", "Last name"),
    ]
    labels.append(("4 Home address", "Apt. no."))
    for (left, right), top in zip(labels, ys, strict=False):
        lines += [_line(left, 52, top + 1, 7.0), _line(right, 302, top + 1, 7.0)]

    # when
    blocks = layout_lines(lines, 600.0, 800.0, rules=rules)

    # then: read row by row, each number with its row, none of them a footnote
    texts = [b.text for b in blocks]
    assert [b.kind for b in blocks if b.kind in ("table", "footnote")] == []
    assert texts.index("3 Your first name") < texts.index("Last name") < texts.index("4 Home address")


def test_given_numbered_lines_beside_blank_amount_boxes_then_they_are_form_lines_not_a_table() -> None:
    # given: a computation form drawn as a grid: each numbered line's label, a "$"
    # printed before its amount box, the boxes blank; a last row of period headings
    ys = [100.0 + 16 * k for k in range(7)]
    rules = _grid([50.0, 380.0, 400.0, 470.0, 550.0], ys)
    labels = ["1 Tax liability from your return", "2 Multiply line 1 by 90%", "3 Last year's tax liability"]
    labels += ["4 Minimum payment required", "5 Multiply line 4 by 25%"]
    lines = [_line(text, 53, top + 3.5) for text, top in zip(labels, ys, strict=False)]
    lines += [_line("$", 383, top + 3.5) for top in ys[:5]]
    lines += [_line("1st Period", 403, ys[5] + 3.5), _line("2nd Period", 473, ys[5] + 3.5)]

    # when
    blocks = layout_lines(lines, 600.0, 800.0, rules=rules)

    # then: no table; the lines read in order, each "$" after its line
    assert [b.kind for b in blocks if b.kind == "table"] == []
    texts = [b.text for b in blocks]
    assert texts.index(labels[0]) < texts.index("$") < texts.index(labels[1]) < texts.index(labels[4])


def test_given_a_ruled_statement_with_section_heads_then_it_stays_a_table() -> None:
    # given: two of six rows are section heads with nothing beside them
    ys = [100.0 + 14 * k for k in range(7)]
    rules = _grid([50.0, 300.0, 400.0, 500.0], ys)
    rows = [
        ("", "2024", "2023"),
        ("Assets", "", ""),
        ("Cash", "1,204", "1,130"),
        ("Receivables", "880", "912"),
    ]
    rows += [("Liabilities", "", ""), ("Payables", "640", "602")]
    lines = [
        _line(text, x + 3, top + 2.5)
        for row, top in zip(rows, ys, strict=False)
        for text, x in zip(row, (50.0, 300.0, 400.0), strict=True)
        if text
    ]

    # when
    blocks = layout_lines(lines, 600.0, 800.0, rules=rules)

    # then
    assert [b.kind for b in blocks].count("table") == 1
