"""Filled-in text fields read as the page shows them (worker/engines/form_values.py): the
text each widget's appearance draws ("$ 84,000.00" for a /V of "84000"), where and how
large it draws it, inside the widget's box; /V where no appearance draws the value."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from common.documents.results import PageResult
from tests.pdf_pages import raw_pdf, text_layer_of
from worker.engines.base import PageInput
from worker.engines.pdf_text import PdfTextEngine

Field = tuple[tuple[float, float, float, float], bytes, bytes | None]  # rect, /V (or b""), appearance


def _page(
    path: Path,
    labels: Sequence[tuple[float, float, str, float, bool]],
    fields: Sequence[Field],
    *,
    rules: bytes = b"",
    need_appearances: bool = False,
    field_da: bytes = b"/Helv 11 Tf 0 g",
    quad: int = 0,
) -> Path:
    """A one-page form: ``labels`` (x, y, text, size, bold) in the page's content, the
    ``rules`` drawn there too, and text fields (rectangle, /V, the content of their
    normal appearance, none where None) as widgets of the document's /AcroForm, with
    the default appearance ``field_da`` and the alignment ``quad``."""
    content = rules + b"".join(
        b"BT /%s %g Tf 1 0 0 1 %g %g Tm (%s) Tj ET\n" % (b"F2" if bold else b"F1", size, x, y, text.encode())
        for x, y, text, size, bold in labels
    )
    first = 7  # the first field's object number
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [%s] /DA (/Helv 0 Tf 0 g)"
        b" /DR << /Font << /Helv 5 0 R >> >> %s >> >>"
        % (
            b" ".join(b"%d 0 R" % (first + 2 * i) for i in range(len(fields))),
            b"/NeedAppearances true" if need_appearances else b"",
        ),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Annots [%s] >>"
        % b" ".join(b"%d 0 R" % (first + 2 * i) for i in range(len(fields))),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    for i, ((x0, y0, x1, y1), value, ap) in enumerate(fields):
        stream = first + 2 * i + 1
        objects.append(
            b"<< /Type /Annot /Subtype /Widget /F 4 /FT /Tx /T (f%d) /Rect [%g %g %g %g]"
            b" /Q %d /DA (%s) %s %s >>"
            % (
                i,
                x0,
                y0,
                x1,
                y1,
                quad,
                field_da,
                b"/V (%s)" % value if value else b"",
                b"/AP << /N %d 0 R >>" % stream if ap is not None else b"",
            )
        )
        body = ap or b""
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 %g %g] /Resources << /Font << /Helv 5 0 R >> >>"
            b" /Length %d >>\nstream\n" % (x1 - x0, y1 - y0, len(body)) + body + b"\nendstream"
        )
    path.write_bytes(raw_pdf(objects))
    return path


def _shows(text: bytes, x: float, y: float = 5.0, size: float = 11.0) -> bytes:
    """A text field's appearance as form tools write it: its value drawn at (x, y)."""
    return b"/Tx BMC q BT /Helv %g Tf 0 g %g %g Td (%s) Tj ET Q EMC" % (size, x, y, text)


def _result(path: Path) -> PageResult:
    layer = text_layer_of(path)
    [result] = PdfTextEngine().convert([PageInput(1, layer.width, layer.height, text_layer=layer)])
    assert isinstance(result, PageResult)
    return result


def _text(path: Path) -> str:
    """The page's text as the text output has it (furniture left out)."""
    return _result(path).text or ""


def test_given_fields_whose_appearance_formats_the_value_then_the_formatted_value_is_read(
    tmp_path: Path,
) -> None:
    # given: amount fields whose /V is the bare number and whose appearance (written by
    # the form's format script) shows it with a currency sign and separators, and a
    # rate field with no /V whose appearance shows "0.00%"
    path = _page(
        tmp_path / "formatted.pdf",
        [
            (72, 700, "Unit price:", 11, False),
            (72, 670, "Tax rate:", 11, False),
            (72, 640, "Total:", 11, False),
        ],
        [
            ((160, 694, 320, 712), b"6000", _shows(b"$ 6,000.00", 98)),
            ((160, 664, 320, 682), b"", _shows(b"0.00%", 124)),
            ((160, 634, 320, 652), b"84000", _shows(b"$ 84,000.00", 92)),
        ],
    )

    # when
    text = _text(path)

    # then: each value as the page shows it, after its label
    assert text.split() == [
        "Unit",
        "price:",
        "$",
        "6,000.00",
        "Tax",
        "rate:",
        "0.00%",
        "Total:",
        "$",
        "84,000.00",
    ]


def test_given_a_value_no_appearance_draws_then_it_is_read_only_where_a_viewer_draws_it(
    tmp_path: Path,
) -> None:
    # given: three fields with a /V: one whose appearance draws no text, one with no
    # appearance at all (a viewer draws one from /V), one whose appearance is in a font
    # of two-byte codes (the value drawn, in glyphs this reader cannot map)
    labels = [
        (72, 700, "Agency:", 11, False),
        (72, 670, "Family name:", 11, False),
        (72, 640, "City:", 11, False),
    ]
    fields: list[Field] = [
        ((160, 694, 400, 712), b"Hidden Agency", b"/Tx BMC EMC"),
        ((160, 664, 400, 682), b"Lovelace", None),
        ((160, 634, 400, 652), b"London", b"/Tx BMC BT /Helv 11 Tf 2 5 Td <002F0052> Tj ET EMC"),
    ]

    # when
    text = _text(_page(tmp_path / "unshown.pdf", labels, fields))

    # then: the value with an empty appearance is not on the page; the others are
    assert text.split() == ["Agency:", "Family", "name:", "Lovelace", "City:", "London"]


def test_given_a_form_that_asks_for_new_appearances_then_values_drawn_by_none_are_read(
    tmp_path: Path,
) -> None:
    # given: a field whose stale appearance draws no text, in a form that asks viewers
    # to draw its fields' appearances anew (/NeedAppearances, as form fillers leave it)
    labels = [(72, 700, "Family name:", 11, False)]
    fields: list[Field] = [((160, 694, 400, 712), b"Lovelace", b"/Tx BMC EMC")]

    # when
    text = _text(_page(tmp_path / "stale.pdf", labels, fields, need_appearances=True))

    # then
    assert text.split() == ["Family", "name:", "Lovelace"]


def test_given_a_totals_column_of_fields_beside_their_labels_then_each_label_is_read_with_its_value(
    tmp_path: Path,
) -> None:
    # given: an order form's totals: bold labels set flush right against a column of
    # fields a short way to their right, each value drawn flush right in its field (the
    # fields right-aligned, their size fitted to the field), two fields empty
    rows = [
        ("SUBTOTAL", b"84000", b"$ 84,000.00"),
        ("DISCOUNT", b"", None),
        ("SUBTOTAL LESS DISCOUNT", b"84000", b"$ 84,000.00"),
        ("TAX RATE", b"", b"0.00%"),
        ("TOTAL TAX", b"0", b"$ 0.00"),
        ("SHIPPING/HANDLING", b"", None),
        ("TOTAL", b"84000", b"$ 84,000.00"),
    ]
    labels: list[tuple[float, float, str, float, bool]] = [(58, 260, "Thank you for your order.", 11, False)]
    fields: list[Field] = []
    for i, (label, value, shown) in enumerate(rows):
        y = 222 - 20 * i
        labels.append((445 - 5.5 * len(label), y + 4, label, 9, True))
        width = 5.6 * len(shown) if shown else 0
        fields.append(((454, y, 553, y + 18), value, _shows(shown, 97 - width) if shown else b"/Tx BMC EMC"))

    # when
    text = _text(_page(tmp_path / "totals.pdf", labels, fields, field_da=b"/Helv 0 Tf 0 g", quad=2))

    # then: every label read with its own value, the labels' order kept
    expected = (
        "Thank you for your order. SUBTOTAL $ 84,000.00 DISCOUNT SUBTOTAL LESS DISCOUNT $ 84,000.00"
        " TAX RATE 0.00% TOTAL TAX $ 0.00 SHIPPING/HANDLING TOTAL $ 84,000.00"
    )
    assert " ".join(text.split()) == expected


def _ruled_table() -> bytes:
    """A table's frame: the rules of a header row and one body row, five columns."""
    xs = (60, 152, 339, 389, 466, 553)
    ys = (408, 390, 370)
    out = b"0.5 w "
    for y in ys:
        out += b"%g %g m %g %g l S " % (xs[0], y, xs[-1], y)
    for x in xs:
        out += b"%g %g m %g %g l S " % (x, ys[0], x, ys[-1])
    return out


def _table_labels() -> list[tuple[float, float, str, float, bool]]:
    heads = [(90, "CODE"), (200, "DESCRIPTION"), (352, "QTY"), (400, "PRICE"), (490, "TOTAL")]
    return [(x, 395, text, 9, True) for x, text in heads]


_LONG = b"Sony Alpha 1 Full-frame Interchangeable Lens Mirrorless Camera"


def test_given_a_long_value_drawn_small_in_a_table_cell_then_the_cell_holds_all_of_it(
    tmp_path: Path,
) -> None:
    # given: a ruled table whose body row is a row of fields; the description field's
    # default size is 12 points, but its appearance fits the long value into the cell
    # at 6 points (an auto-sized field)
    fields: list[Field] = [
        ((61, 371, 151, 389), b"856", _shows(b"856", 2)),
        ((153, 371, 338, 389), _LONG, _shows(_LONG, 1.3, 6.6, 6)),
        ((340, 371, 388, 389), b"14", _shows(b"14", 19)),
        ((390, 371, 465, 389), b"6000", _shows(b"$ 6,000.00", 20)),
        ((467, 371, 552, 389), b"84000", _shows(b"$ 84,000.00", 25)),
    ]

    # when
    result = _result(
        _page(
            tmp_path / "cell.pdf", _table_labels(), fields, rules=_ruled_table(), field_da=b"/Helv 12 Tf 0 g"
        )
    )

    # then: one table, the description whole in its cell
    tables = [b.rows for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0] == [
        ["CODE", "DESCRIPTION", "QTY", "PRICE", "TOTAL"],
        ["856", _LONG.decode(), "14", "$ 6,000.00", "$ 84,000.00"],
    ]


def test_given_a_long_value_read_from_its_field_value_then_it_stays_in_its_cell(tmp_path: Path) -> None:
    # given: the same table, the description's appearance in a font of two-byte codes,
    # so its /V is read, at the field's 12 points: wider than the cell
    fields: list[Field] = [
        ((61, 371, 151, 389), b"856", _shows(b"856", 2)),
        ((153, 371, 338, 389), _LONG, b"/Tx BMC BT /Helv 6 Tf 1 6 Td <00360052> Tj ET EMC"),
        ((340, 371, 388, 389), b"14", _shows(b"14", 19)),
        ((390, 371, 465, 389), b"6000", _shows(b"6000", 45)),
        ((467, 371, 552, 389), b"84000", _shows(b"84000", 50)),
    ]

    # when
    result = _result(
        _page(
            tmp_path / "wide.pdf", _table_labels(), fields, rules=_ruled_table(), field_da=b"/Helv 12 Tf 0 g"
        )
    )

    # then: the description whole in its own cell, not cut into the next ones
    tables = [b.rows for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0] == [
        ["CODE", "DESCRIPTION", "QTY", "PRICE", "TOTAL"],
        ["856", _LONG.decode(), "14", "6000", "84000"],
    ]


def test_given_a_last_label_at_the_foot_beside_an_empty_field_then_it_is_kept(tmp_path: Path) -> None:
    # given: a form of small bold labels, each with a field to its right whose value the
    # appearance draws at 10 points (the fields' default size is "fit to the field",
    # which is 12 points for a field this tall), and its last label, "SIGNATURE", at
    # the page's foot beside an empty field
    names = ["CONTACT NAME", "COMPANY", "ADDRESS", "PHONE", "SHIP VIA", "TERMS", "DELIVERY", "TOTAL"]
    values = [b"Ada Lovelace", b"Analytical Engines", b"12 Babbage Row", b"5555555", b"Courier", b"Net 30"]
    values += [b"7 July 2022", b"$ 84,000.00"]
    labels: list[tuple[float, float, str, float, bool]] = []
    fields: list[Field] = []
    for i, (name, value) in enumerate(zip(names, values, strict=True)):
        y = 700 - 60 * i
        labels.append((72, y, name, 9, True))
        fields.append(((160, y - 5, 400, y + 13), value, _shows(value, 2, 5, 10)))
    labels.append((72, 60, "SIGNATURE", 9, True))
    fields.append(((160, 55, 400, 73), b"", b"/Tx BMC EMC"))

    # when
    text = _text(_page(tmp_path / "signature.pdf", labels, fields, field_da=b"/Helv 0 Tf 0 g"))

    # then: the label is read, last
    assert text.split()[-1] == "SIGNATURE"


def test_given_an_auto_sized_value_in_a_tall_field_then_it_is_no_heading(tmp_path: Path) -> None:
    # given: a form of 10-point labels and values, one field taller than the rest whose
    # text is sized to the field ("0 Tf"): its appearance draws the value at 16 points
    labels: list[tuple[float, float, str, float, bool]] = []
    fields: list[Field] = []
    for i, (name, value) in enumerate(
        [("Name:", b"Ada Lovelace"), ("City:", b"London"), ("Phone:", b"5555555")]
    ):
        y = 700 - 40 * i
        labels.append((72, y, name, 10, False))
        fields.append(((160, y - 5, 400, y + 13), value, _shows(value, 2, 5, 10)))
    labels.append((72, 580, "Company:", 10, False))
    fields.append(((160, 572, 400, 596), b"Analytical Engines", _shows(b"Analytical Engines", 2, 6, 16)))
    labels.append((72, 540, "Thank you.", 10, False))

    # when
    result = _result(_page(tmp_path / "tall.pdf", labels, fields, field_da=b"/Helv 0 Tf 0 g"))

    # then: the tall field's value is read with its label, as text
    assert [b.kind for b in result.blocks if "Analytical" in (b.text or "")] == ["paragraph"]
    assert "Company: Analytical Engines" in (result.text or "")


def test_given_a_value_set_in_printed_brackets_then_it_reads_as_one_word_with_them(tmp_path: Path) -> None:
    # given: a date field between a printed "(" and "):", its value drawn from the
    # field's left edge to its right one, touching both brackets as one word's glyphs do
    labels = [(72, 700, "Date of the last review \\(", 11, False), (246, 700, "\\).", 11, False)]
    fields: list[Field] = [((188, 694, 246, 712), b"2020-04-23", _shows(b"2020-04-23", 0.5, 6.0))]

    # when
    text = _text(_page(tmp_path / "brackets.pdf", labels, fields))

    # then: no space inside the brackets, as the page shows none
    assert text.strip() == "Date of the last review (2020-04-23)."


def test_given_a_value_apart_from_the_print_after_it_then_a_space_parts_them(tmp_path: Path) -> None:
    # given: the same field with a word printed a space's width after it
    labels = [(72, 700, "Date of the last review:", 11, False), (249.5, 700, "at noon", 11, False)]
    fields: list[Field] = [((188, 694, 246, 712), b"2020-04-23", _shows(b"2020-04-23", 0.5, 6.0))]

    # when
    text = _text(_page(tmp_path / "apart.pdf", labels, fields))

    # then
    assert text.strip() == "Date of the last review: 2020-04-23 at noon"


def test_given_a_field_painted_opaque_over_printed_text_then_that_text_is_left_out(tmp_path: Path) -> None:
    # given: a text field whose appearance fills its rectangle white before drawing its
    # value, over a hint the page prints where the field sits; a second field with no
    # background over the same hint on the next row
    labels = [
        (72, 700, "Family name:", 11, False),
        (160, 700, "(print in capitals)", 11, False),
        (72, 670, "City:", 11, False),
        (160, 670, "(print in capitals)", 11, False),
    ]
    opaque = b"/Tx BMC q 1 1 1 rg 0 0 240 18 re f Q " + _shows(b"LOVELACE", 100) + b" EMC"
    fields: list[Field] = [
        ((155, 694, 395, 712), b"LOVELACE", opaque),
        ((155, 664, 395, 682), b"LONDON", _shows(b"LONDON", 100)),
    ]

    # when
    text = _text(_page(tmp_path / "opaque.pdf", labels, fields))

    # then: the hint under the white field is gone; the one under the clear field stays
    assert text.split() == ["Family", "name:", "LOVELACE", "City:", "(print", "in", "capitals)", "LONDON"]
