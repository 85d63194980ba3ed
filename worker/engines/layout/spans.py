"""Layer 1: a PDF text layer's spans (words) to line fragments, cut at wide gaps."""

from __future__ import annotations

from collections.abc import Sequence

from common.documents.results import Word
from worker.engines import bidi_text
from worker.engines.layout.glyph_extents import true_extents
from worker.engines.layout.model import LayoutLine
from worker.engines.layout.pipe_lines import is_pipe, joins_at_pipe, table_pipes
from worker.engines.layout.rows import group_rows
from worker.engines.layout.span_frags import NEW_WORD_SIZE, Frag, runs_to_frags
from worker.engines.layout.thresholds import SPLIT_GAP_EM, WORD_GAP_EM
from worker.engines.textlayer import TextSpan
from worker.engines.turned_text import TurnedLine

# A line of at least this many underscores alone is a typed rule, not text; a blank to
# fill in on a line of its own is shorter than a third of a page at 10 pt.
_TYPED_RULE_CHARS = 40


def spans_to_lines(spans: Sequence[TextSpan]) -> list[LayoutLine]:
    """Group a text layer's spans into line fragments, top to bottom then left to right.

    A row is cut wherever the gap between neighbouring spans exceeds ``SPLIT_GAP_EM``
    font sizes, so each returned line belongs to one column or one table cell;
    :func:`layout_lines` decides how the fragments are read. A line with right-to-left
    letters comes out in reading (logical) order, its words too.
    """
    # (boxes that overreach their glyphs would join the lines they reach over: a row
    # is grouped by where its print stands)
    frags = runs_to_frags(true_extents(spans))
    lines: list[LayoutLine] = []
    rows: list[list[Frag]] = []  # each line's row, for the few pages with RTL lines
    rtl = False
    grouped = group_rows(frags, [(f.top, f.bottom) for f in frags])
    sides = _pipe_sides(grouped)
    for row in grouped:
        if len(row) == 1:  # most rows: one fragment, one line
            ln = _frag_to_line(row[0])
            lines.append(ln)
            rows.append(row)
            if not rtl and not ln.text.isascii():
                rtl = bidi_text.has_rtl(ln.text)
        else:
            for ln in _merge_row(row, sides):
                lines.append(ln)
                rows.append(row)
                if not rtl and not ln.text.isascii():
                    rtl = bidi_text.has_rtl(ln.text)
    if rtl:
        _to_logical(lines, rows)
    if any(ln.text[:1] == "_" for ln in lines):
        lines = [ln for ln in lines if not _typed_rule(ln.text)]
    return lines


def _pipe_sides(rows: list[list[Frag]]) -> list[float] | None:
    """Sorts each row of several fragments left to right; where one of them has a "|" at
    a gap, the column sides of tables typed with pipes (pipe_lines.py), else None."""
    piped = False
    for row in rows:
        if len(row) > 1:
            row.sort(key=lambda f: (f.x0, f.top))
            if not piped:
                piped = any(
                    is_pipe(f.words[0][0].lstrip()[:1]) or is_pipe(f.words[-1][0].rstrip()[-1:]) for f in row
                )
    if not piped:
        return None
    return table_pipes([[(f.x0, f.x1, f.text) for f in row] for row in rows if len(row) > 1])


def _typed_rule(text: str) -> bool:
    """A line of underscores and nothing else, a long one: a rule typed as text (a word
    processor's separator), which no reader reads. A fill-in blank ("Signature: ____")
    has its label on its line and stays."""
    bare = text.replace(" ", "")
    return len(bare) >= _TYPED_RULE_CHARS and not bare.strip("_")


def _to_logical(lines: list[LayoutLine], rows: list[list[Frag]]) -> None:
    """The lines of a page with right-to-left text, built left to right as drawn,
    rewritten in reading order.

    Only such pages come here (the ASCII test first: most lines stop there), so the
    common path does no per-character work for it. The words are taken again from each
    line's fragments, each with its own box: joining fragments into words
    (:func:`_merge_row`) glues them in the order they were drawn, which for an RTL line
    is not left to right where glyphs overlap (the two halves of a lam-alef), and trusts
    pdfium's word breaks, which on such a page include breaks it makes up where its own
    reordering splits a run ("1" "," "200" for "1,200" in an Arabic table). The lines
    with letters but no RTL ones keep their order and only get their words rejoined; those
    with no letters at all are laid out in the page's direction (see
    :func:`bidi_text.logical_words`).
    """
    rtl_page = bidi_text.rtl_share([ln.text for ln in lines]) > 0.5
    for ln, row in zip(lines, rows, strict=True):
        x0, top, x1, bottom = ln.bbox
        drawn = [
            (text, w0, w1)
            for f in row
            if f.x0 >= x0 and f.x1 <= x1
            for raw, w0, w1 in f.words
            if (text := raw.strip())
        ]
        if not drawn:
            continue
        # The spaces the text layer read between RTL glyphs that touch (text_extract's
        # _rtl_spaces): word breaks that the glyphs' positions do not show.
        spaces = [
            w0 for f in row if f.x0 >= x0 and f.x1 <= x1 for raw, w0, _ in f.words if raw and not raw.strip()
        ]
        em = ln.size if ln.size is not None and ln.size > 0 else bottom - top
        # A line without letters (a cell of numbers and dashes) reads the page's way too:
        # an RTL paragraph lays "08:30-16:00" out as "16:00-08:30".
        if bidi_text.has_rtl(ln.text) or (rtl_page and not bidi_text.has_letters(ln.text)):
            words = bidi_text.logical_words(drawn, em, rtl_page, spaces)
        else:
            words = bidi_text.visual_words(drawn, em)
        ln.text = " ".join([w[0] for w in words])
        ln.words = [Word(text, (w0, top, w1, bottom)) for text, w0, w1 in words]


def _frag_words(f: Frag) -> list[tuple[str, float, float]]:
    """(text, x0, x1) of each word of a fragment."""
    out = []
    for text, x0, x1 in f.words:
        text = text.strip()
        if text:
            out.append((text, x0, x1))
    return out


def _frag_to_line(f: Frag) -> LayoutLine:
    """A fragment that is a line on its own (most are)."""
    top, bottom = f.top, f.bottom
    words = []
    for text, x0, x1 in f.words:
        text = text.strip()
        if text:
            words.append(Word(text, (x0, top, x1, bottom)))
    # Bold only when (nearly) the whole line is: a bold lead-in word must not make a body
    # line look like a bold heading.
    return LayoutLine(
        f.text, (f.x0, top, f.x1, bottom), f.size_sum / f.n, f.bold_n >= 0.8 * f.n, None, words, f.note_mark
    )


def _merge_row(row: list[Frag], sides: list[float] | None) -> list[LayoutLine]:
    """Fragments of one row (sorted by x) to lines, cut at wide gaps, but for the gaps a
    "|" separator pads on a page with pipes (``sides``: pipe_lines.table_pipes)."""
    out: list[LayoutLine] = []
    cur: Frag | None = None
    # Until a second fragment joins it, ``cur`` is the row's own fragment, turned into a
    # line as it is; ``merged`` then holds (copy of cur, its text, its words).
    merged: tuple[Frag, list[str], list[tuple[str, float, float]]] | None = None
    cur_size = 0.0
    after_mark = False  # the last fragment merged was a small mark glued to its word
    for f in row:
        f_size = f.size_sum / f.n
        if cur is not None:
            size = cur_size if cur_size > f_size else f_size
            near = 0.2 * (f_size if f_size < cur_size else cur_size)
            if (
                abs(f_size - cur_size) <= 0.02 * size
                and abs(f.x0 - cur.x0) < near
                and abs(f.x1 - cur.x1) < near
                and abs(f.top - cur.top) < near
                and f.text == ("".join(merged[1]) if merged is not None else cur.text)
            ):
                # The same string drawn twice, slightly offset: a fake-bold trick. Keep one.
                if merged is None:
                    merged = _own(cur)
                    cur = merged[0]
                cur.bold_n = cur.n
                continue
            gap = f.x0 - cur.x1
            if gap <= SPLIT_GAP_EM * size or (
                sides is not None
                and joins_at_pipe(
                    "".join(merged[1]) if merged is not None else cur.text,
                    (f.x0, f.x1, f.text),
                    gap,
                    size,
                    sides,
                )
            ):
                if merged is None:
                    merged = _own(cur)
                    cur = merged[0]
                _, texts, cur_words = merged
                # A space also where the text layer starts a new word, if the fragment is
                # no smaller print (a raised footnote marker stays glued to its word):
                # table cells that touch ("Age group" then "Male", 0.05 pt apart).
                # Nor after such a marker, for what follows it without a word gap (the "."
                # of "soils1.").
                small = f_size < NEW_WORD_SIZE * cur_size
                joined = (
                    gap > WORD_GAP_EM * size
                    or gap < -0.3 * size
                    or (not f.cont and not small and not after_mark)
                )
                after_mark = small and not joined
                if joined:
                    texts.append(" ")
                texts.append(f.text)
                words = _frag_words(f)
                if not joined and cur_words and words:
                    # No space between the fragments: the first word continues the last.
                    last, first = cur_words[-1], words[0]
                    cur_words[-1] = (last[0] + first[0], last[1], max(last[2], first[2]))
                    words = words[1:]
                cur_words.extend(words)
                cur.x0, cur.x1 = min(cur.x0, f.x0), max(cur.x1, f.x1)
                cur.top, cur.bottom = min(cur.top, f.top), max(cur.bottom, f.bottom)
                cur.n += f.n
                cur.size_sum += f.size_sum
                cur.bold_n += f.bold_n
                cur_size = cur.size_sum / cur.n
                continue
            out.append(_frag_to_line(cur) if merged is None else _frag_line(*merged))
        cur, merged, cur_size, after_mark = f, None, f_size, False
    if cur is not None:
        out.append(_frag_to_line(cur) if merged is None else _frag_line(*merged))
    return out


def _own(f: Frag) -> tuple[Frag, list[str], list[tuple[str, float, float]]]:
    # A line that fragments are merged into: a copy of the first, its text as pieces.
    return (
        Frag([], f.x0, f.top, f.x1, f.bottom, f.n, f.size_sum, f.bold_n, False, f.note_mark),
        [f.text],
        _frag_words(f),
    )


def _frag_line(f: Frag, texts: list[str], words: list[tuple[str, float, float]]) -> LayoutLine:
    top, bottom = f.top, f.bottom
    return LayoutLine(
        "".join(texts),
        (f.x0, top, f.x1, bottom),
        f.size_sum / f.n,
        f.bold_n >= 0.8 * f.n,
        None,
        [Word(w, (x0, top, x1, bottom)) for w, x0, x1 in words],
        f.note_mark,
    )


def turned_to_lines(turned: Sequence[TurnedLine]) -> list[LayoutLine]:
    """Turned lines that belong to the body (worker/engines/turned_text.py), as lines the
    layout can place among the horizontal ones.

    A sideways line's box runs down the page across many rows of text; as a line it would
    join them into one band. It is placed by where it starts to read instead, one line
    thick: a column head turned to read upwards starts at its foot, on the head row's
    baseline, beside the other heads; one reading downwards starts at its top.
    """
    out: list[LayoutLine] = []
    for t in turned:
        x0, top, x1, bottom = t.x0, t.top, t.x1, t.bottom
        thick = x1 - x0
        if 45 <= t.angle <= 135:  # reads upwards
            top = max(top, bottom - thick)
        elif -135 <= t.angle <= -45:  # reads downwards
            bottom = min(bottom, top + thick)
        out.append(LayoutLine(text=t.text, bbox=(x0, top, x1, bottom), size=t.size, bold=t.bold, turned=True))
    return out
