# ruff: noqa: RUF001, RUF002, RUF003 (Hebrew words glued to digits, the sof pasuq that ends a verse)
"""Right-to-left list items: numbered with a number set flush against the item's words
("1בראשית", a verse's number with no point and no space), lettered with the alphabet's
letters ("א.", "ب)"), and numbered "1." / "1)"; and lines that only look so (a name's
initial, a number that opens a line once).

Each page is drawn with reportlab the way a producer that does its own bidi draws it:
every line through the bidi algorithm (python-bidi's get_display) to visual order, set
flush right, and read through the pdf-text engine (tests/layout_pages.convert).
"""

from __future__ import annotations

from pathlib import Path

from bidi.algorithm import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from common.documents.renderings import blocks_to_markdown
from common.documents.results import Block
from tests.layout_pages import convert
from worker.engines.layout.patterns import list_mark

_FONT = "DejaVuRtlItems"
pdfmetrics.registerFont(TTFont(_FONT, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
_SIZE = 11.0
_RIGHT = 460.0
_MEASURE = 220.0  # the column's width: the longer verses wrap

VERSES = [
    "בראשית ברא אלהים את השמים ואת הארץ׃",
    "והארץ היתה תהו ובהו וחשך על פני תהום ורוח אלהים מרחפת על פני המים׃",
    "ויאמר אלהים יהי אור ויהי אור׃",
    "וירא אלהים את האור כי טוב ויבדל אלהים בין האור ובין החשך׃",
    "ויקרא אלהים לאור יום ולחשך קרא לילה ויהי ערב ויהי בקר יום אחד׃",
]
ARABIC = [
    "يجب إحضار الهوية الشخصية عند كل مراجعة.",
    "تقبل الطلبات الإلكترونية على مدار الساعة.",
    "يغلق المكتب في أيام العطل الرسمية.",
]


def _wrapped(text: str) -> list[str]:
    """``text`` broken into lines of the column's width, as written (logical order)."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        longer = f"{cur} {word}" if cur else word
        if cur and pdfmetrics.stringWidth(longer, _FONT, _SIZE) > _MEASURE:
            lines.append(cur)
            cur = word
        else:
            cur = longer
    return [*lines, cur]


def _page(path: Path, paragraphs: list[str]) -> list[Block]:
    """Each paragraph wrapped to the column, every line drawn in visual order and set
    flush right; the page's blocks."""
    c = canvas.Canvas(str(path), pagesize=(500, 500))
    c.setFont(_FONT, _SIZE)
    y = 460.0
    for text in paragraphs:
        for line in _wrapped(text):
            c.drawRightString(_RIGHT, y, get_display(line))
            y -= 1.35 * _SIZE
    c.showPage()
    c.save()
    return convert(path).blocks


def _items(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if b.kind == "list_item"]


def test_given_verses_numbered_flush_against_their_words_then_each_verse_is_an_item(tmp_path: Path) -> None:
    # Given verses each opening with its number run straight into its first word
    # ("1בראשית ברא ..."), no point and no space, the longer ones wrapped
    blocks = _page(tmp_path / "verses.pdf", [f"{n}{v}" for n, v in enumerate(VERSES, 1)])
    # When the page is laid out
    items = _items(blocks)
    # Then each verse is one numbered item, its text as printed, its number Markdown's
    # enumerator
    assert items == [f"{n}{v}" for n, v in enumerate(VERSES, 1)]
    assert blocks_to_markdown(blocks).splitlines()[0] == f"1. {VERSES[0]}"


def test_given_items_lettered_with_hebrew_letters_and_a_period_then_each_is_an_item(tmp_path: Path) -> None:
    # Given a Hebrew list lettered "א.", "ב.", "ג." ...
    blocks = _page(tmp_path / "lettered.pdf", [f"{c}. {v}" for c, v in zip("אבגדה", VERSES, strict=True)])
    # When the page is laid out
    items = _items(blocks)
    # Then each lettered line opens an item, its letter kept as its enumerator
    assert items == [f"{c}. {v}" for c, v in zip("אבגדה", VERSES, strict=True)]


def test_given_arabic_items_lettered_with_a_bracket_then_each_is_an_item(tmp_path: Path) -> None:
    # Given an Arabic list lettered "أ)", "ب)", "ج)" and one lettered "(أ)", "(ب)", "(ج)"
    for form in ("{}) ", "({}) "):
        lines = [form.format(c) + t for c, t in zip("أبج", ARABIC, strict=True)]
        # When the page is laid out
        items = _items(_page(tmp_path / "ar.pdf", lines))
        # Then each is an item
        assert items == lines


def test_given_rtl_items_numbered_with_a_point_or_a_bracket_then_each_is_an_item(tmp_path: Path) -> None:
    # Given Hebrew and Arabic lists numbered "1." and "1)"
    for texts in (VERSES[:3], ARABIC):
        for close in ".)":
            lines = [f"{n}{close} {t}" for n, t in enumerate(texts, 1)]
            # When the page is laid out
            items = _items(_page(tmp_path / "numbered.pdf", lines))
            # Then each is an item, as written
            assert items == lines


def test_given_lines_opening_with_initials_then_they_are_no_items(tmp_path: Path) -> None:
    # Given a Hebrew letter's signatories, each a name with the initial of its first name
    # ("מ. כהן", "נ. לוי"): letters in the alphabet's order, but not from its first
    lines = ["מ. כהן, יושב ראש הוועדה", "נ. לוי, מזכירת הוועדה", "ס. פרץ, גזבר הוועדה"]
    blocks = _page(tmp_path / "names.pdf", [VERSES[1], *lines])
    # When the page is laid out
    # Then no line is a list item
    assert _items(blocks) == []


def test_given_a_number_flush_against_a_word_once_then_it_opens_no_item(tmp_path: Path) -> None:
    # Given a line that opens with a number run into the next word ("3שקלים", a price
    # typed without its space) after a paragraph, no number before or after it in a run
    blocks = _page(tmp_path / "prose.pdf", [VERSES[1], "3שקלים ליחידה בכל הסניפים ברחבי הארץ", VERSES[3]])
    # When the page is laid out
    # Then no item is found
    assert _items(blocks) == []


def test_given_persian_letters_with_a_bracket_then_they_mark_items() -> None:
    # A Persian list letters its first item with the alef spelt out ("الف)"), an Arabic one
    # with the letter ("أ)")
    assert list_mark("الف) درخواست کتبی") == "ordered"
    assert list_mark("ب) درخواست کتبی") == "ordered"
    # and a word that starts a line is no marker ("و" is "and")
    assert list_mark("و الطلبات") == ""
