"""Bold print that heads nothing: runs of short bold lines set one under another (a list,
a court's header of parties and case numbers), a form's bold labels with their values
under or beside them, a label and its value on one bold line, and rows of figures
(headings.py asks)."""

from __future__ import annotations

import re

# A form's label and its value (a few words each), how far under or beside the label the
# value stands, and the print labels share: field_heads.py's, one definition for both.
from worker.engines.layout.field_heads import (
    LABEL_WORDS,
    MIN_LABELS,
    SAME_PRINT_PT,
    VALUE_BELOW_EM,
    VALUE_BESIDE_EM,
    VALUE_ROWS,
    VALUE_WORDS,
    same_words_same_decision,
    unhead_form_fields,
    value_beside,
    value_under,
)
from worker.engines.layout.model import PageStats, Proto, Row
from worker.engines.layout.patterns import AMOUNT_RE, WORD_RE, YEARS_RE
from worker.engines.layout.thresholds import HEADING_SIZE_RATIO

_MIN_RUN = 3  # bold lines in a row that make a list: two may be a heading and its subheading
_LEADING_EM = 0.5  # the blank between two of them, at most (ems): no heading's space
# A stack's lines are set at the page's line pitch; this much more (ems) is a heading's space.
_STACK_PITCH_SLACK_EM = 0.2
# The value at the end of a bold label's line: an amount ("2,746.35", "$120"), or a
# reference number ("GH/7731/02", "INV-0046", "82506"); not a year or a span of years
# ("2025", "2023/24"), a section ("4.2") or a part ("Part 3"), which end headings.
_GROUPED_AMOUNT_RE = re.compile(r"[$€£¥]|\d[,.'\u2019]\d{3}(?!\d)|\d{2,}[.,]\d\d$")
_REFERENCE_RE = re.compile(r"^(?=(?:\D*\d){3})[A-Za-z0-9]+(?:[-/.][A-Za-z0-9]+)+$|^\d{5,}$")


def large_print(row: Row, stats: PageStats) -> bool:
    """Print large enough against the running text to head it whatever its weight."""
    return row.size >= stats.text * HEADING_SIZE_RATIO and row.size - stats.text >= 1.0


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


def data_line(text: str) -> bool:
    """Whether a line is data in any print: figures, a label with figures after its
    colon, or a sign with no letter or digit."""
    return figures_only(text) or field_line(text) or no_words(text)


def ends_with_value(text: str) -> bool:
    """Whether a line is a label and its value ("Net pay 2,746.35", "Tenancy reference
    GH/7731/02"): words, then an amount or a reference number, the way a statement or a
    letter sets a field in bold. A heading may end in a number too, but a small one: a
    part, a section, a year ("Part 3", "Results 2010-2024")."""
    head, _, last = text.rstrip().rpartition(" ")
    if not head or WORD_RE.search(head) is None or YEARS_RE.match(last):
        return False
    if AMOUNT_RE.match(last):
        return _GROUPED_AMOUNT_RE.search(last) is not None
    return _REFERENCE_RE.match(last) is not None


def field_line(text: str) -> bool:
    """Whether a line is a label and its value in any print ("Due Date: Jun 3, 2013"): a
    label, a colon, then figures (a date, an amount, a number). A caption or a title
    goes on in words after its colon ("Table 12: Hospital admissions by sex")."""
    label, colon, value = text.partition(":")
    if not colon or not label.strip() or len(label) > 40:
        return False
    digits = sum(map(str.isdigit, value))
    return digits > 0 and digits * 2 >= sum(map(str.isalnum, value))


def no_words(text: str) -> bool:
    """Whether a line has no letter or digit at all (a currency sign, a stray accent):
    it names nothing, so heads nothing."""
    return not any(map(str.isalnum, text))


def unhead_fields(protos: list[Proto], stats: PageStats) -> None:
    """Take the heading mark off bold print that the blocks around it show to be a form's
    data rather than a title, in body-size print (large print heads whatever follows):

    - a stack of bold lines set at the line pitch, one under another, three blocks or
      more, wherever each line stands across the page (a judgment's court, case number,
      parties, each centred or set right, each a flow of its own): a block of data, where
      a heading stands apart from what is above and below it;
    - a form's labels: short bold lines, each with its value (a few short lines of
      ordinary print) right under it or beside it on its row ("Bill to" over an address,
      "Invoice Date" over a date), two or more on the page;
    - and in any print, the answer typed into a form's field, however large, right under
      or beside its label ("Agency:" then "Bureau of Child Welfare", a question then "N/A").
    """
    headings = [p for p in protos if p.heading]
    if not headings:
        return  # the common page: nothing to undo
    _unhead_answers(protos, headings)
    unhead_form_fields(protos)
    if not stats.body_bold:
        _unhead_bold_fields(protos, stats)
    same_words_same_decision(protos)


def _unhead_bold_fields(protos: list[Proto], stats: PageStats) -> None:
    bold = [p for p in protos if _bold_body(p, stats)]
    if not any(p.heading for p in bold):
        return
    _unhead_stacks(bold, stats)
    fields = [(p, _fields(p, protos)) for p in bold if p.heading]
    labels = [p for p, n in fields if n]
    if sum(n for _, n in fields) >= MIN_LABELS:
        for p in labels:
            p.heading = False


def _unhead_answers(protos: list[Proto], headings: list[Proto]) -> None:
    """A form's answers: a short block right under a label that ends with a colon, or just
    after one on its row, is the field's value, not a heading over what follows. The
    label is short or bold, as a form sets its questions: a colon that ends running text
    ("... as follows:") may well come before a table's title."""
    labels = [p for p in protos if p.kind == "paragraph" and p.rows and _colon_label(p)]
    if not labels:
        return
    for h in headings:
        if len(h.rows) > 2 or len(" ".join(r.text for r in h.rows).split()) > VALUE_WORDS:
            continue
        x0, top, _, _ = h.bbox
        size = h.rows[0].size
        for lab in labels:
            lx0, _, lx1, lbottom = lab.bbox
            last = lab.rows[-1]
            under = -0.5 * size <= top - lbottom <= VALUE_BELOW_EM * size and lx0 - 0.5 * size <= x0 < lx1
            after = abs(h.rows[0].top - last.top) <= 0.5 * size and 0 < x0 - last.x1 <= VALUE_BESIDE_EM * size
            if under or after:
                h.heading = False
                break


def _colon_label(p: Proto) -> bool:
    text = p.rows[-1].text.rstrip()
    if not text.endswith(":"):
        return False
    return all(r.bold for r in p.rows) or len(" ".join(r.text for r in p.rows).split()) <= LABEL_WORDS


def _bold_body(p: Proto, stats: PageStats) -> bool:
    return (
        p.kind == "paragraph"
        and bool(p.rows)
        and all(r.bold for r in p.rows)
        and not any(large_print(r, stats) for r in p.rows)
    )


def _unhead_stacks(bold: list[Proto], stats: PageStats) -> None:
    """Chains of bold body-size lines, each at the line pitch under the one above (lines
    side by side on one row count as one), two lines or more with three blocks or more in
    them (a table's head of bold cells over two lines is one too)."""
    rows = sorted(((r, p) for p in bold for r in p.rows), key=lambda rp: rp[0].top)
    # The page's bold lines, those side by side on one row together: top, size, blocks.
    lines: list[tuple[float, float, list[Proto]]] = []
    for row, p in rows:
        if lines and row.top < lines[-1][0] + 0.5 * row.size:
            lines[-1][2].append(p)
        else:
            lines.append((row.top, row.size, [p]))
    start = 0
    for k in range(1, len(lines) + 1):
        if k == len(lines) or not _stacked(lines[k - 1], lines[k], stats):
            if k - start >= 2:
                chain = {id(p): p for line in lines[start:k] for p in line[2]}
                if len(chain) >= _MIN_RUN:
                    for p in chain.values():
                        p.heading = False
            start = k


def _stacked(
    above: tuple[float, float, list[Proto]], line: tuple[float, float, list[Proto]], stats: PageStats
) -> bool:
    """Whether a bold line (top, size, blocks) is set at the line pitch under the one above."""
    (top_a, size_a, _), (top_b, size_b, _) = above, line
    size = max(size_a, size_b)
    return (
        abs(size_a - size_b) <= 0.1 * size and top_b - top_a <= (stats.pitch + _STACK_PITCH_SLACK_EM) * size
    )


def _fields(label: Proto, protos: list[Proto]) -> int:
    """How many fields a short bold block labels: one where its value is right under it,
    lined up with it; or one for each of its lines with a value beside it on its row
    ("Customer" and "Invoice Number" over each other, their values further along)."""
    text = " ".join(r.text for r in label.rows)
    if len(label.rows) > 2 or len(text.split()) > LABEL_WORDS:
        return 0
    size = label.rows[0].size
    beside: set[int] = set()
    for p in protos:
        if p is label or p.kind != "paragraph" or p.heading or not _short_value(p):
            continue
        if size > p.rows[0].size + SAME_PRINT_PT:
            continue  # set larger than what follows it: a heading's style, not a label's
        if value_under(label, p, size, centre=False):
            return 1
        # Further along the row: to the right, or to the left in right-to-left print.
        beside.update(k for k, row in enumerate(label.rows) if value_beside(label, row, p, size))
    return len(beside)


def _short_value(p: Proto) -> bool:
    """A few short lines of ordinary print: a name, a date, a number, an address."""
    return len(p.rows) <= VALUE_ROWS and all(
        not r.bold and len(r.text.split()) <= VALUE_WORDS for r in p.rows
    )
