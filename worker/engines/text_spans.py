"""A page's text layer as stored: its spans (words and pieces of words with boxes, font
size and weight), drawn rules and boxes, turned lines, and their compact storage form.

Boxes are in page points with the origin at the TOP-LEFT of the page as displayed (crop
box and /Rotate applied), the same frame as :mod:`common.documents.results`. The prepare
step stores a layer (:meth:`TextLayer.to_bytes`) so that text-layer engines never reopen
the PDF; :mod:`worker.engines.textlayer` reads one from a page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from worker.engines.turned_text import TurnedLine

# Serialised coordinates are integers in 1/_UNITS point: exact to the 0.01 pt we keep,
# and run widths add up without float drift when decoded.
_UNITS = 100
# The drawn rules and boxes ("g", "k") are optional keys of version 2, not a version 3: a
# worker still running the previous release reads a layer the new prepare step wrote (it
# ignores them), so a rolling upgrade fails no page; a layer without them has none.
_FORMAT_VERSION = 2
_READABLE_VERSIONS = (2,)


Rule = tuple[float, float, float, float]  # x0, top, x1, bottom: one of its sides is thin
Box = tuple[float, float, float, float, bool]  # x0, top, x1, bottom, checked


class TextSpan(NamedTuple):
    """Glyphs drawn one after another in one font on one baseline, with no space between.

    ``joined`` marks a span that continues the previous one's word (the word changed font
    or baseline in the middle); any other span starts a new word. A named tuple: a page
    has hundreds, and a tuple is made in a fraction of a dataclass's time.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # font size in points, as displayed (text and page matrices applied)
    bold: bool
    joined: bool = False


# A text layer is not the page's real text (a scan with an OCR layer of its own, or
# glyphs without a Unicode map) when at least this share of its glyphs is invisible
# (render mode 3) or unmapped/private-use. Such a page is read as a scan.
FAKE_SHARE = 0.5
_PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff]")


@dataclass
class TextLayer:
    width: float
    height: float
    spans: list[TextSpan]
    invisible: int = 0  # glyphs drawn with render mode 3 (invisible): another tool's OCR layer
    unmapped: int = 0  # glyphs with no Unicode (dropped) or mapped into the Private Use Area
    # Drawn vector graphics that structure the text (worker/engines/drawings.py):
    # rules, thin horizontal or vertical boxes (x0, top, x1, bottom) such as table
    # borders, and small outlined squares (x0, top, x1, bottom, something drawn inside),
    # the checkboxes of forms. Same frame as the spans.
    rules: list[Rule] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    # Lines of text whose baseline is not horizontal as displayed (a margin stamp, a
    # sideways page number or column head), in reading order: kept out of ``spans``,
    # whose boxes and order assume horizontal text (worker/engines/turned_text.py).
    turned: list[TurnedLine] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return any(s[0] and not s[0].isspace() for s in self.spans) or any(
            t.text.strip() for t in self.turned
        )

    @property
    def is_real(self) -> bool:
        """Text the page shows and that decodes: worth using instead of reading the pixels."""
        glyphs, private = self.unmapped + sum(len(t.text) for t in self.turned), 0
        for s in self.spans:  # per span, not per glyph: this runs on every page at prepare time
            text = s[0]  # the text; indexing a tuple is quicker than its named field
            glyphs += len(text)
            if not text.isascii():
                private += len(_PRIVATE_USE_RE.findall(text))
        if glyphs == 0:
            return False
        return self.invisible < FAKE_SHARE * glyphs and (self.unmapped + private) < FAKE_SHARE * glyphs

    def to_bytes(self) -> bytes:
        """Compact JSON: fonts deduplicated, spans grouped into runs.

        ``{"v": 3, "u": 100, "w": .., "h": .., "f": [[size, bold], ..],
        "r": [[top, bottom, font, x0, text, width, gap, text, width, ..], ..],
        "g": [x0, top, x1, bottom, ..], "k": [x0, top, x1, bottom, checked, ..],
        "t": [[text, x0, top, x1, bottom, size, bold, angle], ..]}`` with coordinates in
        1/100 pt ("g" the rules, "k" the boxes, both flat; "t" the turned lines, present
        only when there are some). A run holds
        consecutive spans with one font and one vertical extent (in practice a line of a
        text object); after the first span each one is its gap from the previous span's
        end, its text and its width. A joined span's text is wrapped in a list. A full
        page of text is ~3 bytes per character.
        """
        fonts: dict[tuple[float, bool], int] = {}
        font_of: dict[tuple[float, bool], int] = {}  # (size, bold) as found -> index in fonts
        runs: list[list[Any]] = []
        run: list[Any] = []
        last_key: tuple[float, float, int] | None = None
        end = 0  # where the previous span of the run ended, in units
        for span_text, span_x0, top, span_x1, bottom, size, bold, joined in self.spans:
            font = font_of.get((size, bold))
            if font is None:  # a new size (or weight): look up its rounded entry once
                font = font_of[(size, bold)] = fonts.setdefault((round(size, 2), bold), len(fonts))
            x0 = round(span_x0 * _UNITS)
            x1 = round(span_x1 * _UNITS)
            text: Any = [span_text] if joined else span_text
            key = (top, bottom, font)
            if key != last_key:
                last_key = key
                run = [round(top * _UNITS), round(bottom * _UNITS), font, x0, text, x1 - x0]
                runs.append(run)
            else:
                run.extend((x0 - end, text, x1 - x0))
            end = x1
        data: dict[str, Any] = {
            "v": _FORMAT_VERSION,
            "u": _UNITS,
            "w": round(self.width, 2),
            "h": round(self.height, 2),
            "f": [[_compact(size), int(bold)] for size, bold in fonts],
            "r": runs,
            "i": self.invisible,
            "m": self.unmapped,
        }
        if self.rules:
            data["g"] = [round(v * _UNITS) for rule in self.rules for v in rule]
        if self.turned:
            data["t"] = [
                [
                    t.text,
                    *_units(t.x0, t.top, t.x1, t.bottom),
                    _compact(round(t.size, 2)),
                    int(t.bold),
                    t.angle,
                ]
                for t in self.turned
            ]
        if self.boxes:
            data["k"] = [
                v
                for x0, top, x1, bottom, checked in self.boxes
                for v in (*_units(x0, top, x1, bottom), int(checked))
            ]
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> TextLayer:
        data = json.loads(raw)
        if data.get("v") not in _READABLE_VERSIONS:
            raise ValueError(f"unsupported text layer version {data.get('v')!r}")
        units = float(data["u"])
        fonts = [(float(size), bool(bold)) for size, bold in data["f"]]
        spans: list[TextSpan] = []
        append, new = spans.append, tuple.__new__
        for top_u, bottom_u, font, x0, *items in data["r"]:
            if len(items) % 3 != 2:
                raise ValueError("corrupt text layer: a run's items do not come in spans")
            size, bold = fonts[font]
            top, bottom = top_u / units, bottom_u / units
            items.insert(0, 0)  # the first span sits at the run's x0: a zero gap
            end = x0
            for k in range(0, len(items), 3):
                gap, text, width = items[k], items[k + 1], items[k + 2]
                start = end + gap
                end = start + width
                joined = type(text) is list
                if joined:
                    text = text[0]
                append(new(TextSpan, (text, start / units, top, end / units, bottom, size, bold, joined)))
        return cls(
            width=float(data["w"]),
            height=float(data["h"]),
            spans=spans,
            invisible=int(data.get("i", 0)),
            unmapped=int(data.get("m", 0)),
            # A version 2 layer (stored before rules were read) has none: its page is
            # laid out from the text alone, as it was when it was stored.
            rules=_rules_from(data.get("g", []), units),
            boxes=_boxes_from(data.get("k", []), units),
            # Optional like "g": a layer stored before turned text was set apart has
            # its turned glyphs among the spans.
            turned=[
                TurnedLine(
                    str(text),
                    x0 / units,
                    top / units,
                    x1 / units,
                    bottom / units,
                    float(size),
                    bool(bold),
                    int(angle),
                )
                for text, x0, top, x1, bottom, size, bold, angle in data.get("t", [])
            ],
        )


def _units(*values: float) -> tuple[int, ...]:
    return tuple(round(v * _UNITS) for v in values)


def _rules_from(flat: list[int], units: float) -> list[Rule]:
    if len(flat) % 4:
        raise ValueError("corrupt text layer: rules do not come in fours")
    v = [x / units for x in flat]
    return [(v[k], v[k + 1], v[k + 2], v[k + 3]) for k in range(0, len(v), 4)]


def _boxes_from(flat: list[int], units: float) -> list[Box]:
    if len(flat) % 5:
        raise ValueError("corrupt text layer: boxes do not come in fives")
    return [
        (flat[k] / units, flat[k + 1] / units, flat[k + 2] / units, flat[k + 3] / units, bool(flat[k + 4]))
        for k in range(0, len(flat), 5)
    ]


def _compact(v: float) -> float | int:
    # 12 instead of 12.0: a couple of bytes per font entry, and exact either way.
    return int(v) if v == int(v) else v
