"""The brackets of a text page's RTL lines as the font maps them, where pdfium's own
reordering mirrored them.

pdfium's text page lays each line's characters out in runs of one direction
(CPDF_TextPage::CloseTempLine over CFX_BidiString): a run of right-to-left letters,
and a run of neutrals (spaces, brackets, quotes) that follows one, is read backwards,
each character through its mirror ("(" for ")"); runs of Latin letters, and neutrals
after them, are not. So one bracket of a line comes as its font's ToUnicode maps it
and the next as its mirror, depending only on which letter pdfium met before it. The
layout's reading (:mod:`worker.engines.bidi_text`) can undo one convention for a whole
line (the font gives the glyph's shape, or the character as written), not a mix of
both: "(Cicero)" on an Arabic line came out ")Cicero)".

pdfium's runs are recovered from its text alone: a run reversed keeps its characters
and its place among the runs, so the line's characters split into runs of one
direction exactly as pdfium's input did. The rules then say which runs it mirrored:
with more right-to-left runs than left-to-right ones, the line's direction is right to
left (with as many, left to right: pdfium's text of drawn lines says so, "(Online)"
before an Arabic word keeps both its brackets as drawn); a right-to-left run is
mirrored, and a neutral one too when the last strong run before it (or, with none, the
line's direction) is right to left. Those runs' mirrored characters are mirrored back.

Only pages with right-to-left letters come here, and only their lines with a mirrored
character are looked at character by character.
"""

from __future__ import annotations

import re
import unicodedata

from bidi.mirror import MIRRORED  # python-bidi's Bidi_Mirroring_Glyph pairs, as rule L4 uses

# pdfium's direction of a character (CFX_BidiChar::AppendChar), by bidi class.
_RIGHT, _LEFT, _WEAK, _NEUTRAL = 1, -1, 2, 0
_DIRECTION = {
    "R": _RIGHT,
    "AL": _RIGHT,
    "L": _LEFT,
    **dict.fromkeys(("AN", "EN", "NSM", "CS", "ES", "ET", "BN"), _WEAK),
}
_MIRRORED_RE = re.compile("[" + re.escape("".join(MIRRORED)) + "]")
# pdfium ends a line of its text with the break it generates.
_LINE_RE = re.compile("[^\r\n]+")


def unmirror(text: str) -> str:
    """``text`` (a page's text as pdfium gives it, one character per pdfium character)
    with the characters pdfium mirrored mirrored back; the same length."""
    if _MIRRORED_RE.search(text) is None:
        return text
    chars: list[str] | None = None
    for m in _LINE_RE.finditer(text):
        line = m.group()
        if _MIRRORED_RE.search(line) is None:
            continue
        for at in _mirrored_by_pdfium(line):
            if chars is None:
                chars = list(text)
            i = m.start() + at
            chars[i] = MIRRORED[chars[i]]
    return text if chars is None else "".join(chars)


def _mirrored_by_pdfium(line: str) -> list[int]:
    """Where in ``line`` (one line of pdfium's text) pdfium put a mirrorable character
    through its mirror: those of the neutral runs it read right to left."""
    dirs = [_DIRECTION.get(unicodedata.bidirectional(c), _NEUTRAL) for c in line]
    n_right = n_left = 0
    prev = None
    for d in dirs:
        if d != prev:
            n_right += d == _RIGHT
            n_left += d == _LEFT
            prev = d
    if n_right == 0:
        return []  # no right-to-left run: pdfium read the line left to right
    current = _RIGHT if n_right > n_left else _LEFT
    out = []
    for i, (c, d) in enumerate(zip(line, dirs, strict=True)):
        if d in (_RIGHT, _LEFT):
            current = d
        elif d == _NEUTRAL and current == _RIGHT and c in MIRRORED:
            out.append(i)  # (mirrorable characters are all neutral: class ON)
    return out
