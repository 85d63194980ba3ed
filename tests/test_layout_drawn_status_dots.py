"""A dashboard table's status column: a small coloured dot drawn left of a cell's text
("● Active"), far right of the previous cell's words on the same line. It marks the cell,
not a list: the rows stay a table's, not list items (worker/engines/drawn_bullets.py).
A résumé's bullets beside a sidebar set on its own line grid stay bullets."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

_ROWS = [
    ("Jane Cooper", "Administrator", "Active"),
    ("Wade Warren", "Editor", "Suspended"),
    ("Esther Howard", "Viewer", "Active"),
    ("Cameron Williamson", "Editor", "Invited"),
]
_GREEN, _RED = (0.1, 0.7, 0.3), (0.85, 0.2, 0.2)


def _dashboard(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    c.setFont("Helvetica-Bold", 11)
    for x, head in zip((72, 240, 380), ("Name", "Role", "Status"), strict=True):
        c.drawString(x, y, head)
    c.setFont("Helvetica", 11)
    for name, role, status in _ROWS:
        y -= 20
        c.setFillColorRGB(0, 0, 0)
        c.drawString(72, y, name)
        c.drawString(240, y, role)
        c.setFillColorRGB(*(_GREEN if status == "Active" else _RED))
        c.circle(384, y + 3.5, 2.5, stroke=0, fill=1)  # the status dot, then its word
        c.setFillColorRGB(0, 0, 0)
        c.drawString(392, y, status)
    c.save()
    return path


def test_status_dots_in_a_table_row_are_no_bullets(tmp_path: Path) -> None:
    result = convert(_dashboard(tmp_path / "dashboard.pdf"))
    assert not [b.text for b in result.blocks if b.kind == "list_item"]
    text = "\n".join(b.text for b in result.blocks)
    assert "•" not in text
    assert "Suspended" in text and "Cameron Williamson" in text


_POINTS = [
    "Led the migration of payment APIs to event streams",
    "Reduced cloud spend by a third across platforms",
    "Mentored eight engineers into senior roles",
]


def _resume(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    # the sidebar: smaller print on its own grid, some of its lines level with the points
    c.setFont("Helvetica", 9)
    for k, skill in enumerate(("Skills", "Java", "Kubernetes", "Terraform", "Go")):
        c.drawString(40, y - 4 - 13 * k, skill)
    c.setFont("Helvetica", 11)
    for text in _POINTS:
        c.circle(208, y + 3.5, 1.875, stroke=0, fill=1)
        c.drawString(216, y, text)
        y -= 16
    c.save()
    return path


def test_resume_bullets_beside_a_sidebar_stay_items(tmp_path: Path) -> None:
    result = convert(_resume(tmp_path / "resume.pdf"))
    items = [b.text for b in result.blocks if b.kind == "list_item"]
    assert items == _POINTS
