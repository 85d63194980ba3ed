"""invoice2data as a peer of Pagemill's invoice fields (bench/fields_eval.py).

invoice2data is template-based: a YAML template per issuer, chosen by keywords, then a
regex per field. It runs here with its bundled templates only (none of ours) and its
default text backends (pypdfium2, then poppler's ``pdftotext -layout``, which some templates
pin). Its answer is mapped onto the names and types of Pagemill's record so that both are
scored by the same function.

Not a dependency of the project: install it beside the bench with ``INSTALL``. Without
dateparser, templates whose dates spell the month ("02 Juillet 2015") cannot parse them;
without poppler-utils, templates that pin ``pdftotext`` cannot run.
"""

from __future__ import annotations

import logging
import shutil
import time
from datetime import datetime
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

NAME = "invoice2data"
VERSION = "1.0.1"
INSTALL = f'.venv/bin/pip install "invoice2data[dateparser]=={VERSION}"; apt-get install -y poppler-utils'

# invoice2data's answer key for each of Pagemill's record fields that both return.
# "issuer" is left out: invoice2data writes it from the template (a constant), not the page.
KEYS = {
    "invoice_number": "invoice_number",
    "date": "date",
    "total": "amount",
    "currency": "currency",
    "due_date": "date_due",
    "subtotal": "amount_untaxed",
    "tax": "amount_tax",
    "iban": "iban",
    "bic": "bic",
    "vat": "vat",
}
AMOUNTS = {"total", "subtotal", "tax"}
DATES = {"date", "due_date"}


def unavailable() -> str | None:
    """Why the peer cannot run here, in one line, or None when it can."""
    try:
        installed = metadata.version(NAME)
    except metadata.PackageNotFoundError:
        return f"{NAME} not installed, peer skipped (install: {INSTALL})"
    if installed != VERSION:
        return f"{NAME} {installed} installed, the bench pins {VERSION}: peer skipped (install: {INSTALL})"
    return None


def _typed(field: str, raw: Any) -> Any:
    """invoice2data's float amounts and datetimes as Pagemill's Decimal and ISO date."""
    if raw is None or raw == "":
        return None
    if field in AMOUNTS:
        # its amounts are floats: str() gives back the printed digits (279.84, not 279.8399...)
        return Decimal(str(raw))
    if field in DATES:
        return raw.date().isoformat() if isinstance(raw, datetime) else str(raw)
    return str(raw)


class Invoice2DataPeer:
    """One invoice2data instance holding its bundled templates, read once."""

    def __init__(self) -> None:
        from invoice2data import Invoice2Data

        # Its log says which template failed which regex on every document: noise here.
        logging.getLogger(NAME).setLevel(logging.CRITICAL)
        self._i2d = Invoice2Data(load_built_in_templates=True)
        self.templates = len(self._i2d.templates)
        self.pdftotext = shutil.which("pdftotext") is not None

    def fields(self, pdf: Path) -> dict[str, Any]:
        """The fields found on one PDF (None where no template matched or the field is
        absent), with the template used and the seconds it took."""
        started = time.monotonic()
        answer = self._i2d.extract_data(str(pdf))
        got = {field: _typed(field, answer.get(key)) for field, key in KEYS.items()}
        return {
            "got": got,
            "template": answer.get("template_name"),
            "seconds": round(time.monotonic() - started, 3),
        }
