"""Label/value rows whose values run on over several lines, or that stand at the text's
leading keyed by "Label:" (layout/label_values.py): each label is read with its value,
not all the labels and then all the values."""

from __future__ import annotations

from common.documents.results import Word
from worker.engines.layout import LayoutLine, layout_lines

SIZE = 12.0
CHAR = 6.0  # points per character at 12 pt
LEAD = 14.0  # baseline to baseline: the text's leading


def _line(text: str, x0: float, top: float) -> LayoutLine:
    words: list[Word] = []
    x = x0
    for w in text.split(" "):
        words.append(Word(text=w, bbox=(x, top, x + CHAR * len(w), top + SIZE)))
        x += CHAR * (len(w) + 1)
    box = (x0, top, x0 + CHAR * len(text), top + SIZE)
    return LayoutLine(text=text, bbox=box, size=SIZE, words=words)


def _paragraph(top: float, n: int = 3) -> list[LayoutLine]:
    text = "The meeting will consider the appointment of a committee of creditors here"
    return [_line(text, 72.0, top + LEAD * i) for i in range(n)]


def _joined(lines: list[LayoutLine]) -> str:
    return "\n".join(b.text for b in layout_lines(lines, 612.0, 792.0) if b.text)


def test_given_keyed_rows_with_an_address_value_then_each_label_is_read_with_its_value() -> None:
    # given: "Date:" and "Location:" at the text's leading, the location's value an
    # address of three lines, between paragraphs
    lines = _paragraph(100.0)
    lines += [_line("Date:", 144.0, 160.0), _line("Friday, March 13 at 2:00 p.m.", 216.0, 160.0)]
    lines += [_line("Location:", 144.0, 181.0), _line("Office of the Trustee", 216.0, 181.0)]
    lines += [_line("One Center, 21st Floor, Room 6", 216.0, 195.0)]
    lines += [_line("Newark, NJ 07102", 216.0, 209.0)]
    lines += _paragraph(240.0)

    # when
    text = _joined(lines)

    # then
    assert "Date: Friday, March 13 at 2:00 p.m." in text
    assert "Location: Office of the Trustee" in text
    assert text.index("Location:") < text.index("Newark, NJ 07102")


def test_given_a_caption_with_case_lines_under_the_first_value_then_rows_are_read_in_turn() -> None:
    # given: a court caption, "In Re:" beside the debtor's name and the case lines under
    # it, then a blank, then "Debtor(s)" beside the chapter
    lines = [_line("In Re:", 72.0, 40.0), _line("Example Holdings, LLC, et al.", 144.0, 40.0)]
    lines += [_line("Case No.: 09-13654 (JHW)", 144.0, 54.0)]
    lines += [_line("See Exhibit A for List of Debtors", 180.0, 68.0)]
    lines += [_line("Debtor(s)", 72.0, 96.0), _line("Chapter 11", 252.0, 96.0)]
    lines += _paragraph(140.0)

    # when
    text = _joined(lines)

    # then
    assert "In Re: Example Holdings" in text
    assert "Debtor(s) Chapter 11" in text
    assert text.index("See Exhibit") < text.index("Debtor(s)")


def test_given_cc_rows_at_the_leading_then_each_party_keeps_its_name() -> None:
    # given: "cc:" and its two keyed rows at the text's leading, the names in a column
    lines = _paragraph(600.0)
    lines += [_line("Dated: March 9, 2009", 72.0, 684.0)]
    lines += [_line("cc:", 72.0, 712.0), _line("Counsel for Debtor(s):", 108.0, 712.0)]
    lines += [_line("Charles Example, Esq.", 252.0, 712.0)]
    lines += [_line("Case Attorney:", 108.0, 726.0), _line("Jeffrey Sample, Esq.", 252.0, 726.0)]

    # when
    text = _joined(lines)

    # then
    assert "Counsel for Debtor(s): Charles Example, Esq." in text
    assert "Case Attorney: Jeffrey Sample, Esq." in text


def test_given_label_amount_rows_apart_with_a_blank_label_then_they_make_a_table() -> None:
    # given: a premium box's rows 25 pt apart, labels left and "$ amount" right, one row
    # with its amount only and some amounts left blank ("$")
    rows = [
        ("BUSINESSOWNERS COVERAGE PART", "$ 5,883.00"),
        ("INLAND MARINE COVERAGE PART", "$"),
        ("OTHER", "$"),
        ("", "$"),
        ("TRIA PREMIUM", "$ 59.00"),
        ("TOTAL", "$ 5,942.00"),
    ]
    lines = _paragraph(300.0, 2)
    top = 360.0
    for label, value in rows:
        if label:
            lines.append(_line(label, 72.0, top))
        lines.append(_line(value, 444.0, top))
        top += 25.0

    # when
    blocks = layout_lines(lines, 612.0, 792.0)

    # then
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows is not None
    cells = [[c.strip() for c in row] for row in tables[0].rows]
    assert ["TRIA PREMIUM", "$ 59.00"] in cells
    assert ["", "$"] in cells


def test_given_two_addresses_side_by_side_at_the_leading_then_each_is_read_whole() -> None:
    # given: two address blocks side by side, unkeyed lines at the text's leading
    lines = _paragraph(100.0)
    left = ["Bill To:", "Example Corp", "1 Main Street", "Springfield"]
    right = ["Ship To:", "Sample Inc", "2 High Road", "Shelbyville"]
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        lines += [_line(a, 72.0, 160.0 + LEAD * i), _line(b, 330.0, 160.0 + LEAD * i)]

    # when
    text = _joined(lines)

    # then: the left address whole before the right one
    assert text.index("Springfield") < text.index("Sample Inc")


def _invoice_head() -> list[LayoutLine]:
    # An invoice's reference rows at the text's leading (unkeyed labels, dates and codes
    # for values) and its sales contact's block beside them at a pitch of its own.
    rows = [
        ("Invoice date", "16/11/2017"),
        ("Payment terms", "On receipt"),
        ("Due date", "16/11/2017"),
        ("Your reference", "PO445"),
        ("Related invoice", "FA-2017-0010"),
        ("Customer VAT no", "FR19787878784"),
    ]
    lines: list[LayoutLine] = []
    for i, (label, value) in enumerate(rows):
        lines += [_line(label, 34.0, 222.0 + 20.0 * i), _line(value, 155.0, 222.0 + 20.0 * i)]
    contact = ["Sales contact", "Tony Example", "+33 4 72 07 08 56", "+33 6 11 22 33 44", "tony@example.fr"]
    lines += [_line(contact[0], 326.0, 222.0), _line(contact[1], 326.0, 242.0)]
    lines += [_line(t, 326.0, 255.5 + 13.5 * i) for i, t in enumerate(contact[2:])]
    return lines


def test_given_reference_rows_beside_a_contact_block_then_each_label_keeps_its_value() -> None:
    # given
    lines = [*_paragraph(150.0, 2), *_invoice_head(), *_paragraph(360.0, 2)]

    # when
    blocks = layout_lines(lines, 612.0, 792.0)
    text = "\n".join(b.text for b in blocks if b.text)

    # then: every label with its value, no grid made of the rows and the block
    for pair in ("Invoice date 16/11/2017", "Due date 16/11/2017", "Your reference PO445"):
        assert pair in text
    assert "Related invoice FA-2017-0010" in text
    assert not [b for b in blocks if b.kind == "table"]
    assert text.index("+33 4 72") < text.index("tony@example.fr")


def test_given_a_three_column_table_with_rows_apart_then_it_stays_one_table() -> None:
    # given: a table's rows a blank line apart, a cell level with every row in each
    # column (the third column's text at one edge)
    lines = _paragraph(150.0, 2)
    for i, (a, b, c) in enumerate(
        [("Widget", "12", "Blue steel"), ("Gadget", "7", "Red brass"), ("Gizmo", "3", "Tin")]
    ):
        top = 220.0 + 25.0 * i
        lines += [_line(a, 72.0, top), _line(b, 200.0, top), _line(c, 330.0, top)]

    # when
    text = _joined(lines)

    # then: rows read across, as before
    assert text.index("Blue steel") < text.index("Gadget")
