"""Typed values as printed on invoices and receipts: amounts, dates and identifiers.

Each parser takes the text as printed and returns the normalized value (a Decimal, an ISO
date, an IBAN without spaces) with the exact substring it read, or None. Identifiers are
checked with python-stdnum, never by hand-written check-digit code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.eu import vat as stdnum_vat
from stdnum.exceptions import ValidationError

# Symbols and codes as printed, to ISO 4217. "RM" is the Malaysian ringgit (receipts).
CURRENCY_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "CHF": "CHF",
    "RM": "MYR",
    "Fr.": "CHF",
    "kr": "SEK",
    "zł": "PLN",
    "R$": "BRL",
    "A$": "AUD",
    "C$": "CAD",
    "Rs": "INR",
    "Rs.": "INR",
    "SGD$": "SGD",
}
CURRENCY_CODES = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "CHF",
        "JPY",
        "CNY",
        "INR",
        "MYR",
        "SGD",
        "AUD",
        "CAD",
        "NZD",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "CZK",
        "HUF",
        "BRL",
        "MXN",
        "ZAR",
        "HKD",
    ]
)
_CUR = "|".join(re.escape(c) for c in sorted([*CURRENCY_SYMBOLS, *CURRENCY_CODES], key=len, reverse=True))
# A number as printed: optional sign, digits with thousands separators (, . ' space or a
# narrow/no-break space) and one decimal part, or plain digits.
_NUM = r"[-\u2212+]?(?:\d{1,3}(?:[,.'\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
AMOUNT_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<sign>[-\u2212])\s?(?={_CUR}))?(?:(?P<cur1>{_CUR})\s?)?(?P<num>{_NUM})"
    # a code after the number is its own unless another number follows ("RM 50.00 RM 33.90")
    rf"(?:\s?(?P<cur2>{_CUR})(?!\s?\d))?(?![\w,]|\.\d)",
)


@dataclass(frozen=True)
class Amount:
    raw: str  # the substring it was read from
    value: Decimal
    currency: str | None  # ISO 4217, where the text names one

    def json(self) -> dict[str, str | None]:
        return {"amount": f"{self.value:f}", "currency": self.currency}


def parse_number(text: str) -> Decimal | None:
    """A printed number to a Decimal, deciding which mark is the decimal point: the last of
    two different marks; a lone mark followed by one or two digits; otherwise (1.234,
    12,500) a thousands separator."""
    s = text.strip().replace("\u2212", "-").replace("\u00a0", "").replace("\u202f", "").replace("'", "")
    s = s.replace(" ", "")
    if not s or not re.fullmatch(r"[-+]?[\d.,]+", s):
        return None
    sign = "-" if s.startswith("-") else ""
    s = s.lstrip("+-")
    marks = [c for c in s if c in ".,"]
    if marks:
        last = max(s.rfind("."), s.rfind(","))
        decimals = len(s) - last - 1
        if len(set(marks)) == 2 or (len(marks) == 1 and decimals in (1, 2)):
            s = re.sub(r"[.,]", "", s[:last]) + "." + s[last + 1 :]
        else:
            s = re.sub(r"[.,]", "", s)
    try:
        return Decimal(sign + s)
    except InvalidOperation:
        return None


def _currency(token: str | None) -> str | None:
    if token is None:
        return None
    return CURRENCY_SYMBOLS.get(token, token if token in CURRENCY_CODES else None)


def find_amounts(text: str) -> list[Amount]:
    """Every amount in ``text``, left to right."""
    found: list[Amount] = []
    for m in AMOUNT_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        if m.group("sign") and value > 0:
            value = -value  # "-RM 0.02": the sign before the currency
        found.append(Amount(m.group(0).strip(), value, _currency(m.group("cur1") or m.group("cur2"))))
    return found


# Month names in the label languages (English, German, French, Dutch, Spanish, Italian),
# with their usual abbreviations, lowercased and without accents' variants both ways.
_MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    [
        "january jan januar jänner janvier janv januari enero ene gennaio gen",
        "february feb februar fevrier février févr fevr februari febrero febbraio",
        "march mar märz maerz marz mars maart marzo",
        "april apr avril avr abril aprile",
        "may mai mei mayo maggio mag",
        "june jun juni juin junio giugno giu",
        "july jul juli juillet juil julio luglio lug",
        "august aug august aout août augustus agosto ago",
        "september sep sept septembre septiembre settembre set",
        "october oct oktober okt octobre oktober octubre ottobre ott",
        "november nov novembre noviembre",
        "december dec dez dezember decembre décembre déc december diciembre dic dicembre",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _n)
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_DATE_PATTERNS = [
    # 2023-03-20, 2023/03/20, 2023.03.20
    ("ymd", re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")),
    # 20/03/2023, 03-20-2023, 20.03.23; a time glued to a four-digit year ("5/3/201822:52:33")
    (
        "dmy",
        re.compile(
            r"(?<![\d/.-])(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.]"
            r"(?P<y>(?:19|20)\d\d(?=\d{1,2}:\d\d)|(?:19|20)?\d\d(?![\d/-]))"
        ),
    ),
    # one of the slashes OCR'd as a "1": "25/1212018", "2511212018" is left alone
    ("dmy", re.compile(r"(?<![\d/.-])(?P<a>\d\d)/(?P<b>\d\d)1(?P<y>(?:19|20)\d\d)(?![\d/-])")),
    ("dmy", re.compile(r"(?<![\d/.-])(?P<a>\d\d)1(?P<b>\d\d)/(?P<y>(?:19|20)\d\d)(?![\d/-])")),
    # a number glued before a date with a four-digit year: "Order No.100021911/03/2018"
    ("dmy", re.compile(r"(?<=\d)(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)(?!\d)")),
    # 20 March 2023, 20. März 2023, 20-Mar-2023, 1er janvier 2023
    (
        "d_month_y",
        re.compile(
            rf"(?<!\d)(?P<d>\d{{1,2}})(?:\.|er|st|nd|rd|th)?[\s\-/]*(?P<mon>{_MONTH_RE})\.?[\s\-/,]*(?P<y>(?:19|20)\d\d|'\d\d)(?!\d)",
            re.IGNORECASE,
        ),
    ),
    # 05-Mar-18, 05/MAR/18: a two-digit year only between dashes or slashes ("1 SET 12.90"
    # is a set meal, not a date)
    (
        "d_month_y",
        re.compile(
            rf"(?<![\d/-])(?P<d>\d{{1,2}})(?P<sep>[-/])(?P<mon>{_MONTH_RE})(?P=sep)(?P<y>\d\d)(?![\d:.,/-])",
            re.IGNORECASE,
        ),
    ),
    # 28 Mar 18 18:32: a two-digit year between spaces only where a time follows
    (
        "d_month_y",
        re.compile(
            rf"(?<![\d/-])(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH_RE})\s+(?P<y>\d\d)(?=\s+\d{{1,2}}[:.]\d\d(?!\d))",
            re.IGNORECASE,
        ),
    ),
    # March 20, 2023 / Mar 20 2023
    (
        "month_d_y",
        re.compile(
            rf"(?<![a-z])(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<y>(?:19|20)\d\d)(?!\d)",
            re.IGNORECASE,
        ),
    ),
]


@dataclass(frozen=True)
class ParsedDate:
    raw: str
    value: date
    ambiguous: bool = False  # day and month could be swapped (both <= 12)


def _year(text: str) -> int:
    y = int(text.lstrip("'"))
    return y + 2000 if y < 100 else y


def find_dates(text: str, *, month_first: bool = False) -> list[ParsedDate]:
    """Every date in ``text``, left to right. ``month_first``: read 03/04/2023 as March 4
    (US documents); a first number over 12 decides by itself."""
    found: list[tuple[int, ParsedDate]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            g = m.groupdict()
            ambiguous = False
            if kind == "ymd":
                y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
            elif kind == "dmy":
                a, b, y = int(g["a"]), int(g["b"]), _year(g["y"])
                dotted = "." in m.group(0)  # 04.05.2023 is day first wherever it is printed
                if a > 12 or (b <= 12 and (not month_first or dotted)):
                    d, mo = a, b
                else:
                    mo, d = a, b
                ambiguous = a <= 12 and b <= 12 and a != b
            else:
                y, d = _year(g["y"]), int(g["d"])
                mo = _MONTHS[g["mon"].lower()]
            try:
                value = date(y, mo, d)
            except ValueError:
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), ParsedDate(m.group(0), value, ambiguous)))
    return [p for _, p in sorted(found, key=lambda item: item[0])]


def parse_iban(text: str) -> str | None:
    """An IBAN with valid check digits, compacted (no spaces), or None."""
    m = re.search(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{2,4}){3,8}\b", text.upper())
    if m is None:
        return None
    try:
        return str(stdnum_iban.validate(m.group(0)))
    except ValidationError:
        return None


def iban_substring(text: str) -> str | None:
    m = re.search(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{2,4}){3,8}\b", text.upper())
    return m.group(0) if m else None


def parse_bic(text: str) -> str | None:
    for m in re.finditer(r"\b[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b", text.upper()):
        try:
            return str(stdnum_bic.validate(m.group(0)))
        except ValidationError:
            continue
    return None


# A country code, then digits (a Spanish NIF may start with a letter: ESB58378431).
VAT_RE = re.compile(r"(?<![A-Z0-9])([A-Z]{2})[ .]?([0-9A-Z]?[0-9][0-9A-Z .]{5,14}[0-9A-Z])(?![A-Z0-9])")


def check_vat(text: str) -> tuple[str, bool] | None:
    """A VAT identification number as printed (a country code, then digits): its compact
    form and whether its check digits hold (EU numbers, by python-stdnum). None where no
    candidate is found."""
    for m in VAT_RE.finditer(text.upper()):
        candidate = (m.group(1) + m.group(2)).replace(" ", "").replace(".", "")
        try:
            return str(stdnum_vat.validate(candidate)), True
        except ValidationError:
            if re.fullmatch(r"[A-Z]{2}[0-9A-Z]{8,12}", candidate):
                return candidate, False
    return None
