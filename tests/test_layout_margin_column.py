"""A narrow column of labels over values in the left margin beside the body (a council
document's "Datum:" over its date, "Vastgesteld door:" over the council) is read after
the body, not between the body's paragraphs or before a ruled table beside it; labels
level with their values (a form's rows) stay where they are."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import LEFT_TEXT, RIGHT_TEXT, convert

_, HEIGHT = A4
MARGIN = [("Datum:", "18-12-2024"), ("Vastgesteld door:", "Gemeenteraad"), ("Registratienummer:", "4453")]


def _margin(c: canvas.Canvas, y: float) -> None:
    """The margin column at x 47: a 7 pt label over a 9 pt value, a blank line apart."""
    for label, value in MARGIN:
        c.setFont("Helvetica", 7)
        c.drawString(47, y, label)
        c.setFont("Helvetica", 9)
        c.drawString(47, y - 11, value)
        y -= 39


def _bylaw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(170, HEIGHT - 120, "Verordening")
    y = HEIGHT - 150
    c.setFont("Helvetica", 9)
    for k, text in enumerate((LEFT_TEXT, RIGHT_TEXT, LEFT_TEXT, RIGHT_TEXT)):
        for line in simpleSplit(f"Article {k + 1}. {text}", "Helvetica", 9, 350):
            c.drawString(170, y, line)
            y -= 13
        y -= 13
    # Beside the body's first paragraphs, its lines at heights of their own.
    _margin(c, HEIGHT - 184)
    c.save()
    return path


def _form(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 9)
    c.drawString(170, HEIGHT - 120, "Formulier algemene informatie")
    rows = [
        ("Vastgesteld door:", "Gemeenteraad van Heerlen"),
        ("Citeertitel:", "Parkeerverordening 2025"),
        ("Wettelijke grondslag:", "Gemeentewet, art. 149"),
        ("Beleidsonderwerp", "Verkeer"),
        ("Afdelingscode:", "36.11.3"),
        ("Datum inwerkingtreding:", "1 dag na publicatie"),
    ]
    top, h, xs = HEIGHT - 140, 19.2, [170, 330, 520]
    c.setLineWidth(0.5)
    for r in range(len(rows) + 1):
        c.line(xs[0], top - r * h, xs[-1], top - r * h)
    for x in xs:
        c.line(x, top, x, top - len(rows) * h)
    c.setFont("Helvetica", 7)
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            c.drawString(xs[k] + 4, top - r * h - 12, cell)
    c.setFont("Helvetica-Bold", 7)
    c.drawString(174, top - len(rows) * h - 20, "Onderstaande gegevens niet zelf invullen.")
    c.setFont("Helvetica", 7)
    c.drawString(174, top - len(rows) * h - 40, "Datum besluit intrekking:")
    # Beside the table's rows, at heights of their own, in the table's print.
    y = HEIGHT - 160
    for label, value in MARGIN:
        c.drawString(49, y, label)
        c.drawString(49, y - 17, value)
        y -= 40
    c.save()
    return path


def _labels_level(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(170, HEIGHT - 100, "Application")
    c.setFont("Helvetica", 9)
    y = HEIGHT - 130
    for label, value in [("Name:", "Jane Smith"), ("Street:", "12 Main Street"), ("City:", "Springfield")]:
        c.drawString(47, y, label)
        c.drawString(170, y, value)
        y -= 18
    for line in simpleSplit(LEFT_TEXT, "Helvetica", 9, 350):
        c.drawString(170, y, line)
        y -= 13
    c.save()
    return path


def _order(path: Path) -> list[str]:
    return [b.text for b in convert(path).blocks if b.kind not in ("page_header", "page_footer")]


def test_given_a_margin_column_beside_the_body_then_it_is_read_after_the_body(tmp_path: Path) -> None:
    # given: a bylaw's articles with a column of labels over values in the left margin
    # when
    texts = _order(_bylaw(tmp_path / "bylaw.pdf"))

    # then: every article first, then the margin's labels and values in their order
    articles = [i for i, t in enumerate(texts) if t.startswith("Article")]
    labels = [i for i, t in enumerate(texts) if t.startswith(("Datum:", "Vastgesteld", "Registratie"))]
    assert len(articles) == 4 and len(labels) == 3, texts
    assert max(articles) < min(labels), texts
    assert texts[-1].endswith("4453"), texts


def test_given_a_margin_column_beside_a_ruled_table_then_it_is_read_after_the_table(tmp_path: Path) -> None:
    # given: a form's ruled label/value table, and a margin column of labels over values left of it
    # when
    blocks = [b for b in convert(_form(tmp_path / "form.pdf")).blocks if b.kind != "page_header"]

    # then: the title, the table, the lines under it, and the margin column last
    kinds = [b.kind for b in blocks]
    assert kinds.index("table") == 1, [b.text for b in blocks]
    texts = [b.text for b in blocks]
    under = texts.index("Datum besluit intrekking:")
    labels = [i for i, t in enumerate(texts) if t.startswith(("Datum:", "Vastgesteld door:", "Registratie"))]
    assert len(labels) == 3 and min(labels) > under, texts


def test_given_labels_level_with_their_values_then_they_stay_with_their_rows(tmp_path: Path) -> None:
    # given: a form's labels at the left edge, each level with its value
    # when
    text = " ".join(_order(_labels_level(tmp_path / "rows.pdf")))

    # then: each label is read with its value, before the paragraph under them
    at = [text.index(t) for t in ("Name:", "Jane Smith", "Street:", "Reading order")]
    assert at == sorted(at), text


def _list_page(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(184, HEIGHT - 140, "raadsvoorstel")
    c.setFont("Helvetica", 9)
    c.drawString(184, HEIGHT - 200, "Onderwerp:")
    c.drawString(184, HEIGHT - 212, "Het vaststellen van de lijst van ingekomen stukken.")
    # An unruled list of numbered records, four columns, from beside the margin's foot down.
    c.setFont("Helvetica", 10)
    for k in range(10):
        y = HEIGHT - 280 - 25 * k
        for x, cell in (
            (105, str(k + 1)),
            (127, f"1{k}-12-2024"),
            (191, f"Brief nummer {k + 1}"),
            (477, "Ter kennisname"),
        ):
            c.drawString(x, y, cell)
    # The margin column: its lowest lines level with the list's first record.
    y = HEIGHT - 180
    for label, value in [*MARGIN, ("Agendapunt", "4")]:
        c.setFont("Helvetica", 7)
        c.drawString(36, y, label)
        c.setFont("Helvetica", 9)
        c.drawString(36, y - 11, value)
        y -= 33
    c.save()
    return path


def test_given_a_margin_column_beside_a_list_then_no_line_of_it_joins_the_list(tmp_path: Path) -> None:
    # given: an unruled list of records, the margin column's lowest label and value beside its first rows
    # when
    blocks = convert(_list_page(tmp_path / "list.pdf")).blocks

    # then: the list's table holds no margin line, and the margin is read after it
    tables = [b for b in blocks if b.kind == "table"]
    assert tables and all("Agendapunt" not in b.text for b in tables), [b.text for b in blocks]
    texts = [b.text for b in blocks]
    assert texts.index("Agendapunt 4" if "Agendapunt 4" in texts else "Agendapunt") > texts.index(
        tables[-1].text
    )


STOPS = ["0' Gare", "2' Union", "3' Bergere", "4' Funiculaire"]


def _timetable(path: Path) -> Path:
    """A timetable: a ruled grid down the page's height, a narrow sidebar left of it (a
    stop list at its top under a label set sideways, notes at its foot, blank between),
    and notes under the grid."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(172, HEIGHT - 110, "Timetable Villeneuve - Vevey")
    xs, top, h = [172, 210, 310, 415, 520], HEIGHT - 120, 23.0
    rows = [["H", "Weekdays", "Saturday", "Sunday"]] + [
        [f"{k:02d}", "09 19 29 39", "09 19 29 49", "10 30 50"] for k in range(5, 26)
    ]
    c.setLineWidth(0.5)
    for r in range(len(rows) + 1):
        c.line(xs[0], top - r * h, xs[-1], top - r * h)
    for x in xs:
        c.line(x, top, x, top - len(rows) * h)
    c.setFont("Helvetica", 10)
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            c.drawString(xs[k] + 3, top - r * h - 15, cell)
    bottom = top - len(rows) * h
    c.drawString(172, bottom - 18, "Valid from 11 December 2016")
    c.drawString(172, bottom - 32, "X Runs on the nights from Friday to Saturday")
    # The sidebar: a sideways label, the stops beside it, notes at the page's foot.
    c.setFont("Helvetica", 9)
    c.saveState()
    c.translate(26, HEIGHT - 300)
    c.rotate(90)
    c.drawString(0, 0, "Approximate travel times")
    c.restoreState()
    for k, stop in enumerate(STOPS):
        c.drawString(47, HEIGHT - 140 - 12 * k, stop)
    for k, note in enumerate(["Holidays: New Year, 2 January,", "Good Friday, Easter Monday,", "Christmas"]):
        c.drawString(16, bottom + 90 - 12 * k, note)
    c.drawString(16, bottom + 30, "Season ticket not valid")
    c.save()
    return path


def test_given_a_sidebar_beside_a_table_down_the_page_then_it_is_read_after_the_table(tmp_path: Path) -> None:
    # given: a narrow sidebar left of a ruled table that runs down its whole height
    # when
    texts = _order(_timetable(tmp_path / "timetable.pdf"))

    # then: the title, the table, the lines under it; then the sidebar, its sideways label first
    text = "\n".join(texts)
    order = ("Timetable", "| H |", "Valid from", "Approximate travel", "0' Gare", "4' Funiculaire")
    at = [text.index(t) for t in order]
    assert at == sorted(at), texts
