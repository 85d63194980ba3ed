"""A boxed form's cell (boxed_forms.form_protos) is read row by row, each row left to
right. Its lines were sorted by their rounded tops: a label set a point higher than the
label left of it ("City" beside "Apt./Unit Number") was read first, as a line above."""

from __future__ import annotations

from tests.layout_lines import mono_line
from worker.engines.layout.boxed_forms import form_protos
from worker.engines.layout.model import LayoutLine


def _line(text: str, x0: float, top: float) -> LayoutLine:
    return mono_line(text, x0, top)


def test_given_a_cell_with_labels_side_by_side_a_point_apart_then_they_read_left_to_right() -> None:
    # given: an address cell; "City" a point higher than the label left of it, "Country"
    # a little higher than "State" (both round to other tops)
    cell = [
        _line("No. & Street", 55, 100.0),
        _line("Apt./Unit Number", 55, 117.6),
        _line("City", 225, 116.6),
        _line("State/Province", 55, 137.7),
        _line("Country", 170, 137.4),
    ]

    # when
    protos = form_protos({0: cell})

    # then
    texts = [r.text for p in protos for r in p.rows]
    assert texts == ["No. & Street", "Apt./Unit Number", "City", "State/Province", "Country"]
