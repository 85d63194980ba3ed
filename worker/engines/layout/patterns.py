"""What text looks like to the layout: list markers, checkboxes, page numbers, labels, amounts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from worker.engines.layout.model import Row

# Bullets, as glyphs and as the private-use code points of Symbol/Wingdings bullets that a
# PDF without a Unicode map for them gives (U+F0B7 Symbol's bullet, U+F0A7 Wingdings' small
# square, U+F06C its round bullet, U+F075 and U+F076 its diamonds, U+F0D8 its arrowhead;
# text_fonts.py names those at a Latin letter's code by what they show). U+2043: hyphen
# bullet. OCR reads a small hollow bullet as an ideographic full stop, which never starts
# a line of text.
BULLETS = "•◦▪▫●○‣\u2043∙·◆◇►▶▸▹➢➤❖➔→◾◽⦿⬤\uf0b7\uf0a7\uf06c\uf075\uf076\uf0d8。"
# Checkboxes. Empty boxes and boxes with a mark say their state whatever the context; H4's
# text layer writes a drawn square as ☐ or ☑. Wingdings: U+F0A8/F06F/F071/F072 are boxes,
# U+F0FE a box with a tick, U+F0FD and U+F078 boxes with a cross.
OPEN_BOXES = "☐□▢◻⬜❏❐❑❒\uf0a8\uf06f\uf071\uf072"
CHECKED_BOXES = "☑☒⊠⌧🗹🗷\uf0fe\uf0fd\uf078"
# A filled square or a tick is a ticked box among checkboxes, and a bullet in a list of
# its own (Word's bullet library has ■ and ✓). U+F0FC: Wingdings' tick, U+F06E its ■.
TICKS = "■◼⬛▣✓✔✗✘\uf0fc\uf06e"
BOXES = OPEN_BOXES + CHECKED_BOXES
_GLYPHS = BULLETS + OPEN_BOXES + CHECKED_BOXES + TICKS
# A list item starts with a bullet, a checkbox, or an enumerator "1." "1)" "(1)" "a)" "(a)"
# "iv." "(iv)", or a sub-clause's "5.1." "12.3.1." (closed by its period: "1.1 Scope" is a
# section's number, and a decimal "2.5 times" opens prose). Bare letters with a period
# ("A. Smith", "e.g.") are too often prose to count; a right-to-left letter with a bracket
# ("א)", "(ب)", "الف)") counts, with a period only in an alphabetical run
# (:func:`lettered_items`). An area code ("(555) 123-4567") is no enumerator. A day and a
# month written "dd.mm." (German, Estonian: "24.12. Heiligabend", "01.02. bis 15.02.") is a
# date, not a sub-clause.
_DAY_MONTH = r"(?:0[1-9]|[12]\d|3[01])\.(?:0[1-9]|1[0-2])\.(?!\d)"
# A right-to-left list letters its items with its alphabet's letters: Hebrew's, Arabic's
# (abjad or alphabetical order), Persian's, whose first letter is spelt out ("الف").
_RTL_LETTERS = "\u05d0-\u05ea\u0620-\u064a\u066e-\u06d3"
_RTL_LETTER = f"(?:\u0627\u0644\u0641|[{_RTL_LETTERS}])"
_MARKER = (
    rf"(?:[{_GLYPHS}]|\[[ xX✓✔]\]|[-\u2013\u2014*](?=\s|$)|(?!{_DAY_MONTH})\d{{1,3}}(?:\.\d{{1,3}}){{1,3}}\."
    rf"|\(?\d{{1,3}}[.)](?!\s*\d{{3}}[-.\s]\d{{4}}(?!\d))|\(?[a-zA-Z]\)|\([A-Za-z]\)"
    rf"|[a-z]\.(?=\s|$)|\(?[ivxlc]{{1,6}}[.)]|\(?{_RTL_LETTER}\))"
)
LIST_START_RE = re.compile(rf"^\s*{_MARKER}(?:\s|$)|^\s*[{_GLYPHS}]")
MARKER_ONLY_RE = re.compile(rf"^\s*{_MARKER}\s*$")
# What a Markdown list marker replaces: a bullet or checkbox and the space after it
# (enumerators are content: step 3 of an instruction says "3.").
GLYPH_MARKER_RE = re.compile(rf"^\s*(?:[{_GLYPHS}]|\[[ xX✓✔]\]|[-\u2013\u2014*](?=\s|$))\s*")
MARKER_MAX_LEN = 8  # "(viii)" at most: longer text is never a marker alone
# A form's line number ("2", "5a", "b") or an enumerator ("3.", "4)") alone on its row;
# a right-to-left form numbers its sections with the letters of its alphabet ("א.", "ב.",
# Arabic's "أ)", abjad order), closed by a period or a bracket (a bare letter is a word:
# Arabic's "و", "and"). \d is any script's digits ("٣", "۳").
LINE_NUMBER_RE = re.compile(rf"^\s*(?:(?:\d{{1,3}}[a-z]?|[a-z])[.)]?|\(?[{_RTL_LETTERS}][.)])\s*$")
FOOTNOTE_START_RE = re.compile(r"^\s*(?:\d{1,3}|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰])")
# A note's marker and then its words ("1 Provisional figures", "* Excludes VAT"); not a
# year or a street number that opens a running footer ("2024 Annual Report").
FOOTNOTE_MARK_RE = re.compile(r"^\s*(?:\d{1,3}(?!\d)|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰])\s*[^\W\d_]")
WORD_RE = re.compile(r"[^\W\d_]{3,}")
INLINE_LABEL_RE = re.compile(r"^[^:]{1,40}:\s*\S")
PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:(?:page|pagina|página|seite|p\.)\s*:?\s*)?[-\u2013\u2014]?\s*\d{1,4}\s*"
    r"(?:(?:/|of|de|von|sur|van|di)\s*\d{1,4})?\s*[-\u2013\u2014]?\s*$",
    re.IGNORECASE,
)
SENTENCE_END = (".", "!", "?", ":", ";", ".)", '."', ".”")
# A word that is a currency alone: a three-letter code ("PLN", "EUR"), a sign, or a local
# abbreviation ("zł", "Kč", "kr", "Ft", "lei"). cover.CURRENCY is a wider set of signs
# for a currency column's sign on its own line.
CURRENCY_RE = re.compile(r"^(?:[A-Z]{3}|zł|Kč|kr|Ft|lei|[$€£¥₹₽₺₪])$")
# A word that is a date in figures ("8/30/2023", "05.01.2026", "2023-08-30"); print_rows'
# DATE_RE finds dates, written out too, inside running text.
DATE_RE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
# A year or a span of years ("2025", "(2023/24)", "2016-2020"); YEARS_WORD_RE also takes
# the punctuation that closes a word in running text ("2020,").
_YEARS = r"\(?(?:19|20)\d\d(?:[-\u2013/](?:19|20)?\d\d)?\)?"
YEARS_RE = re.compile(rf"^{_YEARS}$")
YEARS_WORD_RE = re.compile(rf"^{_YEARS}[.,;]?$")
DASHES = frozenset("-\u2013\u2014")  # a hyphen, an en dash, an em dash
AMOUNT_RE = re.compile(r"^[-+(]?[$€£¥]?\d(?:[\d.,'\u2019]*\d)?(?:%|\)|[$€£¥])?$")
# Three tests of "an amount", one per question the layout asks; they differ on purpose:
# - is_amount: a table's printed figure ("1,234", "(56)", "- 7"), digits and separators
#   only, no currency sign: a financial table sets its sign apart ("¥   175,820", cover.py);
# - is_sum: a page number's neighbour (page_marks): money or decimals only ("$ 14,824.60",
#   "356.04"), since a year or a count alone may stand beside a page number;
# - is_amount_value: a label's value (label_values): every word a figure or a currency
#   sign, so a premium box's value left blank ("$") counts as one.
_SUM_MARK_RE = re.compile(r"[$€£¥]|[.,]\d")
_VALUE_SIGNS = frozenset("$€£¥")


def is_amount(text: str) -> bool:
    """A figure as a table prints an amount: digits, separators, a sign or brackets."""
    t = text.strip()
    return any(c.isdigit() for c in t) and all(c.isdigit() or c in ",.()-\u2212' " for c in t)


def is_sum(text: str) -> bool:
    """Whether ``text`` is a sum of money or a figure with decimals ("$ 14,824.60",
    "356.04"): a year or a count alone may stand beside a page number, an amount not."""
    piece = text.replace(" ", "")
    return AMOUNT_RE.match(piece) is not None and _SUM_MARK_RE.search(piece) is not None


def is_amount_value(text: str) -> bool:
    """An amount, or a currency sign with its amount left blank ("$")."""
    words = text.split()
    return bool(words) and all(w in _VALUE_SIGNS or AMOUNT_RE.match(w) for w in words)


# What starts a list item, as flow_protos tells them apart.
Mark = str  # "" (none), "bullet", "ordered", "open" / "checked" (a checkbox), "tick"


def list_mark(text: str) -> Mark:
    """The kind of list marker ``text`` starts with ("" for none)."""
    if LIST_START_RE.match(text) is None:
        return ""
    s = text.lstrip()
    c = s[:1]
    # A word between two dashes ("- and" and an en dash between a lawsuit's parties, "- 2 -") is set
    # off by them, not listed: a bullet's item does not close with a dash.
    if c in DASHES and s.rstrip()[-1:] in DASHES and len(s.split()) >= 3:
        return ""
    if c in OPEN_BOXES:
        return "open"
    if c in CHECKED_BOXES:
        return "checked"
    if c in TICKS:
        return "tick"
    if c == "[" and len(s) > 2 and s[2] == "]":
        return "open" if s[1] == " " else "checked"
    if c in BULLETS or c in "-\u2013\u2014*":
        return "bullet"
    return "ordered"


def _cjk(c: str) -> bool:
    """A Chinese or Japanese character (Han, kana, CJK punctuation, full-width forms): these
    scripts put no space between words. Hangul is left out: Korean spaces its words."""
    o = ord(c)
    return (
        (0x2E80 <= o <= 0x9FFF and not 0x3130 <= o <= 0x318F)
        or 0xF900 <= o <= 0xFAFF
        or (0xFF00 <= o <= 0xFFEF and not 0xFFA0 <= o <= 0xFFDC)
        or 0x20000 <= o <= 0x3FFFF
    )


# A web address at the end of a text, and what it may break after ("...%" of "%20", a
# path's "/" or "-"): a sentence's full stop or comma after an address ends it.
_URL_RE = re.compile(r"(?:https?://|www\.)\S*$", re.IGNORECASE)
_URL_BREAKS = "/%-_=&?#~"


# A compound written with its hyphen inside a line ("short-term"), and the letters of a
# word (or compound) before a line-end hyphen, and after the break.
_COMPOUND_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_BEFORE_BREAK_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*-$")
_AFTER_BREAK_RE = re.compile(r"[^\W\d_]+")
# A compound already hyphenated before the hyphen its line ends with ("Backscatter-to-").
_COMPOUND_BREAK_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+-$")


def compounds_in(texts: Iterable[str]) -> frozenset[str]:
    """The hyphenated compounds that ``texts`` write inside their lines, in lower case:
    how the page itself spells a word that one of its lines breaks at a hyphen."""
    return frozenset(m.group().lower() for t in texts if "-" in t for m in _COMPOUND_RE.finditer(t))


def _compound_at_break(text: str, part: str, compounds: frozenset[str]) -> bool:
    """Whether the word that ``text`` breaks at its closing hyphen and ``part`` ends is one
    of ``compounds`` with that hyphen."""
    before = _BEFORE_BREAK_RE.search(text)
    after = _AFTER_BREAK_RE.match(part)
    return before is not None and after is not None and (before.group() + after.group()).lower() in compounds


def join_wrapped(text: str, part: str, compounds: frozenset[str] = frozenset()) -> str:
    """``part``, the next line of a paragraph or cell, added to ``text``: after a space, but
    a word hyphenated at the line's end is joined again, a compound or a web address
    broken there goes on with its hyphen (a compound in lower case where ``compounds``,
    the page's own, has it, or the word before the break is hyphenated already), and two
    CJK characters meet with nothing between them (a Japanese line breaks anywhere, even
    inside a word)."""
    if not text:
        return part
    if not part:
        return text
    if text[-1] in _URL_BREAKS and _URL_RE.search(text) is not None:
        # A web address broken at its line's end goes on unbroken, its hyphens kept
        # (".../Article-IV-Consultation-" / "Press-Release"): an address has no spaces.
        return text + part
    if text.endswith("-") and len(text) >= 2 and text[-2].isalpha():
        if part[:1].isalpha() and _COMPOUND_BREAK_RE.search(text) is not None:
            # A compound already hyphenated before its line's closing hyphen
            # ("Backscatter-to-" / "primary") goes on with that hyphen: a syllable is no
            # word of a compound.
            return text + part
        if part[:1].islower():
            # A syllable's hyphen goes; a compound's stays where the page writes the same
            # compound with its hyphen inside a line ("short-" / "term" and "short-term").
            if compounds and _compound_at_break(text, part, compounds):
                return text + part
            return text[:-1] + part
        if part[:1].isupper():
            # A capital after the break opens no syllable: the hyphen is a compound's
            # ("Sub-" / "Total", "Accountant-" / "General"), kept, the parts joined.
            return text + part
    if text.endswith("-") and len(text) >= 2 and text[-2].isalnum() and part[:1].isdigit():
        # A range broken after its dash ("2026-" / "2027"), or a code after its hyphen
        # ("ADSP-" / "2116x"): the dash is the text's, the break adds no space.
        return text + part
    if _cjk(text[-1]) and _cjk(part[0]):
        return text + part
    return f"{text} {part}"


_NUMERAL_RE = re.compile(r"^\d{1,2}$")
_NUMERAL_TOL_EM = 0.3  # a wrapped line starts this close under the words after the number
_NUMERAL_GAP_EM = 1.0  # the number's gap, under this: a wider one is a form's line number


def numeral_item(row: Row, nxt: Row | None, body: float) -> bool:
    """Whether ``row`` opens an item numbered with a bare number ("1 Customizable and
    conversable agents. ..." in a paper's list of contributions, no point after it): the
    number set at the margin, the item's next line hung under the words after it, not
    under the number, in the body's print (``body``). A heading "1 Introduction" has its
    paragraph at the margin under it and is set larger or bold; a form's line number
    stands a wide gap from its words; "1.1 Scope" is no bare number; a list of
    references numbered so is set smaller than the body, and its numbers are no items'
    (as the references of earlier sets read them)."""
    words = row.words
    if nxt is None or row.bold or len(words) < 2 or _NUMERAL_RE.match(words[0].text) is None:
        return False
    size = row.size
    if abs(size - body) > 0.1 * body:
        return False
    text_x = words[1].bbox[0]
    return (
        text_x - words[0].bbox[2] < _NUMERAL_GAP_EM * size
        and abs(nxt.x0 - text_x) <= _NUMERAL_TOL_EM * size
        and abs(nxt.size - size) <= 0.1 * size
        and 0.5 * size < nxt.top - row.top < 2 * size
    )


def numeral_items(rows: list[Row], body: float) -> set[int]:
    """The indexes of ``rows`` that open items numbered with a bare number
    (:func:`numeral_item`), or with a number set flush against right-to-left words (a
    verse's number with no point and no space: "1" and then the verse's first Hebrew
    word, its digits run straight into letters of the other direction), and run in
    sequence with another such item of the flow (the number before or after theirs). A
    list numbers its items one after the other; a lone number at a line's start is a
    date's day ("03 Mar 2018 18:22" over the shop's registration number on a receipt), a
    quantity or a code, not an item."""
    found: dict[int, int] = {}
    flush: dict[int, int] = {}  # a run of its own: a list keeps one style
    for i, row in enumerate(rows):
        if not row.text[:1].isdigit():
            continue
        if numeral_item(row, rows[i + 1] if i + 1 < len(rows) else None, body):
            found[i] = int(row.words[0].text)
        elif (m := _FLUSH_NUMBER_RE.match(row.text)) is not None:
            flush[i] = int(m.group(1))
    return _in_sequence(found) | _in_sequence(flush)


def _in_sequence(found: dict[int, int]) -> set[int]:
    numbers = set(found.values())
    return {i for i, n in found.items() if n - 1 in numbers or n + 1 in numbers}


# A number run straight into right-to-left letters (Hebrew's presentation forms too).
_FLUSH_NUMBER_RE = re.compile(rf"^(\d{{1,3}})(?=[{_RTL_LETTERS}\ufb1d-\ufb4f])")
# A right-to-left letter closed by a period: an item's letter ("א. ", "ب. "), or a name's
# initial ("מ. כהן") or an abbreviated title (Arabic's "د." for a doctor).
_RTL_LETTERED_RE = re.compile(rf"^\s*({_RTL_LETTER})\.(?=\s)")
# The orders a right-to-left list letters its items in: Hebrew's alphabet, the abjad order
# (Arabic's and Persian's), the Arabic and the Persian alphabets; their letters as
# :func:`_letter` spells them.
_ALPHABETS = (
    "אבגדהוזחטיכלמנסעפצקרשת",
    "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ",
    "أبتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "أبپتثجچحخدذرزژسشصضطظعغفقكگلمنوهي",
)
_LETTER_FOLD = str.maketrans("اإآکی", "أأأكي")


def _letter(text: str) -> str:
    """An item's letter as the orders spell it: Persian's spelt-out alef and its keheh
    and yeh as Arabic's, an alef with or without its hamza alike."""
    return "أ" if text == "\u0627\u0644\u0641" else text.translate(_LETTER_FOLD)


def lettered_items(rows: list[Row]) -> set[int]:
    """The indexes of ``rows`` that open items lettered with a right-to-left letter and a
    period ("א. ", "ب. "), where the flow's letters run in one of the alphabet's orders
    from its first letter up to theirs: a lone letter with a period is as likely a
    name's initial or a title's abbreviation ("د. أحمد") as an item's letter, and a list
    letters its items from the first letter on."""
    found: dict[int, str] = {}
    for i, row in enumerate(rows):
        if row.text.isascii():
            continue
        m = _RTL_LETTERED_RE.match(row.text)
        if m is not None:
            found[i] = _letter(m.group(1))
    if len(found) < 2:
        return set()
    letters = set(found.values())
    ok: set[str] = set()
    for order in _ALPHABETS:
        k = 0
        while k < len(order) and order[k] in letters:
            k += 1
        if k >= 2:
            ok.update(order[:k])
    return {i for i, c in found.items() if c in ok}
