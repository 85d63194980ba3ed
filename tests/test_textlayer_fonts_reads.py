"""The text layer's font reads (worker/engines/text_fonts.py): text objects that read
alike (size, matrix, font, render mode) share what one read made, and each slanted one
still has its own shear; reads that cannot be shared (no font, a matrix whose "a" is a
signed zero) are worked out each time."""

from __future__ import annotations

import math
from typing import Any

from worker.engines.pdfium_chars import ObjectProps
from worker.engines.text_fonts import _Fonts


class _Reads:
    """A stand-in for _CharReader: the same read for every object, counted."""

    def __init__(self, raw: ObjectProps) -> None:
        self.raw = raw
        self.calls = 0

    def object_props(self, index: int, obj: int) -> ObjectProps:
        self.calls += 1
        return self.raw

    def fill_alpha(self, obj: int) -> int:
        return 255  # opaque text


class _CountingFonts(_Fonts):
    def __init__(self, chars: Any, rotation: int = 0) -> None:
        super().__init__(None, chars, rotation)
        self.bold_asks = 0

    def _font_is_bold(self, index: int) -> bool:
        self.bold_asks += 1
        return True


def test_given_objects_that_read_alike_when_read_then_one_read_is_worked_out_and_each_keeps_its_shear() -> (
    None
):
    # given: 10 pt text under a synthetic italic's matrix (1 0 0.3 1), one font handle
    chars = _Reads((10.0, True, 1.0, 0.0, 0.3, 1.0, 77, 0))
    fonts = _CountingFonts(chars)
    # when: three text objects are read
    props = [fonts.at(k, obj) for k, obj in enumerate((101, 102, 103))]
    # then: alike, one pdfium read each, the font asked once, each object slanted
    # (the size as displayed: scaled by the matrix's vertical column)
    assert props == [(10.0 * math.hypot(0.3, 1.0), True, False, 0)] * 3
    assert chars.calls == 3 and fonts.bold_asks == 1
    assert fonts.shear == {101: 0.3, 102: 0.3, 103: 0.3}
    assert set(fonts.by_object) == {101, 102, 103}


def test_given_reads_that_cannot_be_shared_when_read_then_each_is_worked_out() -> None:
    # given: no font handle (boldness asked per character), then a zero "a" whose sign
    # turns the angle (0 degrees for +0.0, 180 for -0.0)
    no_font = _CountingFonts(_Reads((10.0, True, 1.0, 0.0, 0.0, 1.0, 0, 0)))
    [no_font.at(k, obj) for k, obj in enumerate((1, 2))]
    plus = _CountingFonts(_Reads((10.0, True, 0.0, 0.0, 0.0, 1.0, 5, 0)))
    minus_reads = _Reads((10.0, True, -0.0, 0.0, 0.0, 1.0, 5, 0))
    plus_angle = plus.at(0, 1)[3]
    plus.chars = minus_reads  # type: ignore[assignment]  # the same _Fonts, the other zero
    minus_angle = plus.at(1, 2)[3]
    # then
    assert no_font.bold_asks == 2
    assert not plus.by_read
    assert (plus_angle, minus_angle) == (0, 180)
