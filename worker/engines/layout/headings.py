"""Headings: whether a flow's block is one, decided for the whole block as a reader sees
it, then what needs the whole page (the title, heading levels by size, footnotes)."""

from __future__ import annotations

from worker.engines.layout.field_heads import value_line
from worker.engines.layout.label_heads import unhead_labels, unhead_valued
from worker.engines.layout.model import PageStats, Proto, Row
from worker.engines.layout.not_headings import data_line, ends_with_value, large_print, unhead_fields
from worker.engines.layout.notes import mark_footnotes
from worker.engines.layout.patterns import INLINE_LABEL_RE, WORD_RE, join_wrapped
from worker.engines.layout.thresholds import (
    HEADING_SIZE_RATIO,
    MAX_BOLD_HEADING_ROWS,
    MAX_BOLD_HEADING_WORDS,
    MAX_HEADING_ROWS,
)


def is_heading(p: Proto, stats: PageStats, nxt: Proto | None) -> bool:
    """A heading is decided for the whole block, as a reader sees it: every row large or
    every row bold, short, and not a sentence, a form label, a field or a list item."""
    first = p.rows[0]
    large = large_print(first, stats)
    if not large and not (first.bold and not stats.body_bold):
        return False
    if p.mark and p.mark != "ordered":
        return False  # a bullet or a checkbox in large or bold print is still an item
    text = join_rows(p.rows)
    words = text.split()
    if (
        (text.endswith(".") and len(words) >= 3 and not _numbered_caps(p, words))
        or data_line(text)
        or value_line(text)
    ):
        return False  # a sentence ("Please find the invoice attached."), figures, a field, a sign, a date
    if large:
        return len(p.rows) <= MAX_HEADING_ROWS
    if (
        not all(r.bold for r in p.rows)  # a bold run-in head, its paragraph in regular weight
        or len(p.rows) > MAX_BOLD_HEADING_ROWS
        or len(words) > MAX_BOLD_HEADING_WORDS
        or text.endswith(":")
        or INLINE_LABEL_RE.match(text) is not None
        or ends_with_value(text)
    ):
        return False  # a bold paragraph, a label ("Due Date:", "Invoice no: 7", "Net pay 2,746.35")
    # A bold question right above its answer options, or any bold label right above
    # checkboxes, is a form's question, not a section heading (as a bold question above
    # the paragraph that answers it is, or a bold title above a bullet list).
    if nxt is None or nxt.kind != "list_item":
        return True
    return not (text.endswith("?") or nxt.mark in ("open", "checked"))


def classify(protos: list[Proto], stats: PageStats, height: float, *, allow_title: bool) -> None:
    """Heading kinds and levels, title, footnotes: decisions that need the whole page."""
    # What the blocks around it show to be a form's data (labels with their values, a
    # stack of bold lines across flows) heads nothing: decided before titles and levels.
    unhead_fields(protos, stats)
    unhead_labels(protos, stats.rules)
    headings = [p for p in protos if p.heading]
    for p in headings:
        p.size = max(r.size for r in p.rows)
    if allow_title and headings:
        top_size = max(p.size for p in headings)
        first = next((p for p in protos[:3] if p.heading and p.size == top_size), None)
        # The title: the largest text on the first page, near the top, clearly above body.
        if (
            first is not None
            and first.bbox[1] <= 0.35 * height
            and first.size >= 1.3 * stats.text
            and _wordy(join_rows(first.rows))
        ):
            first.kind = "title"
            headings = [p for p in headings if p is not first]
    # Once the title is known (it may end with its number or date), a line that ends
    # with a date or an amount is a field set in large print.
    unhead_valued(headings)
    headings = [p for p in headings if p.heading]
    # Levels by size rank; sizes within 0.5 pt are one level. Bold body-size headings
    # come after every larger size.
    sizes: list[float] = []
    for s in sorted(
        {round(p.size, 1) for p in headings if p.size >= stats.text * HEADING_SIZE_RATIO}, reverse=True
    ):
        if not sizes or sizes[-1] - s > 0.5:
            sizes.append(s)
    for p in headings:
        p.kind = "section_header"
        rank = next((i for i, s in enumerate(sizes) if round(p.size, 1) >= s - 0.5), len(sizes))
        p.level = min(6, rank + 1)
    mark_footnotes(protos, stats, height)


def _numbered_caps(p: Proto, words: list[str]) -> bool:
    """Whether the block is a numbered head in capitals that closes with a period, as a
    contract's sections are ("1. THE PARTIES.", "4. SELLER'S DISCLOSURE."): no sentence
    is set in capitals after its number."""
    rest = " ".join(words[1:])
    return p.mark == "ordered" and any(ch.isalpha() for ch in rest) and rest == rest.upper()


def _wordy(text: str) -> bool:
    # A title has a word in it; a big account number or amount at the top is not one.
    return WORD_RE.search(text) is not None


def join_rows(rows: list[Row], compounds: frozenset[str] = frozenset()) -> str:
    """The rows' text as one ("compounds": the page's hyphenated compounds, join_wrapped)."""
    text = ""
    for r in rows:
        text = join_wrapped(text, r.text.strip(), compounds)
    return text
