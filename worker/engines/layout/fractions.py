"""Stacked fractions of display math read on their equation's line (rows.to_bands runs it
before lines are grouped into rows).

TeX sets a fraction's numerator over a drawn bar and its denominator under it, the bar
on the math axis of the equation's line ("Γm = ⟨numerator / denominator⟩ , (1)"). The
numerator and the denominator each overlap that line by less than half their height,
so row grouping reads three rows: all the numerators, the equation's line with a hole
where the fraction stands, all the denominators (or a numerator joins the line of text
above it, a bullet's last line). Read as the text layer has them, a fraction is its
numerator, then its denominator, in its place on the line: each bar's numerator and
denominator become one line with the pieces of the equation's line beside them (each a
small gap from the next, so that a wide gap between the pieces, which the bars leave,
is not read as a gutter), set at the bar's level.

Only a bar that ends an equation's left-hand side is taken: a line on the bar's level,
just left of it, holding a relation sign ("=", "<", "∧", ...). A rule with a name typed
over it and a label under it (a signature line) has no equation beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from common.documents.results import Word
from worker.engines.layout.model import LayoutLine, font_size

Rule = tuple[float, float, float, float]  # x0, top, x1, bottom

# A fraction bar: a drawn rule this thin (points), no longer than this many ems of the
# text beside it.
_BAR_THICK = 1.5
_BAR_MAX_EM = 20.0
_LARGE_PRINT = 14.0  # points: no equation's print is larger (a longer rule is no bar)
# A numerator ends, and a denominator starts, within this many ems of the bar (an
# overlap of a third of an em for a loose box that reaches past its glyphs).
_NEAR_EM = 0.5
_OVER_EM = 0.3
# Parts of a fraction stand over or under its bar, within this many ems of its ends.
_INSIDE_EM = 0.5
# Bars side by side on one level, no further apart than this (points: about an em), are
# one run of fractions: a numerator line reaches over all of them.
_RUN_GAP_PT = 10.0
# The equation's line: pieces on the bar's level (their middles within this many ems of
# it), each this many ems at most from the next (a column's gutter is wider).
_LEVEL_EM = 0.4
_CHAIN_GAP_EM = 1.2
_CLOSING = frozenset(",.;")
_RELATIONS = frozenset("=<>≤≥≈≠∝\u223c≡∧\u2228")  # ... tilde operator, logical or


def stack_fractions(lines: list[LayoutLine], rules: Sequence[Rule]) -> list[LayoutLine]:
    """``lines`` with each run of stacked fractions beside an equation's left-hand side
    read as one line at its bars' level: each fraction's numerator, then its denominator,
    left to right. ``lines`` itself where there is none (most pages: no short bar)."""
    bars = sorted(
        (
            r
            for r in rules
            if r[3] - r[1] <= _BAR_THICK and r[3] - r[1] < r[2] - r[0] <= _BAR_MAX_EM * _LARGE_PRINT
        ),
        key=lambda r: (round((r[1] + r[3]) / 2), r[0]),
    )
    if not bars:
        return lines
    # The lines with a relation sign: an equation's left-hand side is among them or on
    # their level (most pages with short rules, a form's fields, have none).
    relations = [ln for ln in lines if not _RELATIONS.isdisjoint(ln.text)]
    if not relations:
        return lines
    out = lines
    for run in _runs(bars):
        axis = (run[0][1] + run[0][3]) / 2
        if not any(ln.bbox[1] <= axis <= ln.bbox[3] and ln.bbox[2] <= run[0][0] + 1.0 for ln in relations):
            continue
        made = _fraction_line(out, run)
        if made is not None:
            line, used = made
            out = [ln for ln in out if id(ln) not in used]
            out.append(line)
    return out


def _runs(bars: list[Rule]) -> list[list[Rule]]:
    """Bars side by side on one level, a run each (sorted by level, then left to right)."""
    runs: list[list[Rule]] = []
    for bar in bars:
        if runs:
            last = runs[-1][-1]
            level = abs((bar[1] + bar[3]) / 2 - (last[1] + last[3]) / 2) <= _BAR_THICK
            if level and 0 <= bar[0] - last[2] <= _RUN_GAP_PT:
                runs[-1].append(bar)
                continue
        runs.append([bar])
    return runs


def _fraction_line(lines: list[LayoutLine], run: list[Rule]) -> tuple[LayoutLine, set[int]] | None:
    """The equation's line that reads the fractions of ``run`` in place and the ids of
    the lines it takes, or None where the run is no fraction beside an equation's
    left-hand side."""
    x0, x1 = run[0][0], run[-1][2]
    top, bottom = min(b[1] for b in run), max(b[3] for b in run)
    axis = (top + bottom) / 2
    # The equation's left-hand side: on the bar's level, ending just before it.
    lhs = [ln for ln in lines if ln.bbox[1] <= axis <= ln.bbox[3] and ln.bbox[2] <= x0 + 1.0]
    if not lhs:
        return None
    em = font_size(max(lhs, key=lambda ln: ln.bbox[2]))
    if x1 - x0 > _BAR_MAX_EM * em * len(run):
        return None
    left = _level_chain(lines, axis, x0, em, -1)
    right = _level_chain(lines, axis, x1, em, 1)
    if not left or all(_RELATIONS.isdisjoint(ln.text) for ln in left):
        return None
    inside = _INSIDE_EM * em
    over = [
        ln
        for ln in lines
        if top - _NEAR_EM * em <= ln.bbox[3] <= top + _OVER_EM * em
        and ln.bbox[0] >= x0 - inside
        and ln.bbox[2] <= x1 + inside
    ]
    under = [
        ln
        for ln in lines
        if bottom - _OVER_EM * em <= ln.bbox[1] <= bottom + _NEAR_EM * em
        and ln.bbox[0] >= x0 - inside
        and ln.bbox[2] <= x1 + inside
    ]
    if not over or not under:
        return None
    # Each word of the parts goes with the bar it stands over or under, and every one
    # does: nothing else is read here.
    parts: list[tuple[int, int, Word]] = []  # (bar, 0 numerator / 1 denominator, word)
    for side_no, part in enumerate((over, under)):
        for ln in part:
            for w in _words(ln):
                k = _bar_of(w, run, inside)
                if k < 0:
                    return None
                parts.append((k, side_no, w))
    words = [w for _, _, w in sorted(parts, key=lambda t: (t[0], t[1], t[2].bbox[0]))]
    taken = [*left, *over, *under, *right]
    size = max(font_size(ln) for ln in left)
    half = 0.6 * size
    y0, y1 = axis - half, axis + half
    texts = [ln.text.strip() for ln in left] + [w.text for w in words]
    placed = [Word(w.text, (w.bbox[0], y0, w.bbox[2], y1), w.confidence) for ln in left for w in _words(ln)]
    placed += [Word(w.text, (w.bbox[0], y0, w.bbox[2], y1), w.confidence) for w in words]
    for ln in right:
        text = ln.text.strip()
        # (punctuation after the fraction is set against it: "..., (1)")
        if text[:1] in _CLOSING and texts:
            texts[-1] += text
        else:
            texts.append(text)
        placed += [Word(w.text, (w.bbox[0], y0, w.bbox[2], y1), w.confidence) for w in _words(ln)]
    box = (min(ln.bbox[0] for ln in taken), y0, max(ln.bbox[2] for ln in taken), y1)
    line = LayoutLine(" ".join(texts), box, size, False, None, placed)
    return line, {id(ln) for ln in taken}


def _level_chain(lines: list[LayoutLine], axis: float, edge: float, em: float, way: int) -> list[LayoutLine]:
    """The lines on the level of ``axis`` that follow one another from ``edge`` leftwards
    (``way`` -1) or rightwards (1), each within a small gap of the one before: the rest
    of the equation's line, in reading order."""
    chain: list[LayoutLine] = []
    reach = _CHAIN_GAP_EM * em
    while True:
        best: LayoutLine | None = None
        for ln in lines:
            x0, top, x1, bottom = ln.bbox
            if abs((top + bottom) / 2 - axis) > _LEVEL_EM * em or any(ln is c for c in chain):
                continue
            gap = edge - x1 if way < 0 else x0 - edge
            if -1.0 <= gap <= reach and (
                best is None or gap < (edge - best.bbox[2] if way < 0 else best.bbox[0] - edge)
            ):
                best = ln
        if best is None:
            return chain[::-1] if way < 0 else chain
        chain.append(best)
        edge = best.bbox[0] if way < 0 else best.bbox[2]


def _bar_of(w: Word, run: list[Rule], inside: float) -> int:
    """The index in ``run`` of the bar that ``w``'s middle stands over or under (the
    nearest, within ``inside`` of its ends), or -1."""
    mid = (w.bbox[0] + w.bbox[2]) / 2
    best, best_d = -1, inside
    for k, bar in enumerate(run):
        d = 0.0 if bar[0] <= mid <= bar[2] else min(abs(mid - bar[0]), abs(mid - bar[2]))
        if d <= best_d:
            best, best_d = k, d
            if d == 0.0:
                break
    return best


def _words(ln: LayoutLine) -> list[Word]:
    """The words of ``ln``, or the line as one word where it has none (OCR lines)."""
    return ln.words if ln.words else [Word(ln.text, ln.bbox)]
