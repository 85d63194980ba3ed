"""A contract's parties, effective date, term and governing law, where it states them.

Contracts state these in sentences, not labelled boxes, so they are read from each
block's text (a paragraph's lines joined) with the phrasings contracts use in English,
German, French, Dutch, Spanish and Italian. Each value keeps the sentence's words as
printed, the block's page and box, and a confidence; what a contract does not state is
null, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from common.documents.results import PageResult
from common.extraction.values import find_dates

_NAME = r"([A-Z0-9][^,;()\n]{1,80}?)"
PARTIES = [
    re.compile(
        rf"\b(?:by and )?between\s+{_NAME}\s*(?:\([^)]*\))?,?\s+and\s+{_NAME}\s*(?:\(|,|\.|;|$)", re.I
    ),
    re.compile(rf"\bzwischen\s+{_NAME}\s*(?:\([^)]*\))?,?\s+und\s+{_NAME}\s*(?:\(|,|\.|;|$)", re.I),
    re.compile(rf"\bentre\s+{_NAME}\s*(?:\([^)]*\))?,?\s+(?:et|y)\s+{_NAME}\s*(?:\(|,|\.|;|$)", re.I),
    re.compile(rf"\btussen\s+{_NAME}\s*(?:\([^)]*\))?,?\s+en\s+{_NAME}\s*(?:\(|,|\.|;|$)", re.I),
    re.compile(rf"\btra\s+{_NAME}\s*(?:\([^)]*\))?,?\s+e\s+{_NAME}\s*(?:\(|,|\.|;|$)", re.I),
]
EFFECTIVE = re.compile(
    r"(effective(?: date)?(?: as of| from| on)?|with effect from|dated|made on|entered into on|gültig ab|"
    r"mit wirkung (?:vom|zum)|in kraft ab|en vigueur (?:le|à compter du)|à compter du|ingangsdatum|"
    r"met ingang van|con efectos desde|en vigor desde|a partire dal|con decorrenza dal)\s*:?\s*",
    re.I,
)
_UNITS = {
    "day": "days",
    "days": "days",
    "tag": "days",
    "tage": "days",
    "tagen": "days",
    "jours": "days",
    "jour": "days",
    "dagen": "days",
    "días": "days",
    "giorni": "days",
    "month": "months",
    "months": "months",
    "monat": "months",
    "monate": "months",
    "monaten": "months",
    "mois": "months",
    "maanden": "months",
    "meses": "months",
    "mesi": "months",
    "year": "years",
    "years": "years",
    "jahr": "years",
    "jahre": "years",
    "jahren": "years",
    "ans": "years",
    "an": "years",
    "années": "years",
    "jaar": "years",
    "años": "years",
    "anni": "years",
}
_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "thirty-six": 36,
    "ein": 1,
    "eins": 1,
    "zwei": 2,
    "drei": 3,
    "un": 1,
    "deux": 2,
    "trois": 3,
    "een": 1,
    "twee": 2,
    "drie": 3,
    "uno": 1,
    "dos": 2,
    "tres": 3,
    "due": 2,
    "tre": 3,
}
TERM = re.compile(
    r"(?:term|period|duration|laufzeit|dauer|durée|looptijd|duur|duración|plazo|durata)\s+(?:of|von|de|van|di)\s+"
    r"(?:(\w+(?:-\w+)?)\s*\((\d{1,3})\)|(\d{1,3})|([a-zäéíó-]+))\s+([a-zäéíó]+)",
    re.I,
)
LAW = [
    re.compile(
        r"governed by(?: and construed in accordance with)?,?\s+the laws? of\s+([^.;,\n]{2,60})", re.I
    ),
    re.compile(
        r"governing law\s*[:.]?\s*(?:this agreement is governed by )?(?:the laws? of\s+)?([^.;\n]{2,60})",
        re.I,
    ),
    re.compile(r"unterliegt\s+(?:dem|ausschließlich dem)\s+(\w+en)\s+recht", re.I),
    re.compile(r"unterliegt\s+dem recht (?:der|des)\s+([^.;,\n]{2,60})", re.I),
    re.compile(r"régi(?:e)? par le droit\s+([^.;,\n]{2,40})", re.I),
    re.compile(r"beheerst door (?:het )?(\w+e) recht", re.I),
    re.compile(r"se regirá por las leyes de\s+([^.;,\n]{2,60})", re.I),
    re.compile(r"regolat[oa] dalla legge\s+([^.;,\n]{2,40})", re.I),
]


def _value(raw: str, value: Any, page: PageResult, bbox: Any, confidence: float) -> dict[str, Any]:
    return {
        "raw": raw.strip(),
        "value": value,
        "page": page.page_no,
        "box": [round(float(v), 2) for v in bbox],
        "confidence": confidence,
        "engine": page.engine,
    }


def _trim(name: str) -> str:
    # "zwischen A und B geschlossen": a name ends at its last capitalized word; a verb or
    # particle after it is the sentence going on.
    words = name.split()
    while len(words) > 1 and words[-1][:1].islower():
        words.pop()
    return " ".join(words)


def contract_fields(pages: Sequence[PageResult]) -> dict[str, Any]:
    """parties, effective_date, term and governing_law, each found or null."""
    out: dict[str, Any] = {"parties": None, "effective_date": None, "term": None, "governing_law": None}
    for page in pages:
        for block in page.blocks:
            if block.kind == "table" or not block.text.strip():
                continue
            text = " ".join(block.text.split())
            if out["parties"] is None:
                for pattern in PARTIES:
                    m = pattern.search(text)
                    if m:
                        names = [_trim(m.group(1)), _trim(m.group(2))]
                        out["parties"] = _value(m.group(0), names, page, block.bbox, 0.8)
                        break
            if out["effective_date"] is None:
                for m in EFFECTIVE.finditer(text):
                    dates = find_dates(text[m.end() : m.end() + 40])
                    if dates and text[m.end() :].startswith(dates[0].raw[:2]):
                        raw = m.group(0) + dates[0].raw
                        out["effective_date"] = _value(
                            raw, dates[0].value.isoformat(), page, block.bbox, 0.85
                        )
                        break
            if out["term"] is None:
                m = TERM.search(text)
                if m:
                    unit = _UNITS.get(m.group(5).lower())
                    count_text = m.group(2) or m.group(3) or m.group(4) or m.group(1)
                    count = (
                        int(count_text)
                        if count_text and count_text.isdigit()
                        else _WORDS.get((count_text or "").lower())
                    )
                    if unit and count:
                        out["term"] = _value(
                            m.group(0), {"count": count, "unit": unit}, page, block.bbox, 0.8
                        )
            if out["governing_law"] is None:
                for pattern in LAW:
                    m = pattern.search(text)
                    if m:
                        law = m.group(1).strip().rstrip(",")
                        out["governing_law"] = _value(m.group(0), law, page, block.bbox, 0.85)
                        break
    return out
