"""Side-by-side cells read row by row (layout/columns.py read_as_columns): a grid of
checkbox options set after their labels, and fields over their captions in parentheses,
are read across, as the form sets them, not column by column."""

from __future__ import annotations

from tests.layout_lines import centred_line as _centred
from tests.layout_lines import form_line as _line
from tests.layout_lines import positions as _order
from tests.layout_lines import read_lines


def test_given_a_grid_of_options_with_boxes_after_labels_then_rows_are_read_across() -> None:
    # given: a full-width question, then its options two a row, each box after its label
    lines = [
        _line("Indicate by check mark whether the registrant is a large accelerated filer, an", 50, 80),
        _line("accelerated filer, a non-accelerated filer, a smaller reporting company.", 50, 91),
        _line("Large accelerated filer ☒", 50, 120),
        _line("Accelerated filer ☐", 330, 120),
        _line("Non-accelerated filer ☐", 50, 133),
        _line("Smaller reporting company ☐", 330, 133),
        _line("Emerging growth company ☐", 50, 146),
    ]

    # when
    text = read_lines(lines)

    # then: the options in the order of the rows
    labels = ["Large accelerated", "☐ Accelerated", "Non-accelerated", "Smaller", "Emerging"]
    order = _order(text, labels)
    assert order == sorted(order), text


def test_given_fields_over_their_captions_in_parentheses_then_the_captions_row_follows_the_values() -> None:
    # given: two fields side by side, each over its caption in parentheses
    lines = [
        _line("ACME CORPORATION", 200, 60),
        _line("WASHINGTON", 120, 100),
        _line("91-1144442", 380, 100),
        _line("(STATE OF INCORPORATION)", 90, 110),
        _line("(I.R.S. ID)", 385, 110),
        _line("ONE MICROSOFT WAY, REDMOND, WASHINGTON 98052-6399", 150, 140),
    ]

    # when
    text = read_lines(lines)

    # then: values, then captions, each row read across
    order = _order(text, ["WASHINGTON", "91-1144442", "(STATE OF", "(I.R.S. ID)"])
    assert order == sorted(order), text


def test_given_a_label_over_its_value_side_by_side_then_each_pair_is_read_together() -> None:
    # given: two labels with a colon, each over its value (no captions in parentheses)
    lines = [
        _line("Invoice Date:", 60, 100),
        _line("Due Date:", 380, 100),
        _line("03/04/2023", 60, 110),
        _line("04/04/2023", 380, 110),
    ]

    # when
    text = read_lines(lines)

    # then: read column by column, as before
    order = _order(text, ["Invoice Date:", "03/04/2023", "Due Date:", "04/04/2023"])
    assert order == sorted(order), text


def test_given_two_signature_blocks_side_by_side_with_room_to_sign_then_each_block_is_read_whole() -> None:
    # given: a list, then two signature blocks side by side, each a role over a name,
    # with the blank left to sign between the roles' row and the names' row
    lines = [
        _line("The council takes note of the memos listed below in the order received.", 60, 80),
        _line("the clerk,", 120, 130),
        _line("the chair,", 380, 130),
        _line("drs. A.B. Clerkson", 120, 175),
        _line("drs. C. Chairman", 380, 175),
    ]

    # when
    text = read_lines(lines)

    # then: each block whole, the left one first
    order = _order(text, ["the clerk,", "drs. A.B. Clerkson", "the chair,", "drs. C. Chairman"])
    assert order == sorted(order), text


def test_given_form_rows_side_by_side_a_blank_line_apart_then_they_are_read_row_by_row() -> None:
    # given: two rows of "Label: value" fields, a blank line apart
    lines = [
        _line("Name: John Smith", 60, 100),
        _line("Date: 03/04/2023", 380, 100),
        _line("Title: Manager", 60, 130),
        _line("Place: Boston", 380, 130),
    ]

    # when
    text = read_lines(lines)

    # then: row by row
    order = _order(text, ["Name:", "Date:", "Title:", "Place:"])
    assert order == sorted(order), text


def test_given_three_author_blocks_over_two_set_between_them_then_the_rows_are_read_in_turn() -> None:
    # given: a title, then three authors side by side (a name over an affiliation,
    # centred), then two more centred between them, the right one wider than the gap
    # between the upper row's second and third blocks, then the abstract's heading
    lines = [_centred("A Study of Reading Order in the Printed Pages of Scientific Papers", 300, 60)]
    upper = [
        (180, ("Ann Alpha", "Aville University")),
        (355, ("Bob Beta", "Bcorp")),
        (470, ("Cy Gamma", "Cland")),
    ]
    lower = [(225, ("Di Delta", "Dcorp")), (368, ("Ed Epsilon", "Ecorp Research Laboratories"))]
    for top, row in ((100, upper), (126, lower)):
        for mid, block in row:
            lines += [_centred(t, mid, top + 10 * i) for i, t in enumerate(block)]
    lines.append(_line("Abstract", 90, 170))

    # when
    text = read_lines(lines)

    # then: the upper row's blocks left to right, each whole, then the lower row's
    names = [
        "Ann Alpha",
        "Aville",
        "Bob Beta",
        "Bcorp",
        "Cy Gamma",
        "Cland",
        "Di Delta",
        "Dcorp",
        "Ed Ep",
        "Ecorp R",
    ]
    order = _order(text, names)
    assert order == sorted(order), text
