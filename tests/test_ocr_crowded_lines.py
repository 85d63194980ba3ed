"""A receipt line whose OCR box came out taller than its neighbours' but sits at their
line pitch is body print (worker/engines/ocr_lines.py, :func:`crowded_lines`): taken for
larger print, it became a heading in the middle of a shop's address."""

from __future__ import annotations

from worker.engines.layout import layout_lines
from worker.engines.ocr_lines import to_layout_lines
from worker.engines.ocr_pipeline import OcrLine

ADDRESS = [
    "NO: 28, JALAN ASTANA 1C,",
    "BANDAR BUKIT RAJA, 41050",
    "KLANG SELANGOR D.E, MALAYSIA",
    "ROC NO.: (1072825-A)",
    "GST NO. : 000584089600",
]


def receipt(tall_at: int, *, pitch_there: float = 21.0) -> list[OcrLine]:
    """A receipt's centred lines 21 px apart in boxes 29 px tall (the detector pads the
    print), the line at ``tall_at`` in a 38 px box and ``pitch_there`` from the lines
    around it; rows of items below."""
    lines: list[OcrLine] = []
    centre = 100.0
    for k, text in enumerate(ADDRESS):
        if k in (tall_at, tall_at + 1):
            centre += pitch_there - 21.0
        h = 38.0 if k == tall_at else 29.0 + (k % 2)
        width = 9.0 * len(text)
        lines.append(OcrLine(text, (240 - width / 2, centre - h / 2, 240 + width / 2, centre + h / 2), 0.98))
        centre += 21.0
    for i in range(12):
        y = centre + 10 + 21 * i
        lines.append(OcrLine(f"ITEM NUMBER {i}", (30, y, 230, y + 28 + (i % 2)), 0.98))
        lines.append(OcrLine(f"{i}.50", (380, y, 440, y + 29), 0.98))
    return lines


def test_a_tall_box_at_the_body_pitch_is_body_print_not_a_heading() -> None:
    # given an address whose third line's box came out a third taller than the others,
    # at the same line pitch
    lines = receipt(tall_at=2)
    # when the lines go to the layout
    blocks = layout_lines(to_layout_lines(lines, 1, 1), 480, 600, allow_title=False)
    # then no address line is a heading, and the address reads in one run
    address = [b for b in blocks if any(line in b.text for line in ADDRESS)]
    assert all(b.kind == "paragraph" for b in address)
    assert " ".join(ADDRESS[:3]) in " ".join(b.text for b in address)


def test_a_larger_line_with_the_room_larger_print_needs_stays_a_heading() -> None:
    # given the same receipt with that line 30 px from its neighbours: larger print
    lines = receipt(tall_at=2, pitch_there=30.0)
    # when the lines go to the layout
    blocks = layout_lines(to_layout_lines(lines, 1, 1), 480, 600, allow_title=False)
    # then it is a heading
    heading = next(b for b in blocks if ADDRESS[2] in b.text)
    assert heading.kind == "section_header"
