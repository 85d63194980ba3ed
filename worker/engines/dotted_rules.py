"""Dotted and dashed rules drawn as a row of tiny paths, one per dot or dash.

Some layout programs (InDesign's dotted strokes, exported) draw a dotted rule between a
table's rows as hundreds of tiny filled shapes, each far shorter than a rule: read one
by one they are nothing, and the rows they part read as one unruled block. A row of
them, evenly spaced and level, is the rule it shows. A row of dots through a line of
text (leader dots drawn as shapes) is no rule: it lies inside the line's height.
"""

from __future__ import annotations

from collections.abc import Sequence

from worker.engines.text_spans import TextSpan

Speck = tuple[float, float, float, float]  # x0, top, x1, bottom, in the spans' frame

MAX_SPECK = 6.0  # a dot or dash is shorter than this (pt; a rule is this long) ...
MAX_DOT = 2.0  # ... and at most this thick
_MIN_SPECKS = 12  # a dotted rule has this many dots at least ...
_MIN_LENGTH = 72.0  # ... and runs an inch at least
_MAX_GAP = 4.0  # the blank between two dots, at most this (pt) and ...
_GAP_SIZES = 3.0  # ... this many dots' lengths
_NEAR_EM = 2.0  # leader dots start or end this many ems from their line's words at most
_LEVEL = 0.3  # dots of one rule are level (and as thick) within this (pt)


def is_speck(w: float, h: float) -> bool:
    """Whether a small path's size may make it a dot or dash of a dotted rule."""
    return 0 < w < MAX_SPECK and 0 < h < MAX_SPECK and min(w, h) <= MAX_DOT


def dotted_rules(specks: Sequence[Speck]) -> list[Speck]:
    """The rules that rows (or columns) of evenly spaced, level specks draw."""
    if len(specks) < _MIN_SPECKS:
        return []
    found = _runs(list(specks))
    # Down the page: the same test with the axes swapped.
    found += [(t, x0, b, x1) for x0, t, x1, b in _runs([(t, x0, b, x1) for x0, t, x1, b in specks])]
    return found


def _runs(specks: list[Speck]) -> list[Speck]:
    """Horizontal runs: specks level with each other, each close after the one before."""
    out: list[Speck] = []
    # Rows of specks level within _LEVEL of the row's first.
    rows: list[list[Speck]] = []
    for s in sorted(specks, key=lambda s: s[1] + s[3]):
        if rows and (s[1] + s[3]) - (rows[-1][0][1] + rows[-1][0][3]) <= 2 * _LEVEL:
            rows[-1].append(s)
        else:
            rows.append([s])
    for row in rows:
        if len(row) < _MIN_SPECKS:
            continue
        row.sort()
        run = [row[0]]
        for s in row[1:]:
            last = run[-1]
            size = last[2] - last[0]
            gap = s[0] - last[2]
            if (
                -0.1 <= gap <= min(_MAX_GAP, _GAP_SIZES * max(size, 0.5))
                and abs((s[3] - s[1]) - (last[3] - last[1])) <= _LEVEL
            ):
                run.append(s)
                continue
            _keep(run, out)
            run = [s]
        _keep(run, out)
    return out


def _keep(run: list[Speck], out: list[Speck]) -> None:
    if len(run) >= _MIN_SPECKS and run[-1][2] - run[0][0] >= _MIN_LENGTH:
        out.append((run[0][0], min(s[1] for s in run), run[-1][2], max(s[3] for s in run)))


def off_text(rules: list[Speck], spans: Sequence[TextSpan]) -> list[Speck]:
    """The dotted rules that run along no line of text: a row of dots inside a line's
    height, across its words or between them, leads the eye along the line (a contents
    page's leaders from a title to its page number)."""
    kept = []
    for x0, top, x1, bottom in rules:
        y = (top + bottom) / 2
        if not any(
            s.top + 1.0 < y < s.bottom - 1.0
            and s.x0 < x1 + _NEAR_EM * s.size
            and x0 - _NEAR_EM * s.size < s.x1
            for s in spans
            if s.text.strip()
        ):
            kept.append((x0, top, x1, bottom))
    return kept


def in_rules(box: Speck, rules: Sequence[Speck]) -> bool:
    """Whether a small shape is one of the dots of ``rules``."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(r[0] - 0.5 <= cx <= r[2] + 0.5 and r[1] - 0.5 <= cy <= r[3] + 0.5 for r in rules)
