"""Who issued the document: the name and address printed at its head.

On receipts and most invoices the seller's name is the first line of the first page and
its address the lines that follow, up to the first line that is something else (a phone
number, a tax number, a date, a label). A line of a company form ("SDN BHD", "GmbH")
belongs to the name even when the name wraps.
"""

from __future__ import annotations

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
    r"shop|stores|hardware|pharmacy|bakery|hotel)\b\.?",
    re.IGNORECASE,
)
# A line that ends the address block: contact details, tax and registration numbers,
# document words, dates, amounts.
_STOP = re.compile(
    r"\b(tel|phone|fax|h/?p|mobile|email|e-mail|www|http|gst|sst|vat|tax|reg|co\.? ?no|invoice|receipt|"
    r"cashier|date|time|table|order|bill|doc|ust|steuer|tva|btw|iva|iban|page)\b|@|\d{1,2}[/.:-]\d{1,2}[/.:-]\d{2,4}",
    re.IGNORECASE,
)
_ADDRESS_HINT = re.compile(
    r"\d|\b(jalan|jln|taman|lorong|street|st|road|rd|avenue|ave|lane|blvd|strasse|straße|str|weg|platz|rue|"
    r"avenue|straat|laan|calle|via|piazza|no|lot|block|floor|suite)\b",
    re.IGNORECASE,
)
STRONG_FORMS = re.compile(
    r"\b(sdn\.? ?bhd|bhd|berhad|ltd|limited|llc|inc|corp|gmbh|ag|kg|b\.v|n\.v|s\.p\.a|s\.r\.l|plc|pte|"
    r"sarl|s\.a\.s|enterprise|trading)\b",
    re.IGNORECASE,
)
# "(CO.REG :933109-X) LOT 1851-A": a registration number in brackets ahead of the address.
_LEADING_REGISTRATION = re.compile(r"^\([^)]{0,30}\d{4,}[^)]{0,10}\)\s*")
_REGISTRATION = re.compile(
    r"^\(?\s*(?:co\.?\s*(?:reg\.?)?\s*no\.?)?[:\s]*[0-9]{4,}[- ]?[A-Z]?\s*\)?$", re.IGNORECASE
)


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
    letters = sum(ch.isalpha() for ch in text)
    return letters < 3 or letters < 0.4 * len(text.strip())


def _mostly_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and sum(ch.isupper() for ch in letters) >= 0.7 * len(letters)


def _name_line(lines: Sequence[Unit]) -> Unit:
    """The line that names the issuer among the first lines: one with a company form
    ("SDN BHD", "GmbH"), else the first in capitals (letterheads and receipts print the name
    so; a handwritten note above it is not), else the first that is not a label."""
    head = lines[:8]
    for unit in head:
        if STRONG_FORMS.search(unit.text) and not _STOP.search(unit.text):
            return unit
    for unit in head:
        if _mostly_upper(unit.text) and not match_label(unit.text):
            return unit
    return next((u for u in head if not match_label(u.text)), head[0])


def issuer(units: Sequence[Unit]) -> Party | None:
    """The name and address at the head of the first page, or None."""
    first = [u for u in units if u.page == units[0].page] if units else []
    first.sort(key=lambda u: (round(u.bbox[1] / max(u.height, 1.0) / 0.6), u.bbox[0]))
    lines = [u for u in first if not _is_noise(u.text)]
    if not lines:
        return None
    head = _name_line(lines)
    name_units = [head]
    rest = lines[lines.index(head) + 1 :]
    wraps = rest and not COMPANY_FORMS.search(head.text) and COMPANY_FORMS.search(rest[0].text)
    if wraps and not _STOP.search(rest[0].text) and rest[0].bbox[1] - head.bbox[3] < 1.5 * head.height:
        name_units.append(rest[0])  # the name wraps onto a second line
    address: list[tuple[Unit, str]] = []
    for unit in first[first.index(name_units[-1]) + 1 :]:
        text = _LEADING_REGISTRATION.sub("", unit.text.strip())
        if not text or _REGISTRATION.match(text):
            continue  # "(123456-X)": the company number printed under its name
        stop = _STOP.search(text)
        dates = find_dates(text)
        cut = stop.start() if stop else len(text)
        if dates:
            cut = min(cut, text.find(dates[0].raw))
        part = text[:cut].strip()
        if cut < len(text):
            part = part.rstrip(" ,;:-")  # the separator before what was cut off
        if address and unit.bbox[1] - address[-1][0].bbox[3] > 2.0 * unit.height:
            break  # a gap: the address block ended
        if (
            part
            and (address or _ADDRESS_HINT.search(part))
            and not (match_label(part) and not _ADDRESS_HINT.search(part))
        ):
            address.append((unit, part))
        if cut < len(text) or not part or len(address) >= 6:
            break  # the line went on with a phone number, a tax number, a date...
    conf = min((u.confidence or 1.0) for u in name_units) * 0.8
    return Party(
        name=" ".join(u.text.strip() for u in name_units),
        name_box=_union([u.bbox for u in name_units]),
        address=" ".join(part for _, part in address) or None,
        address_box=_union([u.bbox for u, _ in address]) if address else None,
        page=head.page,
        engine=head.engine,
        confidence=conf,
    )
