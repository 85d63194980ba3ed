"""Side-by-side blocks and columns on a right-to-left page read from the right.

A Hebrew or Arabic page's columns are read right to left (columns.py). So are the blocks
set side by side that the layout takes apart before it comes to columns: an invoice's
letterhead footer of blocks of details (detail_blocks.py), and a sidebar of figures down
the page beside text in sections (column_sets.py). Mirrored, each page here is one the
left-to-right tests read (tests/test_layout_detail_blocks.py, test_layout_column_sets.py);
its lines are laid from the right as a text layer gives them (tests/test_rtl.py).
"""

from __future__ import annotations

from common.documents.results import Block
from tests.test_rtl import _hebrew_line
from worker.engines.layout import LayoutLine, layout_lines

WIDTH, HEIGHT = 612.0, 792.0

# A letterhead footer, three blocks side by side, the company's address at the right:
# its address, then its phone, e-mail and registry numbers, then its bank's details.
FOOTER = [
    ["חברת הצליל בעמ", "רחוב המחצבה 6", "תל אביב 12919", "ישראל"],
    ["טלפון: 03-6512238", "דואל: info@acme.example", "מספר חברה: 11327069", "מספר עוסק: 101103673"],
    ["שם הבנק: בנק ראשון", "חשבון בנק: 221033963977", "קוד סניף: 221", "סוויפט: FBNKFD2X"],
]
FOOTER_RIGHTS = (566.0, 400.0, 220.0)  # where each block's lines start: the right first


def _texts(blocks: list[Block]) -> str:
    return "\n".join(b.text for b in blocks)


def _in_order(text: str, lines: list[str]) -> bool:
    """Whether the lines come in this order, each after the one before."""
    at = 0
    for line in lines:
        at = text.find(line, at)
        if at < 0:
            return False
        at += len(line)
    return True


def _footer_page() -> list[LayoutLine]:
    body = "תודה על הקנייה שלכם. החשבונית הזאת נשלחה אליכם בדואר ותשלום יתבצע בהעברה בנקאית לפי התנאים."
    lines = [_hebrew_line(body, 566, 100 + 16 * k) for k in range(3)]
    for right, block in zip(FOOTER_RIGHTS, FOOTER, strict=True):
        lines += [_hebrew_line(text, right, 680 + 11.3 * k) for k, text in enumerate(block)]
    return lines


def test_given_detail_blocks_side_by_side_on_an_rtl_page_then_the_rightmost_block_reads_first() -> None:
    # given: a Hebrew letterhead footer of three blocks side by side, two labelled line
    # by line (blocks of details), on one line pitch
    lines = _footer_page()

    # when
    text = _texts(layout_lines(lines, WIDTH, HEIGHT))

    # then: each block reads whole, from the right: address, phone and numbers, bank
    assert _in_order(text, FOOTER[0] + FOOTER[1] + FOOTER[2]), text


# A main column of three sections at the right and, down the page's left, a sidebar of
# figures over their captions, its blank stripes level with the column's by chance.
SECTION = "זוהי פסקה שמסבירה את התנאים של השירות בעמוד"
SIDEBAR = [
    ("1,873+", "משתתפים פעילים בשוק"),
    ("1,250+", "יחידות ייצור באזור"),
    ("54,100+", "קילומטרים של קווי מתח"),
    ("98,000+", "מגוואט צפויים בשיא הקיץ"),
    ("37,725", "מגוואט של רוח מותקנת"),
    ("18,364", "מגוואט של שמש מותקנת"),
    ("4,048", "מגוואט של אגירה"),
    ("27,548", "שיא ייצור של רוח"),
]


def _figure(text: str, right: float, top: float, size: float) -> LayoutLine:
    return LayoutLine(text=text, bbox=(right - 0.55 * size * len(text), top, right, top + size), size=size)


def _sidebar_page() -> list[LayoutLine]:
    lines: list[LayoutLine] = []
    entries = iter(SIDEBAR)
    y = 80.0
    for k in range(3):
        for n in range(3 if k < 2 else 2):
            figure, caption = next(entries)
            lines.append(_figure(figure, 180, y + 32 * n, 16.0))
            lines.append(_hebrew_line(caption, 180, y + 18 + 32 * n))
        lines.append(_hebrew_line(f"פרק {k + 1}", 566, y))
        y += 16
        for _ in range(5):
            lines.append(_hebrew_line(SECTION, 566, y))
            y += 12
        y += 46
    return lines


def test_given_a_sidebar_down_the_left_of_an_rtl_page_then_the_text_at_the_right_reads_first() -> None:
    # given: a Hebrew column of sections at the right, blank stripes between them, and a
    # sidebar of figures down the left
    lines = _sidebar_page()

    # when
    text = _texts(layout_lines(lines, WIDTH, HEIGHT))

    # then: the sections first, then the sidebar's figures in order
    last_main = text.find("פרק 3")
    figures = [text.find(f) for f, _ in SIDEBAR]
    assert last_main >= 0 and all(f > last_main for f in figures), (last_main, figures, text)
    assert figures == sorted(figures), figures


# An invoice's head on a Hebrew page: the client's key/value list at the right (its keys
# at the right edge, no colons, the address run on under the name) beside a list of its
# dates and terms at the left, on one line pitch.
CLIENT = [
    ("לקוח", "מסחר הצפון בעמ"),
    ("", "רחוב הראשי 1 ירושלים"),
    ("", "ישראל"),
    ("מספר רישום", "10539310"),
    ("מספר עוסק", "FD100554524"),
    ("נמען", "סחורות הנמל בעמ"),
    ("", "דרך הנמל 7 חיפה"),
]
TERMS = [
    ("תאריך חשבונית", "29.05.2026"),
    ("תאריך משלוח", "29.05.2026"),
    ("מספר הזמנה", "MTA07820297"),
    ("תאריך הזמנה", "28.05.2026"),
    ("אסמכתא", "TL00872446"),
    ("מספר תיק", "1006618"),
    ("תאריך פירעון", "12.06.2026"),
]


def _value(text: str, right: float, top: float) -> LayoutLine:
    """A value: Hebrew words as a right-to-left line, a figure or code as it is."""
    if any("\u0590" <= ch <= "\u05ff" for ch in text):
        return _hebrew_line(text, right, top)
    return LayoutLine(text=text, bbox=(right - 5.0 * len(text), top, right, top + 10.0), size=10.0)


def _key_value_page() -> list[LayoutLine]:
    lines = [_hebrew_line("חשבונית זיכוי מספר 824191", 566, 60)]
    for k, ((key, value), (term, date)) in enumerate(zip(CLIENT, TERMS, strict=True)):
        top = 90 + 12.0 * k
        if key:
            lines.append(_hebrew_line(key, 566, top))
        lines.append(_value(value, 500, top))
        lines.append(_hebrew_line(term, 260, top))
        lines.append(_value(date, 170, top))
    return lines


def test_given_key_value_lists_side_by_side_on_an_rtl_page_then_the_right_list_reads_first() -> None:
    # given: a Hebrew invoice head, two key/value lists side by side, keys at the right of
    # their values, the client's at the right of the page
    lines = _key_value_page()

    # when
    blocks = layout_lines(lines, WIDTH, HEIGHT)
    text = _texts(blocks)

    # then: the client's list reads whole, then the terms, each key before its value
    client = [v for pair in CLIENT for v in pair if v]
    terms = [v for pair in TERMS for v in pair]
    assert _in_order(text, client + terms), text
