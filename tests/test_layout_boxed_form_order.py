"""A form drawn as boxes (boxed_forms) is read cell by cell, its blocks in reading order.
Put into the page one by one by their own tops, a tall cell's options went after the
question of the short cell beside it: "3. FILED BEFORE?" then "4. FILE NUMBER" and
only then 3's "☐ YES" / "☐ NO"."""

from __future__ import annotations

from tests.layout_lines import mono_line
from worker.engines.layout.model import LayoutLine
from worker.engines.layout.page import layout_lines

Rect = tuple[float, float, float, float]


def _line(text: str, x0: float, top: float) -> LayoutLine:
    return mono_line(text, x0, top)


def _box(x0: float, top: float, x1: float, bottom: float) -> list[Rect]:
    return [
        (x0, top - 0.3, x1, top + 0.3),
        (x0, bottom - 0.3, x1, bottom + 0.3),
        (x0 - 0.3, top, x0 + 0.3, bottom),
        (x1 - 0.3, top, x1 + 0.3, bottom),
    ]


def _form(top: float) -> tuple[list[LayoutLine], list[Rect]]:
    """A grid of boxes: a name, a yes/no question with its options set in under it, and a
    number asked only on a yes, beside it at the question's height; under them rows of a
    label and boxes to write its answer in, the last one an option of its own."""
    rules: list[Rect] = []
    for y0, y1 in ((top, top + 50), (top + 50, top + 70), (top + 70, top + 90), (top + 90, top + 110)):
        rules += _box(50, y0, 200, y1) + _box(200, y0, 380, y1) + _box(380, y0, 550, y1)
    lines = [
        _line("2. SOCIAL SECURITY NUMBER", 55, top + 4),
        _line("3. FILED BEFORE?", 205, top + 4),
        _line("☐ YES", 215, top + 18),
        _line("☐ NO", 215, top + 32),
        _line("4. FILE NUMBER", 385, top + 4),
        _line("5. DATE OF BIRTH", 55, top + 54),
        _line("6. TELEPHONE", 55, top + 74),
        _line("☐ Agree to be called", 55, top + 94),
    ]
    return lines, rules


def test_given_a_boxed_form_with_a_tall_cell_then_its_options_follow_its_question() -> None:
    # given: a heading above and a note under two boxed sections
    form, rules = _form(100)
    lines = [_line("SECTION I: IDENTIFICATION", 50, 80), *form]
    lines.append(_line("Sign and date the form on its second page.", 50, 230))

    # when
    blocks = layout_lines(lines, 600.0, 800.0, rules=rules)

    # then: each question, then its options, then the next cell
    texts = [b.text for b in blocks]
    assert [b.kind for b in blocks if b.kind == "table"] == []
    at = texts.index("3. FILED BEFORE?")
    assert texts[at : at + 4] == ["3. FILED BEFORE?", "YES", "NO", "4. FILE NUMBER"]
    assert texts[-1] == "Sign and date the form on its second page."
