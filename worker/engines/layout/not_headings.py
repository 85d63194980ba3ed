"""Bold print that heads nothing: runs of short bold lines set one under another (a list),
and rows of figures (blocks.py asks)."""

from __future__ import annotations

from worker.engines.layout.model import Proto
from worker.engines.layout.patterns import AMOUNT_RE

_MIN_RUN = 3  # bold lines in a row that make a list: two may be a heading and its subheading
_LEADING_EM = 0.5  # the blank between two of them, at most (ems): no heading's space


def unhead_bold_runs(protos: list[Proto]) -> None:
    """Take the heading mark off runs of one-line bold blocks of one size set at the line
    pitch, three or more: a list of names (a bench of judges, a board of directors), each
    line its own block because each ends with a full stop, is no run of headings, which
    stand apart from each other and from the text they head."""
    i = 0
    while i < len(protos):
        j = i
        while j < len(protos) and _single_bold(protos[j]) and (j == i or _under(protos[j - 1], protos[j])):
            j += 1
        if j - i >= _MIN_RUN:
            for p in protos[i:j]:
                p.heading = False
        i = max(j, i + 1)


def _single_bold(p: Proto) -> bool:
    return p.heading and p.kind == "paragraph" and len(p.rows) == 1 and p.rows[0].bold


def _under(a: Proto, b: Proto) -> bool:
    # Line boxes set close may overlap a little (a quarter em).
    ra, rb = a.rows[0], b.rows[0]
    size = ra.size
    return (
        abs(rb.size - size) <= 0.05 * size
        and -0.25 * size <= rb.top - ra.bottom <= _LEADING_EM * size
        and abs(rb.x0 - ra.x0) <= 0.5 * size
    )


def figures_only(text: str) -> bool:
    """Whether ``text`` is nothing but figures ("214,271  415,954"): a bold total or a
    row of a statement's amounts, never a heading."""
    words = text.split()
    return bool(words) and all(AMOUNT_RE.match(w) for w in words)
