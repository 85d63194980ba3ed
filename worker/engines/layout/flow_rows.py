"""A flow's bands as the rows that blocks are made of (band_row), and the rows' ordinary
line spacing, which tells a paragraph's next line from a new paragraph (line_pitch)."""

from __future__ import annotations

import itertools
import statistics

from worker.engines.layout.model import Band, Row, font_size, mean_confidence
from worker.engines.layout.table_rows import mostly_rtl


def band_row(band: Band) -> Row:
    if len(band) == 1:
        ln = band[0]
        x0, top, x1, bottom = ln.bbox
        size = ln.size
        estimated = size is None or size <= 0
        if size is None or size <= 0:
            size = font_size(ln)
        return Row(
            ln.text.strip(),
            x0,
            top,
            x1,
            bottom,
            size,
            ln.bold,
            ln.confidence,
            ln.words,
            estimated,
            ln.note_mark,
        )
    n = sum(len(ln.text) for ln in band) or 1
    # A band is sorted left to right; the parts of a right-to-left row (a dates line's
    # "received: ..." at the right, "accepted: ..." a wide gap to its left) read from the right.
    lines = band[::-1] if mostly_rtl([band]) else band
    return Row(
        text=" ".join(ln.text.strip() for ln in lines),
        x0=min(ln.bbox[0] for ln in band),
        top=min(ln.bbox[1] for ln in band),
        x1=max(ln.bbox[2] for ln in band),
        bottom=max(ln.bbox[3] for ln in band),
        size=sum(font_size(ln) * len(ln.text) for ln in band) / n,
        bold=all(ln.bold for ln in band),
        confidence=mean_confidence(band),
        words=[w for ln in lines for w in ln.words],
        estimated=any(ln.size is None or ln.size <= 0 for ln in band),
        note_mark=min(band, key=lambda ln: ln.bbox[0]).note_mark,
    )


def row_pitch(a: Row, b: Row) -> float:
    # Baseline distance without baselines: the smaller of the top and bottom distances,
    # since a superscript raises one line's top and a subscript lowers one line's bottom.
    return min(b.top - a.top, b.bottom - a.bottom)


def line_pitch(flows: list[list[Row]]) -> float:
    samples: list[float] = []
    guessed: list[float] = []
    wrapped: list[float] = []  # pitches below a line that runs across its flow: a wrap
    # OCR sizes are guessed from box heights that scatter with ascenders and descenders:
    # their pitch is measured in their common size, whatever two neighbours' boxes say.
    em = 0.0  # worked out at the first guessed size: text layers have none
    for rows in flows:
        left = min((r.x0 for r in rows), default=0.0)
        right = max((r.x1 for r in rows), default=0.0)
        for a, b in itertools.pairwise(rows):
            if a.estimated or b.estimated:
                if em == 0.0:
                    em = statistics.median([r.size for rs in flows for r in rs if r.estimated])
                p = row_pitch(a, b) / em
                if 0.8 <= p <= 2.5:
                    samples.append(p)
                    guessed.append(p)
            elif abs(a.size - b.size) <= 0.1 * a.size:
                p = row_pitch(a, b) / a.size
                if 0.8 <= p <= 2.5:
                    samples.append(p)
                    if a.x1 - a.x0 >= 0.9 * (right - left):
                        wrapped.append(p)
    # The median is the ordinary line spacing as long as most rows are not paragraph
    # starts; below 3 samples there is no telling, so assume ordinary single spacing...
    if len(samples) >= 3:
        return statistics.median(samples)
    # Few lines, but one runs across its flow and the next goes on below it: that is a
    # wrap, and its distance the ordinary one (a script set loose, Naskh at 2 em, would
    # otherwise be a paragraph per line).
    if wrapped and not guessed:
        return min(wrapped)
    # ... unless the sizes are guessed (an OCR box is no em): then the tighter of the few
    # line distances there are is the ordinary one, if it is one at all (no blank line's).
    low = min(guessed) if guessed else 1.2
    return low if 1.2 < low <= 1.8 else 1.2
