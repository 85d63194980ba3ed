"""A German or Estonian date writes day and month as "dd.mm." ("24.12. Heiligabend"): an
opening-hours page lists them line under line, and they read as sub-clause numbers
("5.1.", "12.3.1."), so every line became a numbered list item
(worker/engines/layout/patterns.py)."""

from __future__ import annotations

from tests.layout_pages import ocr_line
from worker.engines.layout import layout_lines
from worker.engines.layout.patterns import MARKER_ONLY_RE, list_mark

_HOURS = [
    "Öffnungszeiten über die Feiertage",
    "24.12. Heiligabend geschlossen",
    "25.12. und 26.12. geschlossen",
    "31.12. Silvester 9 bis 12 Uhr",
    "01.01. Neujahr geschlossen",
    "01.02. bis 15.02. Urlaub",
]


def test_day_month_is_no_list_marker() -> None:
    for text in _HOURS[1:]:
        assert list_mark(text) == "", text
    assert MARKER_ONLY_RE.match("24.12.") is None


def test_clause_numbers_stay_list_markers() -> None:
    for text in (
        "5.1. Scope of the agreement",
        "12.3.1. Notices",
        "1.2. Terms",
        "01.02.03. Annex",
        "3. Item",
    ):
        assert list_mark(text) == "ordered", text


def test_opening_hours_page_has_no_numbered_items() -> None:
    lines = [ocr_line(text, 72, 100 + 18 * i, 72 + 6.0 * len(text)) for i, text in enumerate(_HOURS)]
    blocks = layout_lines(lines, 612, 792)
    assert not [b.text for b in blocks if b.kind == "list_item"]
    assert "24.12. Heiligabend geschlossen" in " ".join(b.text for b in blocks)
