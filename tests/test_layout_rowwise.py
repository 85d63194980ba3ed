"""Rows read as rows, not column by column (worker/engines/layout/table_rows.py,
band_rows.py, tables.py, ruled_rows.py): a form's "Label: value" lines under shaded
section bands, an infobox of bold keys beside plain values of one to three lines in a
frame with no inner rules, and a table ruled only between its rows (one vertical rule
before its last column) whose cells hold several lines at their own heights."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from common.documents.results import Block
from tests.layout_pages import HEIGHT, convert


def _row_texts(blocks: list[Block]) -> list[str]:
    """Every table row as its cells joined by " | " (empty cells left out), and every
    other block's text: what a reader takes as one row of the page."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "table" and b.rows:
            out.extend(" | ".join(cell for cell in row if cell) for row in b.rows)
        else:
            out.append(b.text)
    return out


# (section band, [(indent level, label, value or "")]); a value "" is a sub-heading label.
RECORD = [
    (
        "Socioeconomic History",
        [
            (1, "Marital status:", "Single"),
            (2, "Spouse name:", "Not on file"),
            (1, "Number of children:", "Not on file"),
            (1, "Years of education:", "Not on file"),
        ],
    ),
    (
        "Social Needs",
        [
            (1, "Financial resource strain:", "Not on file"),
            (1, "Food insecurity", ""),
            (2, "Worry:", "Not on file"),
            (2, "Inability:", "Not on file"),
            (1, "Transportation needs", ""),
            (2, "Medical:", "Not on file"),
            (2, "Non-medical:", "Not on file"),
        ],
    ),
    (
        "Substance and Sexual Activity",
        [
            (1, "Alcohol use:", "Not on file"),
            (1, "Drug use:", "Not on file"),
            (1, "Sexual activity:", "Not on file"),
        ],
    ),
    (
        "Relationships",
        [
            (1, "Social connections", ""),
            (2, "Talks on phone:", "Not on file"),
            (2, "Active member of club or|organization:", "Not on file"),
            (2, "Relationship status:", "Not on file"),
        ],
    ),
]


def test_given_label_value_rows_under_shaded_section_bands_then_each_label_meets_its_value(
    tmp_path: Path,
) -> None:
    # given: a printed health record: each section's title in a light grey band framed by
    # rules across the page, and under it indented "Label:" lines each level with its
    # value in a second column (a label wrapped onto a second line beside its value; a
    # sub-heading label with no value over the labels it heads)
    path = tmp_path / "record.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 80
    c.setFont("Helvetica", 11)
    c.drawString(18, y, "On arrival to the unit the patient was stable and alert.")
    y -= 24
    for title, entries in RECORD:
        c.setFillGray(0.85)
        c.setStrokeGray(0.0)
        c.rect(18, y - 3, 513, 10.5, stroke=1, fill=1)
        c.setFillGray(0.0)
        c.setFont("Helvetica", 9)
        c.drawString(18, y, title)
        y -= 11.5
        c.setFont("Helvetica", 10)
        for level, label, value in entries:
            first, *more = label.split("|")
            c.drawString(18 + 16.2 * level, y, first)
            if value:
                c.drawString(185.4, y, value)
            for line in more:
                y -= 11.5
                c.drawString(18 + 16.2 * level, y, line)
            y -= 11.5
        y -= 1
    c.save()

    # when
    rows = _row_texts(convert(path).blocks)

    # then: every label with its value on one row, never a row of all a band's labels
    # followed by one of all its values; the sub-heading labels stand alone
    for _, lines in RECORD:
        for _, label, value in lines:
            label = label.replace("|", " ")
            assert (f"{label} | {value}" if value else label) in rows, (label, rows)


INFOBOX = [
    ("Reign", ["1 October 959 \u2013 8 July 975"]),
    ("Predecessor", ["Eadwig"]),
    ("Successor", ["Edward the Martyr"]),
    ("Born", ["943/944", "England"]),
    ("Died", ["8 July 975 (aged 31/32)"]),
    ("Burial", ["Glastonbury Abbey"]),
    ("Spouses", ["Æthelflæd", "Wulfthryth", "Ælfthryth"]),
    ("Issue", ["Edward the Martyr", "Edith of Wilton", "Edmund"]),
    ("House", ["Wessex"]),
    ("Father", ["Edmund I"]),
]


def test_given_a_framed_infobox_of_bold_keys_then_each_key_is_read_with_its_values(
    tmp_path: Path,
) -> None:
    # given: a framed box with no inner rules on the right of the page (as a browser
    # prints a wiki's infobox): bold keys on the left, plain values of one to three lines
    # on the right, a blank line between entries and a wider one now and then
    path = tmp_path / "infobox.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    top = HEIGHT - 160
    y = top - 20
    for i, (key, values) in enumerate(INFOBOX):
        c.setFont("Helvetica-Bold", 10.5)
        c.drawString(350, y, key)
        c.setFont("Helvetica", 10.5)
        for k, value in enumerate(values):
            c.drawString(433.5, y - 18.7 * k, value)
        y -= 18.7 * len(values) + (10 if i in (2, 6) else 0)
    c.rect(344.6, y + 5, 232, top - y - 5)
    c.save()

    # when
    rows = _row_texts(convert(path).blocks)

    # then: one row per key, its values together beside it
    for key, values in INFOBOX:
        assert f"{key} | {' '.join(values)}" in rows, (key, rows)


CERTIFICATE = [
    (
        "RoHS | Exempt",
        [
            "If “7a”, “7c”, or “15”, then product contains lead but is compliant",
            "meeting the requirements of Directive (EU) 2011/65 pursuant to",
            "either exemption 7a, 7c, or 15. See Appendix A.",
        ],
        "TBD",
    ),
    (
        "RoHS",
        [
            "If “Y”, then product is RoHS compliant meeting the requirements of",
            "Directive (EU) 2015/863 with no exemptions taken. See Appendix",
            "B.",
        ],
        "TBD",
    ),
    (
        "Halogen Free",
        [
            "If “Y”, then product is halogen and lead (Pb) free. Green products",
            "meet RoHS requirements plus additional hazardous material",
            "restrictions. See Appendix C.",
        ],
        "Y",
    ),
    (
        "REACH",
        [
            "If “Y”, then product does not use any Substances of Very High",
            "Concern (SVHC) under REACH requirements. See Appendix D for a",
            "list of these substances.",
            'If "N", please see Appendix E for SVHC that is contained in this',
            "product",
        ],
        "Y",
    ),
    (
        "TSCA",
        [
            "If “Y”, then product is compliant and does not use any of the Toxic",
            "Substance Control Act (TSCA) restricted substances. See Appendix",
            "F for a list of these substances.",
        ],
        "Y",
    ),
]


def test_given_a_table_ruled_only_between_rows_with_multi_line_cells_then_rows_come_from_the_rules(
    tmp_path: Path,
) -> None:
    # given: a certificate's table: horizontal rules between its rows, one vertical rule
    # before the last column and none elsewhere, a bold row label and a value each
    # centred on the row beside a description of three to five lines
    path = tmp_path / "certificate.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(75, HEIGHT - 110, "The product listed below is certified as follows:")
    left, mid, right, lead = 80.7, 460.0, 540.0, 10.8
    y = HEIGHT - 150
    c.line(left, y, right, y)
    for label, lines, value in CERTIFICATE:
        height = lead * len(lines) + 12
        centre = y - height / 2 - 3
        c.setFont("Helvetica-Bold", 9)
        c.drawString(84.9, centre, label)
        c.setFont("Helvetica", 9)
        for k, line in enumerate(lines):
            c.drawString(165.1, y - 12 - lead * k, line)
        c.drawString(472.0, centre + 2, value)
        c.line(mid, y, mid, y - height)
        y -= height
        c.line(left, y, right, y)
    c.drawString(75, y - 30, "MaxLinear, Inc.")
    c.drawString(75, y - 40, "Quality and Reliability")
    c.save()

    # when
    blocks = convert(path).blocks

    # then: one table row per ruled row: its label, its whole description, its value
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows == [[label, " ".join(lines), value] for label, lines, value in CERTIFICATE]
