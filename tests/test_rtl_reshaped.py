"""Persian drawn the way ReportLab producers draw it: each line shaped to Arabic
presentation forms (what arabic_reshaper does) and put in visual order by python-bidi's
get_display, then drawn left to right with drawString, Latin words and numbers inside.

The shaping here uses Unicode's own presentation-form tables (the decompositions of
U+FB50-FDFF and U+FE70-FEFF: isolated, initial, medial and final forms, lam-alef
ligatures), which is what arabic_reshaper's default configuration produces for these
letters; no reshaping package is needed to run the tests. The lines are read through the
pdf-text engine's own functions (extract_text_layer, spans_to_lines).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import pypdfium2
from bidi.algorithm import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from worker.engines.bidi_text import logical_words
from worker.engines.layout import spans_to_lines
from worker.engines.pdfium_mirror import unmirror
from worker.engines.textlayer import extract_text_layer

_FONT = "DejaVuReshaped"
pdfmetrics.registerFont(TTFont(_FONT, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))

_LAM = "\u0644"
# lam-alef ligatures by alef: (isolated, final)
_LAM_ALEF = {
    "\u0622": ("\ufef5", "\ufef6"),
    "\u0623": ("\ufef7", "\ufef8"),
    "\u0625": ("\ufef9", "\ufefa"),
    "\u0627": ("\ufefb", "\ufefc"),
}


@cache
def _forms() -> dict[str, dict[str, str]]:
    """Each Arabic letter's presentation forms by position, from Unicode's decompositions."""
    out: dict[str, dict[str, str]] = {}
    for cp in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)]:
        tag, *codes = (unicodedata.decomposition(chr(cp)) or "x").split()
        if len(codes) == 1 and tag in ("<isolated>", "<initial>", "<medial>", "<final>"):
            out.setdefault(chr(int(codes[0], 16)), {}).setdefault(tag[1:-1], chr(cp))
    return out


def _joins_next(c: str) -> bool:
    """A letter that joins the letter after it: one with an initial form."""
    return "initial" in _forms().get(c, {})


def _shape(text: str) -> str:
    """``text`` with its Arabic letters as the presentation forms their places take."""
    forms = _forms()
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        before = i > 0 and _joins_next(text[i - 1]) and c in forms
        if c == _LAM and i + 1 < len(text) and text[i + 1] in _LAM_ALEF:
            out.append(_LAM_ALEF[text[i + 1]][1 if before else 0])
            i += 2
            continue
        after = i + 1 < len(text) and text[i + 1] in forms and _joins_next(c)
        place = "medial" if before and after else "final" if before else "initial" if after else "isolated"
        out.append(forms.get(c, {}).get(place, c))
        i += 1
    return "".join(out)


def _read(path: Path, lines: list[str]) -> list[str]:
    """``lines`` shaped, put in visual order and drawn flush right the way a ReportLab
    producer draws them; each line as the engine reads it back."""
    c = canvas.Canvas(str(path), pagesize=(500, 40 + 18 * len(lines)))
    c.setFont(_FONT, 11)
    y = 18.0 * len(lines) + 10
    for text in lines:
        c.drawRightString(470, y, get_display(_shape(text)))
        y -= 18
    c.showPage()
    c.save()
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [ln.text for ln in spans_to_lines(extract_text_layer(pdf[0]).spans)]
    finally:
        pdf.close()


INVOICE = [
    "فاکتور فروش شماره 1024",
    "تاریخ صدور: 1402/05/12",
    "نام مشتری: شرکت Pars Online",
    "مبلغ کل: 1,250,000 ریال",
    "مالیات (9%): 112,500 ریال",
    "کد پیگیری: TRK-2024-117",
    "تعداد: 3 عدد (هر عدد 250,000 ریال)",
]


def test_given_a_reshaped_persian_invoice_then_its_lines_read_in_logical_order(tmp_path: Path) -> None:
    # Given an invoice's lines with amounts, dates, codes and Latin names, shaped and put
    # in visual order by the producer
    # When the page is read
    texts = _read(tmp_path / "invoice.pdf", INVOICE)
    # Then every line reads as written
    assert texts == INVOICE


def test_given_a_latin_word_in_brackets_then_its_brackets_open_and_close(tmp_path: Path) -> None:
    # Given "پرداخت (Online)": one Persian word and one Latin one, the brackets drawn
    # around the Latin word (pdfium's own text gives them unmirrored: a line with as
    # many left-to-right runs as right-to-left ones reads left to right there)
    lines = ["وضعیت: Paid (پرداخت شده)", "پرداخت (Online)"]
    # When the page is read
    # Then the brackets open and close around the word
    assert _read(tmp_path / "brackets.pdf", lines) == lines


def test_given_a_number_before_a_latin_word_in_brackets_then_it_reads_first(tmp_path: Path) -> None:
    # Given "نسخه 2.4.1 (Beta) منتشر شد", drawn "(Beta) 2.4.1": as "Beta) 2.4.1)" the
    # line would lay out the same but its brackets would not pair
    lines = ["نسخه 2.4.1 (Beta) منتشر شد"]
    # When the page is read
    # Then the number comes before the bracketed word, as written
    assert _read(tmp_path / "version.pdf", lines) == lines


def test_given_latin_words_a_dash_and_a_number_then_they_read_as_one_run(tmp_path: Path) -> None:
    # Given "روش پرداخت: Visa Card - 4242": a Latin phrase that goes on over a dash to
    # a number, drawn as one left-to-right run
    lines = [*INVOICE, "روش پرداخت: Visa Card - 4242", "هتل Grand Hotel & Spa در کیش"]
    # When the page is read
    # Then the run keeps its order
    assert _read(tmp_path / "card.pdf", lines) == lines


def test_given_a_persian_label_before_latin_words_then_the_line_reads_right_to_left(tmp_path: Path) -> None:
    # Given a Persian label and then more Latin words than Persian ones on a Persian page
    lines = [*INVOICE[:3], "توضیحات: Check-in from 14:00, Check-out 12:00"]
    # When the page is read
    # Then the label opens the line: its colon, drawn on its left, says the line is
    # right to left
    assert _read(tmp_path / "label.pdf", lines) == lines


def test_given_a_zero_width_non_joiner_in_a_persian_word_then_the_line_reads(tmp_path: Path) -> None:
    # Given "وب‌سایت: www.example.ir" as a producer draws it with the joiner kept (a
    # control character that the bidi algorithm drops before it resolves levels)
    words = [("www.example.ir", 10.0, 80.0), (":\u062a\u06cc\u0627\u0633\u200c\u0628\u0648", 84.0, 120.0)]
    # When the line is put in reading order
    out = logical_words(words, 10.0, rtl_page=True)
    # Then it reads as written, the joiner in its word
    assert " ".join(w[0] for w in out) == "\u0648\u0628\u200c\u0633\u0627\u06cc\u062a: www.example.ir"


def test_given_pdfiums_text_of_a_line_with_as_many_runs_each_way_then_no_bracket_is_mirrored() -> None:
    # Given pdfium's text of "(Online) پرداخت" drawn left to right: one left-to-right run
    # and one right-to-left run, which pdfium reads left to right, its brackets as drawn
    text = "(Online) \u067e\u0631\u062f\u0627\u062e\u062a"
    # When the brackets pdfium mirrored are put back
    # Then none is changed
    assert unmirror(text) == text
