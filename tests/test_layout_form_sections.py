"""A form's ruled sections (worker/engines/layout/form_sections.py): rows ruled across
the page, a short label at the left of each and a part laid out on its own at the right
(a box of card types beside the card's fields; a paragraph over a list of details). Each
section is read in turn, its label then its part, the card types before the fields,
not one table whose cells interleave them, and a list of details in a part each label
with its value.

The test reads: given a registration form's payment grid as its text layer gives it,
when it is laid out, then each section's part reads in turn."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4

from common.documents.results import Word
from tests.layout_pages import words
from worker.engines.layout import LayoutLine, layout_lines

NOTE = [
    ("Any bank fees incurred with a funds transfer (bank transfers), whether local", 595.0, 531.5),
    ("or international, are at the sender's expense. Please give your name as the", 606.3, 545.3),
    ("reference. To ensure prompt matching please attach a copy of the transfer", 617.6, 541.7),
    ("record to the completed form.", 628.9, 456.7),
]
DETAILS = [
    ("Bank", "Northbank"),
    ("Account Name", "Riverside Institute of Technology"),
    ("Branch Number", "033-050"),
    ("Account Number", "17-2450"),
    ("Swift Code", "NBNKAU2S"),
    ("Address", "Northbank, 12 Harbour Rd, Kew VIC 3101"),
]
LINES = [
    ("☐ Credit card", 46.4, 487.8, 128.9, 502.7, 12.0),
    ("Card type", 189.1, 485.5, 244.8, 500.5, 12.0),
    ("Card number", 273.2, 489.0, 336.1, 501.4, 10.0),
    ("☐ Visa", 202.8, 504.3, 233.2, 515.5, 9.0),
    ("Card holder name", 273.2, 514.8, 359.5, 527.2, 10.0),
    ("☐ Mastercard", 202.8, 522.4, 264.1, 533.6, 9.0),
    ("Expiry date (MM/YY)", 273.2, 544.4, 374.0, 556.8, 10.0),
    ("CVC", 463.3, 544.4, 482.8, 556.8, 10.0),
    ("Signature", 273.2, 570.2, 318.6, 582.6, 10.0),
    ("Electronic funds", 63.3, 600.2, 161.1, 615.1, 12.0),
    *((text, 190.1, top, x1, top + 11.2, 9.0) for text, top, x1 in NOTE),
    ("transfer", 63.3, 615.2, 111.8, 630.1, 12.0),
    *(
        line
        for k, (label, value) in enumerate(DETAILS)
        for line in (
            (label, 192.8, 649.0 + 16.8 * k, 192.8 + 5.2 * len(label), 660.2 + 16.8 * k, 9.0),
            (value, 278.1, 649.0 + 16.8 * k, 278.1 + 5.2 * len(value), 660.2 + 16.8 * k, 9.0),
        )
    ),
    ("Cheque/money", 63.3, 751.2, 153.8, 766.1, 12.0),
    ("Enclose a cheque or money order payable to the organisers.", 190.1, 752.6, 520.9, 765.0, 10.0),
    ("order", 63.3, 766.2, 95.4, 781.1, 12.0),
]
RULES = [
    *(
        (x0, y, x1, y + 1.0)
        for y in (482.9, 591.7, 749.3, 782.3)
        for x0, x1 in ((42.0, 187.7), (186.7, 550.4))
    ),
    *(
        (x, y0, x + 1.0, y1)
        for x in (42.0, 549.4)
        for y0, y1 in ((482.9, 592.7), (591.7, 750.3), (749.3, 783.3))
    ),
    # the box around the card types, its top broken by its caption
    (245.0, 492.8, 269.1, 493.0),
    (187.8, 492.8, 188.0, 541.8),
    (187.8, 541.6, 269.1, 541.8),
    (268.9, 492.8, 269.1, 541.8),
    # the card fields' boxes
    *(
        rule
        for top in (488.6, 514.4)
        for rule in (
            (365.5, top, 546.8, top + 0.5),
            (365.5, top + 20.3, 546.8, top + 20.8),
            (365.2, top, 365.8, top + 20.5),
            (546.5, top, 547.0, top + 20.5),
        )
    ),
]


def _line(text: str, x0: float, top: float, x1: float, bottom: float, size: float) -> LayoutLine:
    unit = (x1 - x0) / len(text)
    out: list[Word] = []
    at = 0
    for w in text.split(" "):
        out.append(Word(text=w, bbox=(x0 + unit * at, top, x0 + unit * (at + len(w)), bottom)))
        at += len(w) + 1
    return LayoutLine(text, (x0, top, x1, bottom), size, False, None, out)


def test_given_ruled_sections_with_parts_side_by_side_then_each_part_reads_in_turn() -> None:
    width, height = A4
    blocks = layout_lines([_line(*spec) for spec in LINES], width, height, rules=RULES)
    text = words(" ".join(b.text for b in blocks))

    card = "Credit card Card type Visa Mastercard Card number Card holder name Expiry date (MM/YY)"
    assert text.startswith(card), text
    details = [f"{label} {value}" for label, value in DETAILS]
    transfer = " ".join(["Electronic funds transfer", *(t for t, _, _ in NOTE), *details])
    assert transfer in text, text
