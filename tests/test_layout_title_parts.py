"""A title set on one line in two parts far apart (worker/engines/layout/title_parts.py):
the right part is read right after the left one, not after the rows under the left part.

Each test reads: given a page drawn so (with reportlab), when the pdf-text engine converts
it, then the page's text reads so."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words

_, _H = A4
ROWS = [("Participant information", 112), ("Surname", 134), ("Preferred first name", 160), ("Position", 187)]


def _form(path: Path) -> Path:
    # A form's head: the event's name large at the left margin, "Registration form"
    # smaller at the right on the same baseline, the form's rows under the name.
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 28.4)
    c.drawString(42.6, _H - 88, "Summit 2014")
    c.setFont("Helvetica", 18)
    c.drawString(385, _H - 87, "Registration form")
    c.setFont("Helvetica", 12)
    for text, y in ROWS:
        c.drawString(44, _H - y, text)
    c.save()
    return path


def test_given_a_title_in_two_parts_on_one_line_then_the_right_part_follows_the_left(tmp_path: Path) -> None:
    text = words(convert(_form(tmp_path / "form.pdf")).text or "")

    assert text.startswith("Summit 2014 Registration form Participant information Surname"), text


LEFT = [
    "The survey design follows the",
    "recommendations of the 2019",
    "methodological review. Sampling units are",
    "addresses drawn at random from the postal",
    "register. Interviews were conducted face to",
    "face until March and by telephone",
    "thereafter. Non-response was adjusted for",
    "with calibration weights by age, sex and",
    "region.",
]
RIGHT = [
    "Non-response was adjusted for with",
    "calibration weights by age, sex and region.",
    "Estimates for small areas combine survey",
    "data with administrative records. Quality",
    "indicators are published alongside every",
    "release on the website. Revisions to earlier",
    "quarters arise mainly from late survey",
    "returns.",
]


def _columns(path: Path) -> Path:
    # Two columns of a report, each under its own heading, the headings on one line.
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(56.8, _H - 298, "4.2.1 Electricity")
    c.drawString(306.8, _H - 298, "4.2.2 Heat")
    c.setFont("Helvetica", 10)
    for k, line in enumerate(LEFT):
        c.drawString(56.8, _H - 316.5 - 13.4 * k, line)
    for k, line in enumerate(RIGHT):
        c.drawString(306.8, _H - 316.5 - 13.4 * k, line)
    c.save()
    return path


def test_given_two_columns_under_headings_on_one_line_then_each_heading_reads_over_its_column(
    tmp_path: Path,
) -> None:
    text = words(convert(_columns(tmp_path / "columns.pdf")).text or "")

    assert text == words(" ".join(["4.2.1 Electricity", *LEFT, "4.2.2 Heat", *RIGHT])), text
