"""A filled-in text field's value as the page shows it: the text its widget's appearance
stream draws, where it draws it.

A field's /V holds what was typed ("84000"); what a viewer shows, and what the page
prints, is the widget's normal appearance, which the form's format script wrote
("$ 84,000.00"), sometimes where /V is empty ("0.00%"). So the value is read from the
appearance stream's text operators (pdfium hands the stream over, decoded, as text), at
the positions they set and in the size they set; pdfium's objects of the appearance give
each shown string's extent. /V is the fallback, laid out as a viewer would, where the
appearance draws no text, or text this reader cannot decode (a font with two-byte or
custom codes), or text that has little of /V in it (a stale appearance).

Whatever the source, a value stays inside its widget's box: a viewer clips it there, and
a value estimated wider than its box (a long description in a table's cell) would
otherwise run over the next cells' rules and be cut into them.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pypdfium2.raw as pdfium_c

from worker.engines.matrices import IDENTITY, times
from worker.engines.text_spans import TextSpan

# (text, left, baseline, right, size, measured) of one line the appearance draws, in
# the appearance's space (its BBox, which widgets put at their rectangle's lower left);
# measured: its extent is pdfium's, not estimated from the characters' count
Line = tuple[str, float, float, float, float, bool]
# a line of a field's value placed on the page: its text, box (the text layer's frame),
# font size and whether its extent is measured; a field's box (the frame's) and its lines
ValueLine = tuple[str, float, float, float, float, float, bool]
Value = tuple[tuple[float, float, float, float], list[ValueLine]]

_NORMAL = pdfium_c.FPDF_ANNOT_APPEARANCEMODE_NORMAL
_TEXT_OBJECT = pdfium_c.FPDF_PAGEOBJ_TEXT
CHAR_EM = 0.5  # a glyph's width in ems where the font's metrics are not at hand (form_fields too)
_KERN_SPACE = 250  # a TJ adjustment (thousandths of an em) this far back is a space
_SPACE_EMS = 0.15  # shown strings this far apart on a line are separate words
_SAME_LINE_EMS = 0.5  # strings whose baselines differ by less are on one line
_FLUSH_EMS = 0.5  # a value's line ending this near its field's right edge is set flush right
_MIN_SHARE = 0.5  # of /V's letters and digits the appearance must show to be believed

# pdfium gives a stream's bytes as text, read as PDFDocEncoding: the characters that
# encoding puts where Latin-1 has others, back to their bytes
_PDFDOC_BYTES = {
    ch: b
    for b, ch in zip(
        [*range(0x18, 0x20), *range(0x80, 0x9F), 0xA0],
        "\u02d8\u02c7\u02c6\u02d9\u02dd\u02db\u02da\u02dc"
        "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039\u203a\u2212\u2030\u201e\u201c"
        "\u201d\u2018\u2019\u201a\u2122\ufb01\ufb02\u0141\u0152\u0160\u0178\u017d\u0131\u0142"
        "\u0153\u0161\u017e\u20ac",
        strict=True,
    )
}

_TOKEN_RE = re.compile(
    rb"\s+|%[^\r\n]*|(?P<str>\()|(?P<hex><[0-9A-Fa-f\s]*>)|(?P<delim><<|>>|[\[\]{}])"
    rb"|(?P<name>/[^\s/\[\]()<>{}%]*)|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?![^\s/\[\]()<>{}%])"
    rb"|(?P<op>[^\s/\[\]()<>{}%]+)"
)
_ESCAPES = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}


def appearance_lines(annot: Any) -> list[Line] | None:
    """The lines of text the widget's normal appearance draws, top first: empty where it
    has none or draws none, None where it draws text this reader cannot decode."""
    source = wide(lambda buf, n: pdfium_c.FPDFAnnot_GetAP(annot, _NORMAL, buf, n))
    if "BT" not in source:
        return []
    data = bytes(_PDFDOC_BYTES.get(ch, ord(ch) if ord(ch) < 256 else 0) for ch in source)
    shows = _shows(data)
    if shows is None:
        return None
    bounds = _object_bounds(annot)
    if len(bounds) != len(shows):
        bounds = []
    return _lines(shows, bounds)


def believable(lines: list[Line], value: str) -> bool:
    """Whether the appearance's text shows the field's value: most of /V's letters and
    digits are in it (formatting adds signs, separators, decimals and may spell a month;
    a stale appearance, or one in a font this reader misdecodes, shows other ones)."""
    wanted = Counter(ch for ch in value if ch.isalnum())
    if not wanted:
        return True
    shown = Counter(ch for ln in lines for ch in ln[0] if ch.isalnum())
    return sum((wanted & shown).values()) >= _MIN_SHARE * sum(wanted.values())


def line_spans(box: tuple[float, float, float, float], line: ValueLine) -> tuple[list[TextSpan], float]:
    """A line of a field's value as words inside the field's ``box``: the words over the
    line's extent, cut to the box where the line reaches past it (a viewer clips a value
    to its field; a value read over the box's edge would run into the next field or
    cell of a table and be cut there mid-word), each word as wide as its share of the
    line's characters; a line set flush right reaches back to the field's start. And
    how far its first word's start was so moved left of where the page draws it."""
    bx0, _, bx1, _ = box
    text, x0, top, x1, bottom, size, _ = line
    words = text.split()
    if not words:
        return [], 0.0
    x0, x1 = max(x0, bx0), min(x1, bx1)
    if x1 - x0 < 1.0:  # drawn outside its box: read at the box's start
        x0, x1 = bx0, bx1
    # A value set flush right in its field is read from the field's start, where its
    # label (left of the field) reads on into it: a wide field's blank would part the
    # two like a gutter between columns.
    lead = x0 - bx0 if bx1 - x1 <= _FLUSH_EMS * size else 0.0
    unit = (x1 - x0) / (sum(len(w) for w in words) + len(words) - 1)
    spans: list[TextSpan] = []
    x = x0
    for i, w in enumerate(words):
        end = x + len(w) * unit
        spans.append(TextSpan(w, x - (lead if i == 0 else 0.0), top, end, bottom, size, False))
        x = end + unit
    return spans, lead


# A shown string: its bytes, the text-space origin in appearance space, the size, and
# whether it continues the previous string (no positioning between them).
_Show = tuple[bytes, float, float, float, bool]


def _shows(data: bytes) -> list[_Show] | None:
    """The strings the content stream shows, where and how large; None where it is not
    one this reader follows."""
    ctm, saved = IDENTITY, []
    tm = tlm = IDENTITY
    size = leading = 0.0
    moved = True
    shows: list[_Show] = []
    operands: list[Any] = []
    stack: list[list[Any]] = []
    pos = 0
    while pos < len(data):
        m = _TOKEN_RE.match(data, pos)
        if m is None:
            return None
        pos = m.end()
        kind = m.lastgroup
        if kind is None:
            continue
        if kind == "str":
            text, pos = _literal(data, pos)
            operands.append(text)
        elif kind == "hex":
            digits = re.sub(rb"\s", b"", m.group()[1:-1])
            operands.append(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))
        elif kind == "num":
            operands.append(float(m.group()))
        elif kind == "name":
            operands.append(m.group())
        elif kind == "delim":
            if m.group() == b"[":
                stack.append(operands)
                operands = []
            elif m.group() == b"]" and stack:
                inner, operands = operands, stack.pop()
                operands.append(inner)
            continue
        else:
            op = m.group()
            nums = [v for v in operands if isinstance(v, float)]
            if op == b"q":
                saved.append(ctm)
            elif op == b"Q":
                ctm = saved.pop() if saved else IDENTITY
            elif op == b"cm" and len(nums) == 6:
                ctm = times((nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]), ctm)
            elif op == b"BT":
                tm = tlm = IDENTITY
                moved = True
            elif op == b"Tf" and nums:
                size = nums[-1]
            elif op == b"TL" and nums:
                leading = nums[-1]
            elif op in (b"Td", b"TD") and len(nums) == 2:
                if op == b"TD":
                    leading = -nums[1]
                tm = tlm = times((1.0, 0.0, 0.0, 1.0, nums[0], nums[1]), tlm)
                moved = True
            elif op == b"Tm" and len(nums) == 6:
                tm = tlm = (nums[0], nums[1], nums[2], nums[3], nums[4], nums[5])
                moved = True
            elif op in (b"T*", b"'", b'"'):
                tm = tlm = times((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
                moved = True
            if op in (b"Tj", b"'", b'"', b"TJ"):
                text = _shown_bytes(operands, op == b"TJ")
                if text:
                    full = times(tm, ctm)
                    scale = abs(size) * math.hypot(full[2], full[3])
                    shows.append((text, full[4], full[5], scale, not moved))
                    moved = False
            operands = []
    return shows


def _shown_bytes(operands: list[Any], array: bool) -> bytes:
    if not array:
        return next((v for v in reversed(operands) if isinstance(v, bytes)), b"")
    parts = next((v for v in reversed(operands) if isinstance(v, list)), [])
    out = b""
    for part in parts:
        if isinstance(part, bytes):
            out += part
        elif isinstance(part, float) and part <= -_KERN_SPACE and out and not out.endswith(b" "):
            out += b" "  # (a TJ number moves the next glyph left by its value: a large
            # negative one opens a gap)
    return out


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string's bytes, from just after its "(", and the position after its ")"."""
    out = bytearray()
    depth = 1
    while pos < len(data):
        ch = data[pos]
        pos += 1
        if ch == 0x5C and pos < len(data):  # backslash
            nxt = data[pos]
            pos += 1
            if 0x30 <= nxt <= 0x37:
                digits = bytes([nxt])
                while len(digits) < 3 and pos < len(data) and 0x30 <= data[pos] <= 0x37:
                    digits += bytes([data[pos]])
                    pos += 1
                out.append(int(digits, 8) & 0xFF)
            elif nxt in (0x0A, 0x0D):  # a line continued
                if nxt == 0x0D and pos < len(data) and data[pos] == 0x0A:
                    pos += 1
            else:
                out.append(_ESCAPES.get(nxt, nxt))
            continue
        if ch == 0x28:
            depth += 1
        elif ch == 0x29:
            depth -= 1
            if not depth:
                break
        out.append(ch)
    return bytes(out), pos


def _decoded(raw: bytes) -> str | None:
    """A shown string's text in a simple font's standard encoding (WinAnsi, as field
    appearances' fonts have it); None where it holds control codes or bytes that encoding
    leaves unset: a font with two-byte or custom codes, which only its own maps read."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if any(ord(ch) < 0x20 for ch in text):
        return None
    return text


def _lines(shows: list[_Show], bounds: list[tuple[float, float, float, float]]) -> list[Line] | None:
    """The shown strings as lines: strings on one baseline, in order across it, joined
    (with a space where they stand apart), each line's extent its strings'."""
    pieces: list[tuple[str, float, float, float, float]] = []  # text, left, base, right, size
    for i, (raw, x, y, size, continues) in enumerate(shows):
        text = _decoded(raw)
        if text is None:
            return None
        if bounds:
            left, right = bounds[i][0], bounds[i][2]
        else:
            left, right = x, x + CHAR_EM * size * len(text)
        if continues and pieces:
            t, l0, base, r0, s = pieces[-1]
            pieces[-1] = (t + text, min(l0, left), base, max(r0, right), s)
        else:
            pieces.append((text, left, y, right, size))
    lines: list[list[tuple[str, float, float, float, float]]] = []
    for piece in sorted(pieces, key=lambda p: -p[2]):
        if lines and abs(lines[-1][0][2] - piece[2]) < _SAME_LINE_EMS * max(piece[4], 1.0):
            lines[-1].append(piece)
        else:
            lines.append([piece])
    out: list[Line] = []
    for line in lines:
        line.sort(key=lambda p: p[1])
        text = line[0][0]
        for prev, piece in itertools.pairwise(line):
            apart = not bounds or piece[1] - prev[3] > _SPACE_EMS * piece[4]
            text += (" " if apart else "") + piece[0]
        text = " ".join(text.split())
        if text:
            right, size = max(p[3] for p in line), max(p[4] for p in line)
            out.append((text, line[0][1], line[0][2], right, size, bool(bounds)))
    return out


def _object_bounds(annot: Any) -> list[tuple[float, float, float, float]]:
    """The extents of the appearance's text objects, in its space, in drawing order
    (pdfium makes one of each shown string)."""
    out = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(int(pdfium_c.FPDFAnnot_GetObjectCount(annot))):
        obj = pdfium_c.FPDFAnnot_GetObject(annot, i)
        if not obj or pdfium_c.FPDFPageObj_GetType(obj) != _TEXT_OBJECT:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(
            obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
        ):
            return []
        out.append((left.value, bottom.value, right.value, top.value))
    return out


def wide(read: Callable[[Any, int], int]) -> str:
    """A string pdfium writes as UTF-16 with its terminator: ``read(buffer, size)`` gives
    the bytes needed when asked with no buffer."""
    n = int(read(None, 0))
    if n <= 2:
        return ""
    buf = ctypes.create_string_buffer(n)
    read(ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), n)
    return buf.raw[: n - 2].decode("utf-16-le", "replace")
