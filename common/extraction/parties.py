"""Who issued the document: the name and address printed at its head.

On receipts and most invoices the seller's name is the first line of the first page and
its address the lines that follow, up to the first line that is something else (a phone
number, a tax number, a date, a label). A line of a company form ("SDN BHD", "GmbH")
belongs to the name even when the name wraps.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from common.documents.results import BBox
from common.extraction.labels import match_label
from common.extraction.units import Unit
from common.extraction.values import find_dates

COMPANY_FORMS = re.compile(
    r"\b(sdn\.? ?bhd|bhd|berhad|enterprise|trading|ltd|limited|llc|inc|corp|co\.|gmbh|ag|kg|ug|"
    r"s\.?a\.?r?\.?l?|"
    r"b\.?v\.?|n\.?v\.?|s\.?p\.?a\.?|s\.?r\.?l\.?|plc|pte|oy|ab|as|restaurant|cafe|café|store|mart|market|"
    r"shop|stores|hardware|pharmacy|bakery|hotel)(?!\w)\.?",  # not \b: "CO." ends in a dot
    re.IGNORECASE,
)
# A line that ends the address block: contact details, tax and registration numbers,
# document words, dates, amounts.
_STOP = re.compile(
    r"\b(tel|te1|telephone|phone|fax|h/?p|mobile|email|e-mail|www|http|gst\w*|sst|vat|tax|reg|r[o0]c|"
    r"co\.? ?no|company ?no|taxinvoice|invoice|receipt|cashier|date|time|table|order|bill|doc|ust|steuer|"
    r"tva|btw|iva|iban|page|guest ?check)\b"
    r"|@"
    # a phone number printed without its label: "07-355 2616", "+603-6262 9219"
    r"|(?<![\w-])\+?6?0\d{1,2}[- ]\d{3,4}[- ]?\d{3,4}(?![\w-])",
    re.IGNORECASE,
)
_ADDRESS_HINT = re.compile(
    r"\d|\b(jalan|jln|taman|lorong|street|st|road|rd|avenue|ave|lane|blvd|strasse|straße|str|weg|platz|rue|"
    r"avenue|straat|laan|calle|via|piazza|no|lot|block|floor|suite)\b",
    re.IGNORECASE,
)
STRONG_FORMS = re.compile(
    r"\b(sdn\.? ?bhd|bhd|berhad|ltd|limited|llc|inc|corp|gmbh|ag|kg|b\.v|n\.v|s\.p\.a|s\.r\.l|plc|pte|"
    r"sarl|s\.a\.s|enterprise|trading)\b|\bs/b\b",
    re.IGNORECASE,
)
# "(CO.REG :933109-X) LOT 1851-A", "Company No:002643278-A LOT 2685": a registration
# number ahead of the address, in brackets (whatever the OCR made of its label:
# "(CO.RFG : 86Q671-D)") or after a company-number label.
_LEADING_REGISTRATION = re.compile(
    r"^(?:\((?=(?:[^)\d]*\d){4})[^)]{0,40}\)|(?:company|co|reg|r[o0]c|br)\b[^:]{0,15}:\s*\(?[A-Z0-9]{0,3}\d{4,}[\w-]*\)?)\s*",
    re.IGNORECASE,
)
_REGISTRATION = re.compile(
    r"^\(?\s*(?:co\.?\s*(?:reg\.?)?\s*no\.?)?[:\s]*[A-Z]{0,3}[0-9]{4,}[- ]?[A-Z]?\s*\)?$", re.IGNORECASE
)
# "AEON CO. (M) BHD (126926-H)": the company number printed after the name.
# Printed bare, a company number has its check letter: "banh mi cafe sdn bhd 1110644-W".
_TRAILING_REGISTRATION = re.compile(
    r"\s*\(?\s*[A-Z]{0,3}\d{4,}\s?-?\s?[A-Z]?\s*\)\s*$|\s+\(\s*[A-Z]{0,3}\d{4,}-?[A-Z]?\s*$"
    r"|\s+[A-Z]{0,3}\d{5,}-[A-Z]\s*$"
)
# "Dimiliki: banh mi cafe sdn bhd" ("owned by"), "Operated by: ...": a one-word label before
# the name on its line, dropped when what follows is a company.
_LEADING_LABEL = re.compile(r"^[^\W\d_]{3,20}\s*:\s*")
# A line that is a label and a number and nothing else ends the address: a phone or tax
# number under an unknown label ("myNEWScareline: 1800 88 1231", "GSTID: 000433614848").
_LABELLED_NUMBER = re.compile(r"^[^:\d]{2,30}:\s*[\d\s()+/-]{6,}$")
# "Site 2395", "Store: 12": the shop's own number on a line of its own, before the address.
_SITE_NUMBER = re.compile(r"^([^\W\d_]+)\s*:?\s*\d+$")
_LOPSIDED_AMPERSAND = re.compile(r"(?<=\w) &(?=\w)|(?<=\w)& (?=\w)")
# A name that goes on below: it ends in "&" or a comma, or leaves a bracket open.
_OPEN_END = re.compile(r"(?:[&,+-]|\band|\bof)\s*$", re.IGNORECASE)


@functools.cache
def _countries() -> frozenset[str]:
    import pycountry  # its data loads on first use: only documents with an address pay

    names = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if name := getattr(country, attr, None):
                names.add(" ".join(re.sub(r"[^\w\s]", " ", name).casefold().split()))
    return frozenset(names)


def _ends_with_country(text: str) -> bool:
    """The line ends in a country's name ("56000 Kuala Lumpur, Malaysia"): the last line of
    a postal address, whatever is printed under it (a branch's name, a mall)."""
    words = re.sub(r"[^\w\s]", " ", text).casefold().split()
    return any(" ".join(words[-n:]) in _countries() for n in (3, 2, 1) if len(words) >= n)


@dataclass(frozen=True)
class Party:
    name: str
    name_box: BBox
    address: str | None
    address_box: BBox | None
    page: int
    engine: str
    confidence: float


def _union(boxes: Sequence[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _is_noise(text: str) -> bool:
    text = _TRAILING_REGISTRATION.sub("", text) or text
    letters = sum(ch.isalpha() for ch in text)
    return letters < 3 or letters < 0.4 * len(text.strip())


def _mostly_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and sum(ch.isupper() for ch in letters) >= 0.7 * len(letters)


def _reading_order(units: Sequence[Unit]) -> list[Unit]:
    """Top to bottom, and left to right within a row: lines whose middles lie within half a
    typical line height share a row (a tall line is not moved up by its height)."""
    if not units:
        return []
    heights = sorted(u.height for u in units)
    tolerance = 0.5 * heights[len(heights) // 2]
    rows: list[list[Unit]] = []
    for unit in sorted(units, key=lambda u: (u.bbox[1] + u.bbox[3]) / 2):
        middle = (unit.bbox[1] + unit.bbox[3]) / 2
        if rows and middle - (rows[-1][0].bbox[1] + rows[-1][0].bbox[3]) / 2 <= tolerance:
            rows[-1].append(unit)
        else:
            rows.append([unit])
    return [u for row in rows for u in sorted(row, key=lambda u: u.bbox[0])]


def _name_line(lines: Sequence[Unit]) -> Unit:
    """The line that names the issuer among the first lines, above its contact details and
    the document's title: one with a company form ("SDN BHD", "GmbH"), else the first in
    capitals (letterheads and receipts print the name so; a handwritten note above it is
    not), else the first that is not a label."""
    head = list(lines[:8])
    stop = next((i for i, u in enumerate(head) if _STOP.search(u.text) or find_dates(u.text)), len(head))
    head = head[:stop] or head  # "TEL ...", "TAX INVOICE": the customer's name may follow
    for unit in head:
        if STRONG_FORMS.search(unit.text) and not _STOP.search(unit.text):
            return unit
    for unit in head:
        if _mostly_upper(unit.text) and not match_label(unit.text):
            return unit
    return next((u for u in head if not match_label(u.text)), head[0])


def _close(upper: Unit, lower: Unit) -> bool:
    return lower.bbox[1] - upper.bbox[3] < 1.5 * upper.height


def _name_units(lines: Sequence[Unit], head: Unit) -> list[Unit]:
    """The name's lines: the chosen one, the line above where the chosen one starts with a
    company form ("ENTERPRISE (SETIA" under "AIK HUAT HARDWARE"), and the lines below while
    the name is unfinished (it ends in "&", leaves a bracket open, or its company form is
    on the next line)."""
    at = lines.index(head)
    units = [head]
    above = lines[at - 1] if at > 0 else None
    starts = COMPANY_FORMS.match(head.text.strip())
    # A line that is nothing but the form ("Sdn Bhd" under "Nando's Chickenland Malaysia")
    # ends a name printed above it, whatever its case.
    only_form = starts is not None and not COMPANY_FORMS.sub("", head.text).strip(" .,()-")
    if (
        above is not None
        and starts
        and (_mostly_upper(above.text) or only_form)
        and _close(above, head)
        and not _STOP.search(above.text)
        and not STRONG_FORMS.search(above.text)
    ):
        units.insert(0, above)
    for unit in lines[at + 1 : at + 3]:
        text = " ".join(u.text.strip() for u in units)
        unfinished = bool(_OPEN_END.search(text)) or text.count("(") > text.count(")")
        form_below = not COMPANY_FORMS.search(text) and COMPANY_FORMS.search(unit.text)
        if not (unfinished or form_below) or _STOP.search(unit.text) or not _close(units[-1], unit):
            break
        address_like = _REGISTRATION.match(unit.text.strip()) or (
            _ADDRESS_HINT.search(unit.text) and not form_below
        )
        if address_like and (not unfinished or any(ch.isdigit() for ch in unit.text)):
            break  # the address starts: "NO.1, JALAN ..." under "ABC TRADING &"
        units.append(unit)
    return units


def issuer(units: Sequence[Unit]) -> Party | None:
    """The name and address at the head of the first page, or None."""
    first = _reading_order([u for u in units if u.page == units[0].page] if units else [])
    lines = [u for u in first if not _is_noise(u.text)]
    if not lines:
        return None
    head = _name_line(lines)
    name_units = _name_units(lines, head)
    address: list[tuple[Unit, str]] = []
    skipped = 0
    for unit in first[first.index(name_units[-1]) + 1 :]:
        text = _LEADING_REGISTRATION.sub("", unit.text.strip())
        if not text or _REGISTRATION.match(text):
            if address:
                break  # the company number under the address: the block ended
            continue  # "(123456-X)": the company number printed under its name
        stop = _STOP.search(text)
        dates = find_dates(text)
        cut = stop.start() if stop else len(text)
        if dates:
            cut = min(cut, text.find(dates[0].raw))
        part = text[:cut].strip()
        if address and unit.bbox[1] - address[-1][0].bbox[3] > 2.0 * unit.height:
            break  # a gap: the address block ended
        if address and _ends_with_country(address[-1][1]):
            break
        if _LABELLED_NUMBER.match(text):
            if address:
                break
            continue
        if (
            not address
            and skipped < 2
            and (site := _SITE_NUMBER.match(text))
            and not _ADDRESS_HINT.search(site[1])
        ):
            skipped += 1
            continue
        if cut < len(text) and part.endswith(":"):
            part = ""  # "T: 03-2093 7358": the label of what was cut off
        if cut < len(text):
            part = part.rstrip(" ,;:-")  # the separator before what was cut off
        if (
            part
            and (address or _ADDRESS_HINT.search(part))
            and not (match_label(part) and not _ADDRESS_HINT.search(part))
        ):
            address.append((unit, part))
        elif not address and not part and skipped < 2:
            skipped += 1  # a date, a registration or a tax number between name and address
            continue
        if cut < len(text) or not part or len(address) >= 6:
            break  # the line went on with a phone number, a tax number, a date...
    conf = min((u.confidence or 1.0) for u in name_units) * 0.8
    name = " ".join(u.text.strip() for u in name_units)
    # "STATIONERY &BOOKS": the OCR dropped the space on one side of an ampersand between
    # words ("M&S", printed without spaces, keeps its form)
    name = _LOPSIDED_AMPERSAND.sub(" & ", name)
    unlabelled = _LEADING_LABEL.sub("", name)
    if unlabelled != name and STRONG_FORMS.search(unlabelled):
        name = unlabelled
    return Party(
        name=_TRAILING_REGISTRATION.sub("", name) or name,
        name_box=_union([u.bbox for u in name_units]),
        address=" ".join(part for _, part in address) or None,
        address_box=_union([u.bbox for u, _ in address]) if address else None,
        page=head.page,
        engine=head.engine,
        confidence=conf,
    )
