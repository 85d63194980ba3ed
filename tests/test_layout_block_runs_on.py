"""A block beside a shorter one goes on past the shorter one's end
(model.runs_on, used by columns.reading_parts, detail_blocks and side_blocks).

An invoice's party section sets its name, address and contacts down the left, and a
short second address at the right, level with the top of the section or its second
line. Where the short block ends, the left block goes on at its own spacing and left
edge: it is one block, read whole, then the block beside it. Cut there, its lines
beside the short block came first, then the short block, then the rest of it. Text
under a blank wider than the block's own spacings is no part of it and is still read
after the blocks beside each other.
"""

from __future__ import annotations

from common.documents.results import Block
from worker.engines.layout import LayoutLine, layout_lines
from worker.engines.layout.model import runs_on

WIDTH, HEIGHT = 595.0, 842.0
PARTY = [
    "Podmiot inny",
    "Nazwa: Firma X",
    "Adres",
    "ul. Kwiatowa 1 00-001 Warszawa",
    "Dane kontaktowe",
    "E-mail: biuro@firmax.pl",
    "Tel.: 123 456 789",
]
SECOND = ["Adres", "ul. Akacjowa 200 00-007 Bzdziszewo"]


def _line(text: str, x0: float, top: float, size: float = 8.0) -> LayoutLine:
    return LayoutLine(text=text, bbox=(x0, top, x0 + 0.5 * size * len(text), top + 1.2 * size), size=size)


def _stack(texts: list[str], x0: float, tops: list[float], size: float = 8.0) -> list[LayoutLine]:
    return [_line(t, x0, top, size) for t, top in zip(texts, tops, strict=True)]


def _words(blocks: list[Block]) -> list[str]:
    return " ".join(b.text for b in blocks).split()


def _read_whole_first(words: list[str]) -> bool:
    """The party block's last line before the second address's street, its first line before both."""
    return words.index("Podmiot") < words.index("123") < words.index("Akacjowa")


def test_given_a_block_in_groups_beside_a_short_one_then_it_is_read_whole_first() -> None:
    # given: the party block in groups a blank line apart (the name, the address, the
    # contacts), the second address level with its second line and ending before the
    # contacts' group
    tops = [100.0, 118.0, 136.0, 147.0, 165.0, 176.0, 187.0]
    lines = _stack(PARTY, 40, tops) + _stack(SECOND, 300, [118.0, 129.0])

    # when
    words = _words(layout_lines(lines, WIDTH, HEIGHT))

    # then: the contacts are read with the party block, before the second address
    assert _read_whole_first(words), " ".join(words)


def test_given_a_block_set_a_little_off_the_rows_of_a_short_one_then_it_is_read_whole_first() -> None:
    # given: the party block at a tight pitch, and a four-line address beside it set two
    # points below its rows (they share bands), starting beside its second line
    tops = [100.0 + 10 * k for k in range(len(PARTY))]
    second = [*SECOND, "00-007 Bzdziszewo", "Polska"]
    lines = _stack(PARTY, 40, tops) + _stack(second, 300, [112.0 + 10 * k for k in range(4)])

    # when
    words = _words(layout_lines(lines, WIDTH, HEIGHT))

    # then
    assert _read_whole_first(words), " ".join(words)


def _line9(text: str, x0: float, top: float, size: float = 9.0) -> LayoutLine:
    return LayoutLine(text=text, bbox=(x0, top, x0 + 0.55 * size * len(text), top + size * 1.15), size=size)


def _statement_head(client: list[str]) -> list[LayoutLine]:
    lines = [_line9("STATEMENT", 30, 46, 26.0)]
    lines += [_line9(t, 48, 87.6 + 13 * k) for k, t in enumerate(client)]
    fields = [("Issue Date", 61.6), ("02 Mar 2022", 72.6), ("Statement Number", 100.0), ("ST-1234", 111.0)]
    lines += [_line9(t, 378, top) for t, top in fields]
    seller = ["NORTHWIND TRADING CO", "77 LAKE STREET", "BOSTON MASS 02110", "UNITED STATES"]
    lines += [_line9(t, 468, 61.6 + 13 * k) for k, t in enumerate(seller)]
    return lines


def test_given_a_client_block_longer_than_the_blocks_beside_it_then_it_is_read_whole_first() -> None:
    # given: a statement's client address, at a spacing of its own, running on three
    # lines past the field stack and the seller's address beside it
    client = ["ACME HOLDINGS", "12 HARBOUR ROAD", "PORTLAND OREGON 97201", "USA"]
    client += ["VAT NO US 4410 2231", "PHONE 503 555 0199", "ACCOUNTS PAYABLE DEPT"]
    lines = _statement_head(client)

    # when
    words = _words(layout_lines(lines, WIDTH, HEIGHT))

    # then: the client's last line before the fields and the seller
    assert words.index("PAYABLE") < words.index("Issue") < words.index("NORTHWIND"), " ".join(words)


def test_given_a_block_under_a_blank_wider_than_its_spacing_then_it_is_read_after_both() -> None:
    # given: the party block ends beside the second address; under a blank wider than
    # its spacing, at its left edge, a payment block
    tops = [100.0 + 11 * k for k in range(4)]
    lines = _stack(PARTY[:4], 40, tops) + _stack(SECOND, 300, [111.0, 122.0])
    lines += _stack(["Platnosc", "Przelew 14 dni"], 40, [160.0, 171.0])

    # when
    words = _words(layout_lines(lines, WIDTH, HEIGHT))

    # then: the payment block after the second address
    assert words.index("Akacjowa") < words.index("Platnosc"), " ".join(words)


def test_given_a_line_at_the_right_level_with_a_two_line_name_then_the_name_is_read_first() -> None:
    # given: a letterhead's name in two languages at the left, a department's line at
    # the right level with its first line (a guard: blocks side by side, block by block)
    lines = [
        _line("UNIVERSITY OF X", 48, 40, 12.0),
        _line("UNIBETSIDAT X", 48, 55, 12.0),
        _line("Graduate Studies, Research and Sponsored Programs", 330, 40, 8.0),
        _line("Dear colleague, this letter confirms that the student has completed the program.", 48, 110),
    ]

    # when
    words = _words(layout_lines(lines, WIDTH, HEIGHT))

    # then
    assert words.index("UNIVERSITY") < words.index("UNIBETSIDAT") < words.index("Graduate"), " ".join(words)


def test_given_blocks_ending_level_under_a_title_then_the_line_under_them_is_read_after_both() -> None:
    # given: a title over two address blocks that end level, a blank as tall as the
    # title's gap, then the invoice's number at the left edge (a guard: the title's gap
    # is no spacing of the blocks')
    lines = [_line("Tax invoice", 62, 69, 16.5)]
    lines += _stack(
        ["From", "Brightwater Ltd", "9 Canal Wharf", "Leeds LS11 5PZ"], 62, [99, 116, 128, 140], 9.5
    )
    lines += _stack(
        ["Bill to", "Hollins and Pryce", "27 Park Row", "Leeds LS1 5JL"], 304, [99, 116, 128, 140], 9.5
    )
    lines += [_line("Invoice no. BW-25-1187", 62, 162, 9.5)]

    # when
    words = _words(layout_lines(lines, WIDTH, HEIGHT))

    # then
    assert words.index("Park") < words.index("BW-25-1187"), " ".join(words)


def test_given_form_label_rows_far_apart_then_the_next_row_does_not_run_on_their_block() -> None:
    # given: a form's field labels, each under its field's space (rows 40 points apart:
    # a form's rows, read across with the label at their right, no block of lines)
    labels = _stack(["Strasse, Hausnummer", "PLZ Stadt/Ort"], 60, [337.0, 377.0])

    # when
    goes_on = runs_on(labels, [_line("E-Mail-Adresse(n)", 60, 417.0)])

    # then
    assert not goes_on


def test_given_address_lines_at_their_leading_then_the_next_line_runs_on_their_block() -> None:
    # given: an address's lines at their leading
    lines = _stack(["Podmiot inny", "Nazwa: Firma X"], 40, [100.0, 111.0])

    # when
    goes_on = runs_on(lines, [_line("Adres", 40, 122.0)])

    # then
    assert goes_on
