"""Checkboxes set after their labels ("Large accelerated filer ☒   Accelerated filer ☐"):
the layout of a filing's cover, a tax form, a questionnaire that puts the answer's box at
the right of each option. A row of such options, or one option alone on its row, is read
as the options with their boxes first ("☒ Large accelerated filer", "☐ Accelerated
filer"), as boxes before their labels are, so that each becomes a checkbox item with its
state.

Only a row that is options and nothing else is: each label short, no sentence in it, the
row ending on a box. "... for the past 90 days. Yes ☒ No ☐" closes a sentence of running
text with its answer: the boxes stay in the paragraph, as the page sets them. So does a
short last line of a paragraph ("Yes ☒ No ☐" wrapped under a full line of prose).
"""

from __future__ import annotations

from common.documents.results import Word, is_rtl
from worker.engines.layout.flow_rows import row_pitch
from worker.engines.layout.model import Row, mean_confidence
from worker.engines.layout.patterns import BOXES
from worker.engines.layout.thresholds import PARAGRAPH_EXTRA_EM

# An option's label: a few words (a filer's status, "Yes", "Video Delivery (On Demand):"),
# not a sentence.
_LABEL_WORDS = 6
_LABEL_CHARS = 48
_SENTENCE_MARKS = (".", "!", "?", ";", ".)", ").")
# A line of prose runs to within this many ems of its flow's right edge before it wraps.
_FULL_LINE_EM = 3.0


def boxed_last(row: Row) -> bool:
    """Whether ``row`` ends on a box glyph of its own (the cheap test before the others)."""
    words = row.words
    return bool(words) and len(words[-1].text) == 1 and words[-1].text in BOXES


def _label(words: list[Word]) -> bool:
    """Whether ``words`` read as an option's label: one to a few words, starting as a name
    does (not in lower case, as a wrapped sentence's next line does), no sentence's end
    inside ("days. Yes"); a colon may close it."""
    if not 1 <= len(words) <= _LABEL_WORDS or any(len(w.text) == 1 and w.text in BOXES for w in words):
        return False
    if sum(len(w.text) + 1 for w in words) - 1 > _LABEL_CHARS or words[0].text[:1].islower():
        return False
    return not any(w.text.endswith(_SENTENCE_MARKS) for w in words)


def _options(row: Row) -> list[list[Word]] | None:
    """The row's words cut after each box into options (label, then box), or None when
    the row is not options and nothing else."""
    words = row.words
    # Only words that spell the row's text can say where to cut it.
    if not boxed_last(row) or " ".join(w.text for w in words) != " ".join(row.text.split()):
        return None
    out: list[list[Word]] = []
    start = 0
    for i, w in enumerate(words):
        if len(w.text) == 1 and w.text in BOXES:
            label = words[start:i]
            if not _label(label):
                return None
            out.append([w, *label])
            start = i + 1
    return out


def _wraps_prose(prev: Row | None, row: Row, right: float, pitch: float) -> bool:
    """Whether ``row`` is the last line of ``prev``'s paragraph: right under a line that
    ran to the flow's right edge (a line broken only because it was full), at the
    paragraph's own line pitch. A question or a prompt ("Do you agree?", "Filer
    status:") that happens to fill its line sets its options below it, not in it."""
    if prev is None or boxed_last(prev) or prev.text.rstrip().endswith(("?", ":")):
        return False
    size = max(prev.size, row.size)
    return (
        0.3 * size <= row_pitch(prev, row) <= (pitch + PARAGRAPH_EXTRA_EM) * size
        and prev.x1 >= right - _FULL_LINE_EM * size
        and abs(row.x0 - prev.x0) <= 0.5 * size
    )


def boxes_first(rows: list[Row], right: float, pitch: float) -> list[Row]:
    """``rows`` with each row of options whose boxes follow their labels cut into a row
    per option, its box first; other rows as they are. ``right``: the flow's right edge;
    ``pitch``: the page's line pitch, in ems."""
    out: list[Row] = []
    prev: Row | None = None
    for row in rows:
        options = None
        # (A right-to-left row's words and box read the other way: left as they are.)
        if (
            boxed_last(row)
            and row.text[:1] not in BOXES
            and not is_rtl(row.text)
            and not _wraps_prose(prev, row, right, pitch)
        ):
            options = _options(row)
        prev = row
        if options is None:
            out.append(row)
            continue
        for part in options:
            conf = mean_confidence(part) if part[0].confidence is not None else row.confidence
            text = " ".join(w.text for w in part)
            x0 = min(w.bbox[0] for w in part)
            x1 = max(w.bbox[2] for w in part)
            out.append(Row(text, x0, row.top, x1, row.bottom, row.size, row.bold, conf, part, row.estimated))
    return out
