"""Lines cut where their words show that they run across two cells or columns: a word gap
of a cell's width (split_at_gaps), or one level with a gutter that the rows around the line
show (split_at_gutters)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence

from common.documents.results import Word
from worker.engines.layout.model import Band, LayoutLine, PageStats, font_size, make_band, mean_confidence
from worker.engines.layout.patterns import AMOUNT_RE
from worker.engines.layout.pipe_lines import joins_at_pipe
from worker.engines.layout.thresholds import NARROW_GUTTER_EM, NUMERIC_GAP_EM, SPLIT_GAP_EM

# A fixed-pitch page (fixed_pitch): its lines' characters agree on one width to this
# share (glyph boxes, rounding); three lines or more, nearly all of them, show it.
_PITCH_TOLERANCE = 0.06
_PITCH_LINES = 3
_PITCH_SHARE = 0.8
# A word space on such a page is one character wide: a gap up to this many characters
# is a space.
_SPACE_SLACK = 1.25
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# Rows whose side-by-side lines show a gutter before a line across it is cut there.
_GUTTER_ROWS = 3
# A word set letter by letter: this many letters at least, its gaps within this share of
# an em of each other (glyphs of one font differ in width, their spacing does not).
_SPACED_LETTERS = 3
_EVEN_GAP_EM = 0.25
# A subfigure's label: "(a)", "(b)", "(ii)".
_HANGING_LABEL_RE = re.compile(r"^\((?:[a-z]|[ivx]{2,4})\)$")


def split_at_gaps(ln: LayoutLine, monospaced: bool = False) -> list[LayoutLine]:
    """Cut a line where its words say it spans two cells or columns.

    An OCR line box can run across a gutter, and right-aligned amounts in tight columns
    ("374.41  3,369.69") come out of either engine as one line. Word boxes show the gap:
    any gap of a full em is a cut, and so is half an em between two amounts. On a page
    set in a fixed-pitch font (``monospaced``: :func:`fixed_pitch`) a word space is as
    wide as a character, over half an em: one space between two runs of figures ("00
    1111 2222", a bank account) is the line's own space, not a cell gap.
    """
    words = ln.words
    n = len(words)
    if n < 2:
        return [ln]
    size = ln.size
    if size is None or size <= 0:
        size = font_size(ln)
    split_gap, numeric_gap = SPLIT_GAP_EM * size, NUMERIC_GAP_EM * size
    # Only a text-layer line (its words carry no confidence) was kept whole across "|"
    # padding by spans.py, which weighed the page's pipe table sides; an OCR line was not,
    # and OCR reads a ruled table's rules as "|" words: its gaps stay cuts.
    text_layer = words[0].confidence is None
    pitch = _pitch(words) if monospaced else None
    cuts = []
    prev_end = words[0].bbox[2]
    for i in range(1, n):
        box = words[i].bbox
        gap = box[0] - prev_end
        prev_end = box[2]
        if (
            gap >= numeric_gap
            and (
                gap >= split_gap
                or (
                    AMOUNT_RE.match(words[i - 1].text)
                    and AMOUNT_RE.match(words[i].text)
                    and (pitch is None or gap > _SPACE_SLACK * pitch)
                )
            )
            # A "|" separator's padding is no cell gap (pipe_lines.py: the line was kept whole).
            and not (
                text_layer
                and joins_at_pipe(words[i - 1].text, (box[0], box[2], words[i].text), gap, size, ())
            )
        ):
            cuts.append(i)
    # Only words that spell the line's text can say where to cut it.
    if not cuts or " ".join(w.text for w in words) != " ".join(ln.text.split()) or letter_spaced(ln, size):
        return [ln]
    pieces = []
    for start, end in zip([0, *cuts], [*cuts, len(words)], strict=True):
        part = words[start:end]
        pieces.append(
            LayoutLine(
                text=" ".join(w.text for w in part),
                bbox=(part[0].bbox[0], ln.bbox[1], part[-1].bbox[2], ln.bbox[3]),
                size=ln.size,
                bold=ln.bold,
                confidence=mean_confidence(part) if part[0].confidence is not None else ln.confidence,
                words=part,
            )
        )
    return pieces


def letter_spaced(ln: LayoutLine, size: float) -> bool:
    """Whether ``ln`` is one word set with a space after each letter ("F A C T U R A", an
    invoice's title in large print): single letters, evenly apart. Its gaps are its
    spacing, however wide, and no cell's or column's edge runs through it."""
    words = ln.words
    if len(words) < _SPACED_LETTERS or any(len(w.text) != 1 or not w.text.isalpha() for w in words):
        return False
    gaps = [b.bbox[0] - a.bbox[2] for a, b in itertools.pairwise(words)]
    return max(gaps) - min(gaps) <= _EVEN_GAP_EM * size


def fixed_pitch(lines: Sequence[LayoutLine]) -> bool:
    """Whether the page is set in a fixed-pitch font (Courier, a typewriter's or a line
    printer's page): of its lines of two words or more with letters in them, three or
    more and nearly all set every character at one pitch (:func:`_pitch`). A
    proportional font sets "il" narrower than "mw"; only its figures share one width."""
    lettered = [
        ln
        for ln in lines
        if len(ln.words) >= 2 and sum(len(w.text) for w in ln.words if _LETTERS.search(w.text)) >= 6
    ]
    if len(lettered) < _PITCH_LINES:
        return False
    even = sum(1 for ln in lettered if _pitch(ln.words) is not None)
    return even >= _PITCH_SHARE * len(lettered)


def _pitch(words: Sequence[Word]) -> float | None:
    """The one width every character of the words takes, when they agree on it (each word
    of two characters or more within ``_PITCH_TOLERANCE`` of the others); else None."""
    widths = [(w.bbox[2] - w.bbox[0]) / len(w.text) for w in words if len(w.text) >= 2]
    if not widths or min(widths) <= 0:
        return None
    if max(widths) > (1 + _PITCH_TOLERANCE) * min(widths):
        return None
    return sum(widths) / len(widths)


def split_at_gutters(bands: list[Band], stats: PageStats) -> list[Band]:
    """Lines that run across a narrow gutter the rest of the page shows, cut at it.

    Two columns set a little over an em apart come out of the text layer as two lines on
    most rows, but as one where both columns' lines happen to reach into the gutter (a
    right-to-left column's ragged left end, a left column's ragged right). Such a line
    has a word gap, wider than a word space, that lines up with the gaps between the
    side-by-side lines of at least ``_GUTTER_ROWS`` other rows: it is cut there, and the
    page's narrowest gutter (``stats.min_gutter``) becomes that gap, so that the columns
    are read as columns. A gutter is a stripe of white running down through the rows it
    parts: the rows that show it count only up to a row whose word runs across the gap
    (another section's columns, under a line across the page, are no gutter of this one).
    """
    gaps = [
        (a.bbox[2], b.bbox[0], k)
        for k, band in enumerate(bands)
        if len(band) >= 2
        for a, b in itertools.pairwise(band)
    ]
    if len(gaps) < _GUTTER_ROWS:
        return bands
    lo = min(c for c, _, _ in gaps)
    hi = max(d for _, d, _ in gaps)
    out: list[Band] = []
    for j, band in enumerate(bands):
        pieces: list[LayoutLine] = []
        for ln in band:
            x0, _, x1, _ = ln.bbox
            if len(ln.words) >= 2 and x0 < hi and lo < x1:  # only a line across a gap
                cut = _cut_at_gutter(ln, gaps, bands, j)
                if len(cut) == 2:
                    gap = cut[1].bbox[0] - cut[0].bbox[2]
                    if gap < stats.min_gutter:
                        stats.min_gutter = max(gap - 0.5, 4.0)
                pieces.extend(cut)
            else:
                pieces.append(ln)
        if len(pieces) == len(band):
            out.append(band)
        else:
            pieces.sort(key=lambda ln: (ln.bbox[0], ln.bbox[1]))
            out.append(make_band(pieces))
    return out


def _cut_at_gutter(
    ln: LayoutLine, gaps: list[tuple[float, float, int]], bands: list[Band], row: int
) -> list[LayoutLine]:
    """``ln``, of ``bands[row]``, cut at a word gap that the side-by-side lines of other
    rows show (``gaps``: each gap's left and right edge and its row), or whole."""
    size = font_size(ln)
    if letter_spaced(ln, size):
        return [ln]
    words = sorted(ln.words, key=lambda w: w.bbox[0])
    tol = 0.25 * size
    for i, (prev, nxt) in enumerate(itertools.pairwise(words)):
        a, b = prev.bbox[2], nxt.bbox[0]
        hang = False
        if b - a < NARROW_GUTTER_EM * size:
            # A subcaption's label hangs into the gutter before its text ("unit. (b) A
            # visualization", the "(b)" over the gutter the rows under it show): the
            # gutter runs between the word before the label and the label's text.
            if nxt.text[:1] != "(" or i + 2 >= len(words) or not _HANGING_LABEL_RE.match(nxt.text):
                continue
            b = words[i + 2].bbox[0]
            if b - a < NARROW_GUTTER_EM * size or b - nxt.bbox[2] >= NARROW_GUTTER_EM * size:
                continue
            hang = True
        # Gaps of other rows that overlap this one and share one of its edges: a
        # column's aligned side (a right-to-left column's start, a left-to-right one's).
        rows = [k for c, d, k in gaps if c < b and a < d and (abs(c - a) <= tol or abs(d - b) <= tol)]
        if not hang and rows and max(rows) < row and _word_space(words, i):
            # A line past the end of the column beside it (a long bank account under
            # the buyer's address) reaches across its edge at a word space of its own:
            # its words run on; two columns' lines met on a row part wider than that.
            continue
        if (
            len(rows) >= _GUTTER_ROWS
            and _gutter_rows(Counter(rows), bands, row, a + tol, b - tol) >= _GUTTER_ROWS
        ):
            if hang:
                return _cut_line(ln, nxt.bbox[0], hang=True)
            return _cut_line(ln, (a + b) / 2)
    return [ln]


def _word_space(words: list[Word], i: int) -> bool:
    """Whether the gap after ``words[i]`` is no wider than the line's other word gaps
    (two of them at least) are, about: an ordinary space of the line's font."""
    gaps = [b.bbox[0] - a.bbox[2] for a, b in itertools.pairwise(words)]
    gap = gaps.pop(i)
    if len(gaps) < 2:
        return False
    gaps.sort()
    return gap <= _SPACE_SLACK * gaps[len(gaps) // 2]


def _gutter_rows(rows: Counter[int], bands: list[Band], row: int, a: float, b: float) -> int:
    """How many of the gaps level with ``a``..``b`` (``rows``: how many each band shows)
    the stripe of white from ``a`` to ``b`` reaches from ``bands[row]``, up and down the
    page: it ends at a row with a word across it."""
    n = rows[row]
    for step in (-1, 1):
        k = row + step
        while 0 <= k < len(bands):
            if k in rows:
                n += rows[k]
            elif any(_across(ln, a, b) for ln in bands[k]):
                break
            k += step
    return n


def _across(ln: LayoutLine, a: float, b: float) -> bool:
    """Whether a word of ``ln`` (or the line, without words) runs across ``a``..``b``."""
    if ln.bbox[0] > a or ln.bbox[2] < b:
        return False
    return not ln.words or any(w.bbox[0] <= a and w.bbox[2] >= b for w in ln.words)


def _cut_line(ln: LayoutLine, x: float, hang: bool = False) -> list[LayoutLine]:
    """The line's words left and right of ``x``, each side in the line's own word order
    (``hang``: the right side is the words from the one starting at ``x``, a label that
    hangs into the gutter, and its box starts at the label's text)."""
    if " ".join(w.text for w in ln.words) != " ".join(ln.text.split()):
        return [ln]  # only words that spell the line's text can say where to cut it
    out: list[LayoutLine] = []
    if hang:
        parts = ([w for w in ln.words if w.bbox[0] < x], [w for w in ln.words if w.bbox[0] >= x])
    else:
        parts = ([w for w in ln.words if w.bbox[2] <= x], [w for w in ln.words if w.bbox[2] > x])
    if not parts[0] or not parts[1] or (hang and len(parts[1]) < 2):
        return [ln]
    for part in parts:
        out.append(
            LayoutLine(
                text=" ".join(w.text for w in part),
                bbox=(
                    # The left piece starts where the line does (beside a drop cap, at the
                    # initial's edge: initials.drop_caps).
                    ln.bbox[0] if not out else min(w.bbox[0] for w in (part[1:] if hang else part)),
                    ln.bbox[1],
                    max(w.bbox[2] for w in part),
                    ln.bbox[3],
                ),
                size=ln.size,
                bold=ln.bold,
                confidence=mean_confidence(part) if part[0].confidence is not None else ln.confidence,
                words=part,
            )
        )
    return out
