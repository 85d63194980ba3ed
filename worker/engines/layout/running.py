"""Running headers and footers: the rows in the top and bottom margin that belong to the
page, not to the text (a page number, a report's title in small print, a letterhead's
footer line).

They are set apart before column detection (a centred page number under two columns
would sit in the gutter and join the columns into one region), and become page_header /
page_footer blocks: the JSON and DocTags keep them as furniture, the Markdown and the text
leave them out, as reference conversions do.

One page cannot tell a running header from a document's first line by most of its
words, so a row counts mostly by how it is set: a page number, or print smaller than the
body in the margin, apart from the text. What is body size stays in the body: a letter's
sender line at the top, a title, a footnote-size note that starts like a footnote. A few
things say what they are on their own: a browser's print stamp (a date with its time,
the page's address, "1/2": :func:`_sign`), a magazine's section name alone at the outer
edge far above the text (:func:`_outer_head`), a form's catalogue number and revision
("Cat. No. 13804A", "Form 7004 (Rev. 12-2018)") on the page's last row
(:func:`_codes_apart`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from common.documents.results import is_rtl
from worker.engines.layout.lone_heads import edge_counts, numbered_over_heading, url_apart
from worker.engines.layout.model import Band, PageStats, make_band
from worker.engines.layout.page_marks import (
    far_marked,
    in_frame,
    marked_edge,
    numbers_apart,
    over_number,
    ruled_head,
)
from worker.engines.layout.patterns import FOOTNOTE_MARK_RE, INLINE_LABEL_RE, PAGE_NUMBER_RE
from worker.engines.layout.print_rows import BARS as _BARS
from worker.engines.layout.print_rows import DATE_RE as _DATE_RE
from worker.engines.layout.print_rows import URL_RE as _URL_RE
from worker.engines.layout.print_rows import own_head, print_head, ruled_cells
from worker.engines.layout.rows import page_stats
from worker.engines.layout.thresholds import (
    FURNITURE_GAP_EM,
    FURNITURE_MAX_ROWS,
    FURNITURE_SIZE_RATIO,
    NOTE_MARK_GAP_EM,
    PAGE_NUMBER_GAP_EM,
    RUNNING_MARGIN,
)

Span = tuple[float, float]  # top, bottom


def running_bands(
    bands: list[Band], stats: PageStats, height: float, tables: Sequence[Span] = ()
) -> tuple[list[Band], list[Band], list[Band]]:
    """The page's running header rows, its body rows and its running footer rows.

    ``tables``: the top and bottom of the ruled tables taken out of the page before its
    rows were made. They are body too: a page whose body is all one table still has its
    running rows, apart from the table."""
    if len(bands) < (1 if tables else 2):
        return [], bands, []
    if tables:
        stats = _outside_tables(bands, stats)
    head = _edge(bands, stats, height, top=True, tables=tables)
    if len(bands) >= 2:  # a band a page number marks may be deeper than two rows
        head = max(head, marked_edge(bands, stats, height, _note, top=True))
    if not head and (
        _outer_head(bands, stats, height, tables)
        or (len(bands) >= 2 and _far_number(bands, stats, top=True))
        or ruled_head(bands, stats, height, _note)
        or numbered_over_heading(bands, stats, height)
    ):
        head = 1
    if head and len(bands) > head + 1 and in_frame(bands[:head], bands[head], bands[-1], stats.rules):
        head = 0  # a box's caption over the text the box holds
    url: list[Band] = []
    if not head:
        url, bands = url_apart(bands, stats, height)
    rest = bands[head:]
    foot = _edge(rest, stats, height, top=False, tables=tables) if len(rest) >= (1 if tables else 2) else 0
    if len(rest) >= 2:
        foot = max(foot, marked_edge(rest, stats, height, _note, top=False))
    if not foot and len(rest) >= 2 and _far_number(rest, stats, top=False):
        foot = 1
    if not head and foot and len(rest) - foot >= 2 and print_head(rest[0], rest[len(rest) - foot :], height):
        head, rest = 1, rest[1:]
    body, codes = _codes_apart(rest[: len(rest) - foot], stats)
    numbers, body = numbers_apart(body, stats, height, _note)
    above = over_number(body, numbers[0], stats) if not head else 0
    return (
        url + bands[:head] + body[:above] + numbers[0],
        body[above:],
        codes + numbers[1] + rest[len(rest) - foot :],
    )


def _outside_tables(bands: list[Band], stats: PageStats) -> PageStats:
    """The page's stats with the body print that of its rows outside the ruled tables,
    where that is larger. A page mostly of tables has its tables' print as its body size
    (page.py); its running head, set smaller than the paragraphs around the tables, may
    be set as large as the tables' cells, and is told by the paragraphs' print, as a
    reader tells it."""
    text = page_stats([ln for b in bands for ln in b]).body
    if text <= stats.body:
        return stats
    bold, pitch = stats.body_bold, stats.pitch
    return PageStats(body=text, body_bold=bold, pitch=pitch, text=stats.text, rules=stats.rules)


def _edge(
    bands: list[Band], stats: PageStats, height: float, *, top: bool, tables: Sequence[Span] = ()
) -> int:
    """How many rows at the top (or bottom) of ``bands`` are running rows: the most, up
    to FURNITURE_MAX_ROWS, that all qualify and stand apart from the row after them
    (before them), with at least one body row left, or a ruled table where none is."""
    for n in edge_counts(bands, FURNITURE_MAX_ROWS, len(bands) - (0 if tables else 1), top=top):
        edge = bands[:n] if top else bands[-n:]
        if top:
            inside = edge[-1].bottom <= RUNNING_MARGIN * height
            after = [bands[n].top] if n < len(bands) else [t for t, _ in tables if t >= edge[-1].bottom]
            gap = min(after) - edge[-1].bottom if after else -1.0
        else:
            inside = edge[0].top >= (1 - RUNNING_MARGIN) * height
            before = [bands[-n - 1].bottom] if n < len(bands) else [b for _, b in tables if b <= edge[0].top]
            gap = edge[0].top - max(before) if before else -1.0
        if (
            not inside
            or gap < 0
            or (top and any(own_head(b) for b in edge))
            or (not top and (_statement(edge) or _labels_style(edge, bands[:-n])))
        ):
            continue
        # A row beside a page number that sits a little higher or lower (a manual's
        # title beside "1-5") is on the number's row.
        numbered = [b for b in edge if _page_number(b)]
        if (
            all(_page_number(b) or _beside(b, numbered) for b in edge)
            and gap >= PAGE_NUMBER_GAP_EM * stats.body
        ):
            return n
        if (
            all(_page_number(b) or _small_print(b, stats) or _signs(b) for b in edge)
            and gap >= _needed_gap(edge, stats)
            and not any(ruled_cells(b, stats) for b in edge if not _page_number(b) and not _signs(b))
        ):
            return n
        # A row of dates alone ("Adm: 1/23/2021, D/C: 2/2/2021"), far from the text.
        if all(_signs(b) or _dated(b) for b in edge) and gap >= _FAR_GAP_EM * stats.body:
            return n
        # A printer's slug far below the text (a row of job codes and times in print a
        # shade smaller than the body) stands apart by its distance, not by its size.
        if all(_page_number(b) or _smaller_print(b, stats) for b in edge) and gap >= _FAR_GAP_EM * stats.body:
            return n
    return 0


# A sentence of words: a capital first, a full stop last, no figures, no separators
# between pieces of a letterhead ("|", "·", "•"), no address or copyright sign.
_STATEMENT_RE = re.compile(r"^[^\W\d_][^\d|\u00b7\u2022@\u00a9]*\.$")
_STATEMENT_WORDS = 4


def _statement(edge: list[Band]) -> bool:
    """Whether the foot rows are one line that is a sentence of its own ("Registered as a
    sole trader in the trade register."): a note of the document, not the page's. A
    running footer holds a page's marks (a number, a date, a code, an address, a
    copyright); a note that repeats on every page of a file is found as running there
    (common/documents/furniture.py)."""
    if len(edge) != 1 or len(edge[0]) != 1:
        return False
    text = edge[0][0].text.strip()
    return (
        text[:1].isupper()
        and len(text.split()) >= _STATEMENT_WORDS
        and _STATEMENT_RE.match(text) is not None
        and "www." not in text.casefold()
    )


_LABELS_SEEN = 3  # bold lines in the body set as the foot line: the page's labels


def _labels_style(edge: list[Band], body: list[Band]) -> bool:
    """Whether the foot row is one bold line set as several bold lines of the body are
    (size and weight): a form's last label ("SIGNATURE", beside an empty field at the
    foot), which is the labels' print, not small print of the page's own."""
    if len(edge) != 1 or len(edge[0]) != 1:
        return False
    foot = edge[0][0]
    if not foot.bold or foot.size is None:
        return False
    alike = sum(
        1 for b in body for ln in b if ln.bold and ln.size is not None and abs(ln.size - foot.size) < 0.1
    )
    return alike >= _LABELS_SEEN


def _page_number(band: Band) -> bool:
    # A manual's chapter and page ("1-5", "A-12") alone.
    if len(band) == 1 and _CHAPTER_PAGE_RE.match(band[0].text):
        return True
    # "Page 2 of 3" alone, or beside a running title ("ACME report ... Page 2 of 3"), or
    # set off from it by a bar ("October 2006 | 41"); a journal's or a register's page
    # number may run to five digits ("Federal Register / Vol. 85 ... 47699"), at an end
    # of its running title's row.
    if any(PAGE_NUMBER_RE.match(ln.text.strip(_BARS)) for ln in band):
        return not _note(band)
    if len(band) < 2:
        return False
    ends = (band[0].text.strip(), band[-1].text.strip())
    return any(len(t) == 5 and t.isdigit() for t in ends) and not _note(band)


def _note(band: Band) -> bool:
    """A note that belongs to the text: "1 Provisional figures." (its marker may stand
    apart as a piece of its own, a tab away, but not across the page as a running
    title's page number does), or "Source: ..."."""
    first = band[0]
    if _label(first.text):
        return True
    if len(band) == 1:
        return FOOTNOTE_MARK_RE.match(first.text) is not None
    size = first.size if first.size and first.size > 0 else first.bbox[3] - first.bbox[1]
    near = band[1].bbox[0] - first.bbox[2] <= NOTE_MARK_GAP_EM * size
    return near and FOOTNOTE_MARK_RE.match(f"{first.text} {band[1].text}") is not None


def _small_print(band: Band, stats: PageStats) -> bool:
    """Known font sizes (a text layer's; OCR's are guesses from box heights), all clearly
    smaller than the body, and not a note that belongs to the text ("1 Provisional.",
    "Source: ...")."""
    if any(ln.size is None or ln.size <= 0 or ln.size > FURNITURE_SIZE_RATIO * stats.body for ln in band):
        return False
    return not _note(band)


# A row in the margin this many body ems away from the text, in print smaller than the
# body at all, is furniture too: three blank lines part no text from what it belongs to.
_FAR_GAP_EM = 3.0


def _smaller_print(band: Band, stats: PageStats) -> bool:
    if any(ln.size is None or ln.size <= 0 or ln.size >= stats.body for ln in band):
        return False
    return not _note(band)


def _needed_gap(edge: list[Band], stats: PageStats) -> float:
    # A single line apart from the text by half a line; rows that hold several pieces
    # side by side (a table's first row in small print) must stand clearly apart, unless
    # each piece says it is furniture (a print stamp's date and address).
    several = any(len(b) > 1 and not all(_sign(ln.text) for ln in b) for b in edge)
    return (PAGE_NUMBER_GAP_EM if several else FURNITURE_GAP_EM) * stats.body


# A colon in a time ("22:30") or a web address ("https://") makes no label.
_NO_LABEL_RE = re.compile(r"^[^:]*(?:\d:\d|://)")
# A date with a time of day says on its own that it is the print's (a browser's print
# stamp: "26/03/2024, 22:30", "3/26/24, 10:30 PM"); so does a web address alone.
_STAMP_RE = re.compile(
    r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]\.?M\.?)?$", re.IGNORECASE
)
# A form's catalogue number and its number with the revision, which the issuer prints at
# the foot of the form ("Cat. No. 13804A", "Form 7004 (Rev. 12-2018)", "DCF-F-2476-E (R.
# 04/2014)").
_FORM_CODE_RE = re.compile(
    r"^(?:Cat\.?\s*No\.?\s*[A-Z0-9][\w-]*|(?:Form\s+)?[A-Z0-9][\w-]*\s*\((?:Rev|R)\.\s*[\w/.,\s-]{2,20}\))$",
    re.IGNORECASE,
)
# A print or download stamp: its verb, then a date or an address ("Printed on 9/10/21
# 7:12 AM", "Download date: 15. Sep. 2023", "Downloaded from https://… on July 12, 2017").
_PRINTED_RE = re.compile(
    r"^(?:printed|downloaded|download date|retrieved|accessed)\b.*(?:\d|https?://|www\.)", re.IGNORECASE
)
# A manual's page number by chapter: "1-5", "A-12".
_CHAPTER_PAGE_RE = re.compile(r"^\s*(?:\d{1,2}|[A-Z])[-\u2013]\d{1,3}\s*$")
# A link back to the contents or the top that a viewer's print keeps on every page.
_NAV_RE = re.compile(
    r"^(?:(?:back|return|go)\s+to\s+)?(?:the\s+)?(?:table\s+of\s+contents|contents|top)$", re.IGNORECASE
)
# What may stand before a date in such a row: a short label ("Adm:", "D/C:").
_LABEL_WORD_RE = re.compile(r"[\w/.]{1,12}:")
# Two rows overlapping this share of the lower one's height are one row of the page.
_BESIDE_OVERLAP = 0.33
# A running head at the page's outer edge (a magazine's section name) is short.
_HEAD_WORDS = 3


def _label(text: str) -> bool:
    """Whether ``text`` opens with a label ("Source: ...", "Note: ...")."""
    return INLINE_LABEL_RE.match(text) is not None and _NO_LABEL_RE.match(text) is None


def _sign(text: str) -> bool:
    t = text.strip(_BARS)
    return any(r.match(t) for r in (PAGE_NUMBER_RE, _URL_RE, _STAMP_RE, _PRINTED_RE, _CHAPTER_PAGE_RE))


def _signs(band: Band) -> bool:
    """Whether each piece of a row says on its own that it is the print's: a page number,
    an address, a print or download stamp, whatever its size."""
    return all(_sign(ln.text) for ln in band)


def _dated(band: Band) -> bool:
    """Whether a row holds dates and nothing else but their labels and the signs above
    ("Adm: 1/23/2021, D/C: 2/2/2021")."""
    found = False
    for ln in band:
        if _sign(ln.text):
            continue
        rest, n = _DATE_RE.subn("", ln.text)
        if not n or _LABEL_WORD_RE.sub("", rest).strip(" ,;|-\u2013"):
            return False
        found = True
    return found


def _beside(band: Band, numbered: list[Band]) -> bool:
    """Whether ``band`` shares a row with one of the page-number rows ``numbered``: each
    overlaps the other by a third of its height."""
    return any(
        min(band.bottom, b.bottom) - max(band.top, b.top)
        >= _BESIDE_OVERLAP * min(band.bottom - band.top, b.bottom - b.top)
        for b in numbered
        if b is not band
    )


def _nav_link(band: Band, stats: PageStats) -> bool:
    """A link back to the contents alone at the page's edge ("Table of Contents" over a
    filing's every page), in print smaller than the body: a contents page's own heading
    is set larger."""
    return len(band) == 1 and _NAV_RE.match(band[0].text.strip()) is not None and _small_print(band, stats)


def _far_number(bands: list[Band], stats: PageStats, *, top: bool) -> bool:
    """Whether the page's first (last) row is a page number alone, far from the text, or
    a link back to the contents: a page cut short, or set with a deep margin, keeps them
    well inside the page, out of the margin's band."""
    edge, nxt = (bands[0], bands[1]) if top else (bands[-1], bands[-2])
    if _nav_link(edge, stats):
        return True
    gap = nxt.top - edge.bottom if top else edge.top - nxt.bottom
    if far_marked(edge, gap, stats):
        return True
    return (
        len(edge) == 1
        and PAGE_NUMBER_RE.match(edge[0].text) is not None
        and not _note(edge)
        and gap >= _FAR_GAP_EM * stats.body
    )


def _outer_head(bands: list[Band], stats: PageStats, height: float, tables: Sequence[Span] = ()) -> bool:
    """Whether the first row is a running head at the outer edge of the page: a word or
    two alone in the top margin, in the right half of the text's width, far above the text
    (a magazine's section name over its page). A title stands at the left or the centre
    (a right-to-left one at the right, where its lines start); a letter's date or
    reference at the right has digits and sits by the text.

    The text under it may be a ruled grid taken out of the rows (``tables``): an
    invoice's type ("Credit") at the top right, just over its boxed head, is the
    document's, however far the next row outside the grid.
    """
    first = bands[0]
    if len(first) != 1 or len(bands) < 2 or first.bottom > RUNNING_MARGIN * height:
        return False
    text = first[0].text
    if (
        len(text.split()) > _HEAD_WORDS
        or any(ch.isdigit() for ch in text)
        or not any(ch.isalpha() for ch in text)
    ):
        return False
    if is_rtl(text):
        return False
    left = min(ln.bbox[0] for b in bands for ln in b)
    right = max(ln.bbox[2] for b in bands for ln in b)
    below = min([bands[1].top] + [t for t, _ in tables if t >= first.bottom])
    return first[0].bbox[0] > (left + right) / 2 and below - first.bottom >= _FAR_GAP_EM * stats.body


def _codes_apart(bands: list[Band], stats: PageStats) -> tuple[list[Band], list[Band]]:
    """The body's rows, and its last row's form codes in print no larger than the body's
    ("Cat. No. 13804A" beside "For Privacy Act ... Notice") as a footer row of their own.
    A form may end well above the page's margin, so the codes are told by their words."""
    if len(bands) < 2:
        return bands, []
    last = bands[-1]
    codes = [ln for ln in last if _FORM_CODE_RE.match(ln.text.strip()) and 0 < (ln.size or 0) <= stats.body]
    if not codes:
        return bands, []
    rest = [ln for ln in last if all(ln is not c for c in codes)]
    body = [*bands[:-1], make_band(rest)] if rest else bands[:-1]
    return body, [make_band(codes)]
