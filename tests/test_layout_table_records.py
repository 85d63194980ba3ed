"""An unruled table's records whose cells wrap onto lines that start in capitals
(worker/engines/layout/table_records.py), and a label/value grid whose small labels
share each row's baseline with larger values (row_level.py).

Without rules between rows, each printed line of a record is a band of its own: a
sender's name broken over three lines ("Economic" / "Cooperation South-" / "Limburg")
beside one line of number and date would read as three rows, the cells' lines
interleaved. A reader sees a record start where the key column starts a new entry.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4
COLS = [105.0, 127.0, 192.0, 363.0, 477.0]
# Each record: its cells, each a list of printed lines.
RECORDS = [
    (
        ["1"],
        ["16-12-2024"],
        ["Annual accounts 2023 of ECSL"],
        ["Economic", "Cooperation South-", "Limburg (ECSL)"],
        ["For", "information"],
    ),
    (["2"], ["18-12-2024"], ["Zoning plan Giesen Bautsch"], ["Council of State"], ["For", "information"]),
    (
        ["3"],
        ["18-12-2024"],
        ["Decision on the third tranche", "Regional Deal Parkstad II"],
        ["Parkstad Limburg"],
        ["For", "information"],
    ),
    (["4"], ["19-12-2024"], ["Model participation bylaw 2024"], ["Union of Towns"], ["For", "information"]),
    (
        ["5"],
        ["20-12-2024"],
        ["Motion more tasks more money"],
        ["Town Council", "Tynaarlo"],
        ["For", "information"],
    ),
]


def _y(top: float) -> float:
    return HEIGHT - top


def _draw_records(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, _y(80), "List of incoming documents")
    c.setFont("Helvetica", 10)
    c.drawString(72, _y(110), "The council takes note of the documents listed below.")
    top = 150.0
    for record in RECORDS:
        lines = max(len(cell) for cell in record)
        for x, cell in zip(COLS, record, strict=True):
            for k, text in enumerate(cell):
                c.drawString(x, _y(top + 11.5 * k), text)
        top += 11.5 * lines + 12.0  # records stand a row's gap apart
    c.save()
    return path


def test_given_unruled_records_with_capitalised_wrapped_cells_then_each_record_is_one_row(
    tmp_path: Path,
) -> None:
    # Given an unruled list whose records' cells wrap onto lines that start in capitals,
    # the key column (the number) on each record's first line only
    page = convert(_draw_records(tmp_path / "incoming.pdf"))
    # When the page is read
    tables = [b.rows for b in page.blocks if b.kind == "table" and b.rows]
    assert len(tables) == 1
    rows = tables[0]
    # Then each record is one row, its wrapped cells' lines joined in their cells
    assert [row[0] for row in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0] == [
        "1",
        "16-12-2024",
        "Annual accounts 2023 of ECSL",
        "Economic Cooperation South-Limburg (ECSL)",
        "For information",
    ]
    assert rows[2][2] == "Decision on the third tranche Regional Deal Parkstad II"
    assert rows[4][3] == "Town Council Tynaarlo"


LABELS = [
    (("Account:", "1234 5678 90"), ("IBAN:", "DE08 7009 0100 1234 5678 90"), ("Register:", "HA 123")),
    (("Bank code:", "700 901 00"), ("BIC:", "GENODEF1M04"), ("VAT no.:", "DE123456789")),
    (("Bank:", "Hausbank"), ("Director:", "Hans Muster"), ("Tax no.:", "201/113/40209")),
]
PAIRS = [(40.0, 111.0), (200.0, 250.0), (410.0, 483.0)]


def _draw_label_grid(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(40, _y(80), "Invoice 471102")
    c.setFont("Helvetica", 10)
    c.drawString(40, _y(110), "Payable within 30 days net.")
    c.setFont("Helvetica", 7)
    c.drawString(40, _y(140), "Bank and tax information")
    for k, row in enumerate(LABELS):
        base = 160.0 + 14.0 * k
        for (lx, vx), (label, value) in zip(PAIRS, row, strict=True):
            c.setFont("Helvetica", 7)
            c.drawString(lx, _y(base), label)
            c.setFont("Helvetica", 10)
            c.drawString(vx, _y(base), value)
    c.save()
    return path


def test_given_small_labels_on_their_values_baselines_then_the_grid_is_a_table(tmp_path: Path) -> None:
    # Given three rows of three label/value pairs, the labels in smaller print than the
    # values, each row's labels and values on one baseline
    page = convert(_draw_label_grid(tmp_path / "footer.pdf"))
    # When the page is read
    tables = [b.rows for b in page.blocks if b.kind == "table" and b.rows]
    # Then the pairs are a table of six columns, a label beside its value
    assert len(tables) == 1
    assert tables[0][0] == [
        "Account:",
        "1234 5678 90",
        "IBAN:",
        "DE08 7009 0100 1234 5678 90",
        "Register:",
        "HA 123",
    ]
    assert tables[0][2][:2] == ["Bank:", "Hausbank"]
