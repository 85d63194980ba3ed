"""Running bands a page number marks: furniture one page shows on its own.

:mod:`.running` takes a row or two in the margin as a running header or footer when
they are set smaller than the body, or hold a page number alone, well apart from the
text. A document's own running rows are often neither: an insurance form's footer is
three rows in the body's size (its form code, a copyright notice centred over two
lines, "Page 1 of 2" at the right); a gazette's running head (its title and the page
number) stands in the body's size over a rule, closer to the text than a blank line; an
invoice's header block says "Page 1 / 1" under its date; a filing's last row is "Smith,
Jane - Page 3", far below the text but above the margin.

What marks them is the page number itself: a band of up to :data:`MAX_ROWS` rows at
the page's edge, one of which holds a page number, set apart from the text by a drawn
rule or a clear gap (wider than any gap inside the band), is the page's, not the text's,
when its rows are one piece with the page number's (:func:`_continued`).
A piece that says "Page N" in words is the page's wherever it stands in the margin.
A front matter's number is in roman figures ("iii"). A head row with no number over a
rule is the page's when a ruled footer that one marks frames the text with it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence

from worker.engines.layout.model import Band, PageStats
from worker.engines.layout.patterns import PAGE_NUMBER_RE, is_sum
from worker.engines.layout.print_rows import BARS
from worker.engines.layout.thresholds import (
    FURNITURE_GAP_EM,
    FURNITURE_MAX_ROWS,
    PAGE_NUMBER_GAP_EM,
    RUNNING_MARGIN,
)

# Rows a marked band may hold: a form code, a copyright notice of two lines and the
# page number's row are three; a letterhead's footer may have one more.
MAX_ROWS = 4
# The band stands apart by a gap this many body ems wide with nothing drawn in it ...
_APART_EM = 2.0
# ... or by a rule between it and the text, with a gap of at least this many ems.
_RULED_EM = 0.3
# The gap to the text is wider than every gap inside the band by this factor.
_INNER_RATIO = 1.5
# A rule that parts the band from the text runs under (over) this share of the band.
_RULE_SHARE = 0.5
_RULE_HEIGHT = 3.0  # points: a horizontal rule is thinner than this

# "Page 3", "Page 1 of 2", "Page 1 / 1", "p. 4 of 9", alone or after a running title and
# a separator ("Candeub, Adam - Page 3", "Annual Report | Page 7"); "page" in the
# languages of the sets' invoices and forms too (Estonian "Lehekülg 1 / 1", Finnish
# "Sivu", Swedish "Sida 1 av 2", Danish "Side 1 af 2", Polish "Strona", Czech "Strana",
# Lithuanian "Puslapis"). The word is a word of its own: the start of the piece, or after
# a space or a separator; a hyphen that joins it to a word before it makes a compound
# ("B-side 2", "flip-side 3", "front-page 1"), a line of text. (Only a number after the
# word makes a page mark: "Side effects", "the other side" are never one.)
_WORDED_RE = re.compile(
    r"^\s*(?:.{1,80}?\s*[-\u2013\u2014|,\u00b7\u2022]\s*)?"
    r"(?<!\w-)(?:page|pagina|página|seite|p\.|lehekülg|lk\.|sivu|sida|side|strona|strana|puslapis)\s*:?\s*"
    r"\d{1,4}(?:\s*(?:/|of|de|von|sur|van|di|av|af|z|iš)\s*\d{1,4})?\s*$",
    re.IGNORECASE,
)


# A front matter's page number in lower-case roman figures ("iii", "xiv"), up to 39.
_ROMAN_RE = re.compile(r"^(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})$")


def worded_number(text: str) -> bool:
    """Whether ``text`` is a page number said in words, maybe after a running title."""
    return _WORDED_RE.match(text) is not None


def marked_edge(
    bands: Sequence[Band], stats: PageStats, height: float, note: Callable[[Band], bool], *, top: bool
) -> int:
    """How many rows at the top (or bottom) of ``bands`` make a band that a page number
    marks as furniture; 0 if none does. One body row at least is left. ``note``: whether
    a row is a note that belongs to the text ("1 See the notice ..."), which no footer
    band holds (a note stands at the foot of the page: at its top, a number and a title
    a little apart are a right-to-left running head's, "٢  الجريدة الرسمية").

    A head band is one row: what stands over a page's text in several rows (a
    letterhead, an invoice's title, date and "Page 1 / 1") is the text's but for its
    page number, which :mod:`.running` takes out on its own. No row is set larger than
    the body: that is a title's print."""
    for n in range(min(1 if top else MAX_ROWS, len(bands) - 1), 0, -1):
        edge = list(bands[:n]) if top else list(bands[-n:])
        near = edge[-1] if top else edge[0]  # the row next to the text
        nxt = bands[n] if top else bands[-n - 1]
        if top and near.bottom > RUNNING_MARGIN * height:
            continue
        if not top and near.top < (1 - RUNNING_MARGIN) * height:
            continue
        if not any(_numbered(b) for b in edge) or (not top and any(note(b) for b in edge)):
            continue
        if n > 1 and not _continued(edge):
            continue
        if any(ln.size is not None and ln.size > stats.body for b in edge for ln in b):
            continue
        gap = nxt.top - near.bottom if top else near.top - nxt.bottom
        inner = max((b2.top - b1.bottom for b1, b2 in itertools.pairwise(edge)), default=0.0)
        if gap <= 0 or gap < _INNER_RATIO * inner:
            continue
        if gap >= _APART_EM * stats.body:
            return n
        lo, hi = (near.bottom, nxt.top) if top else (nxt.bottom, near.top)
        if gap >= _RULED_EM * stats.body and _ruled(stats.rules, edge, lo, hi):
            return n
    return 0


def ruled_head(bands: Sequence[Band], stats: PageStats, height: float, note: Callable[[Band], bool]) -> bool:
    """Whether the page's first row is a running head that its frame marks, though it
    holds no page number: one row in the top margin, in plain print no larger than the
    body, over a rule that parts it from the text, on a page whose foot is a band under a
    rule that a page number marks (a page style that frames its text with a ruled head
    and a ruled footer: "Data Model - Edition 1.0 ... 2004-06" over the one, "GeoBase iii"
    under the other). A bold row over a rule is a title's print."""
    if len(bands) < 3:
        return False
    head, nxt = bands[0], bands[1]
    if head.bottom > RUNNING_MARGIN * height or any(
        ln.bold or (ln.size is not None and ln.size > stats.body) for ln in head
    ):
        return False
    gap = nxt.top - head.bottom
    if gap < _RULED_EM * stats.body or not _ruled(stats.rules, [head], head.bottom, nxt.top):
        return False
    foot = marked_edge(bands[1:], stats, height, note, top=False)
    if not foot:
        return False
    edge = list(bands[-foot:])
    return _ruled(stats.rules, edge, bands[-foot - 1].bottom, edge[0].top)


def far_marked(band: Band, gap: float, stats: PageStats) -> bool:
    """Whether the page's first or last row, ``gap`` away from the text, is a page number
    said in words alone ("Candeub, Adam - Page 3"), far enough from the text to be the
    page's though the page's margin is deeper than the usual one."""
    return len(band) == 1 and worded_number(band[0].text) and gap >= PAGE_NUMBER_GAP_EM * stats.body


def _number_piece(text: str) -> bool:
    piece = text.strip(" |")
    return (
        worded_number(text) or PAGE_NUMBER_RE.match(piece) is not None or _ROMAN_RE.match(piece) is not None
    )


def _numbered(band: Band) -> bool:
    """A row that holds a page number: said in words anywhere in it, or in figures as a
    piece of its own at one end of the row ("2" beside the gazette's title). Figures
    beside an amount are a table's row ("10/20" dated beside "$ 14,824.60"), no page's."""
    if any(worded_number(ln.text) for ln in band):
        return True
    if any(is_sum(ln.text) for ln in band):
        return False
    return _number_piece(band[0].text) or _number_piece(band[-1].text)


def _continued(edge: list[Band]) -> bool:
    """Whether the band's rows are one piece of furniture: the page number shares its row
    with other pieces (a form code, a notice's first line), and each other row runs on
    under (or over) one of those pieces, as a notice's second line does. A page number
    alone on its row says nothing of the rows beside it (a disclaimer under it, a
    receipt's "Thank you" over it: the text's)."""
    numbered = [b for b in edge if len(b) > 1 and _numbered(b)]
    pieces = [ln for b in numbered for ln in b if not _number_piece(ln.text)]
    if not pieces:
        return False
    return all(
        any(min(ln.bbox[2], p.bbox[2]) > max(ln.bbox[0], p.bbox[0]) for p in pieces)
        for b in edge
        if not any(b is m for m in numbered)
        for ln in b
    )


Rule = tuple[float, float, float, float]  # x0, top, x1, bottom


def _ruled(rules: Sequence[Rule], edge: list[Band], lo: float, hi: float) -> bool:
    """Whether a horizontal rule lies between ``lo`` and ``hi`` (the band's side and the
    text's) under a good share of the band's width."""
    x0 = min(ln.bbox[0] for b in edge for ln in b)
    x1 = max(ln.bbox[2] for b in edge for ln in b)
    slack = _RULE_HEIGHT
    for rx0, rtop, rx1, rbottom in rules:
        if rbottom - rtop > _RULE_HEIGHT or rtop < lo - slack or rbottom > hi + slack:
            continue
        if min(rx1, x1) - max(rx0, x0) >= _RULE_SHARE * (x1 - x0):
            return True
    return False


# The page's number among the file's pages in figures alone: "1 / 1", "2 of 3".
_OF_PAGES_RE = re.compile(r"^\s*\d{1,4}\s*(?:/|of)\s*\d{1,4}\s*$", re.IGNORECASE)


def over_foot(bands: Sequence[Band], k: int, height: float) -> bool:
    """Whether row ``k`` is the page's number among the file's pages ("1 / 1") set right
    over the page's footer, just above the bottom margin: every row after it lies in the
    margin. An invoice's footer block (company, bank, contacts) may fill the margin, and
    its page number stands on top of it."""
    margin = (1 - RUNNING_MARGIN) * height
    return (
        k + 1 < len(bands)
        and all(_OF_PAGES_RE.match(ln.text) for ln in bands[k])
        and all(b.top >= margin for b in bands[k + 1 :])
    )


# Points a frame's top rule may stand above the caption it holds; its sides' slack.
_FRAME_PAD = 12.0
_SIDE_SLACK = 2.0
_THIN = 3.0  # points: a rule is thinner than this across


def in_frame(
    rows: Sequence[Band], nxt: Band, last: Band, rules: Sequence[tuple[float, float, float, float]]
) -> bool:
    """Whether ``rows`` at the page's top stand in one frame of drawn rules with the row
    after them, ``nxt``: a rule just over them from side to side, and rules down both
    sides from it past ``nxt``, the frame closing above the page's ``last`` row. A box's
    caption ("Rechnungsersteller" over the sender's address) is the box's, not the
    page's: a running head stands outside the boxes of the text. A border round the
    whole page frames the running rows with everything else and says nothing: it
    reaches the page's last row."""
    if not rules:
        return False
    top = min(b.top for b in rows)
    x0 = min(ln.bbox[0] for b in (*rows, nxt) for ln in b)
    x1 = max(ln.bbox[2] for b in (*rows, nxt) for ln in b)
    sides = [
        r[0]
        for r in rules
        if r[2] - r[0] < _THIN and r[1] <= top + _SIDE_SLACK and nxt.bottom <= r[3] < last.top
    ]
    for r0, rtop, r1, rbottom in rules:
        if (
            rbottom - rtop < _THIN
            and top - _FRAME_PAD <= rtop <= top
            and r0 <= x0
            and r1 >= x1
            and any(abs(x - r0) <= _SIDE_SLACK for x in sides)
            and any(abs(x - r1) <= _SIDE_SLACK for x in sides)
        ):
            return True
    return False


def numbers_apart(
    bands: list[Band], stats: PageStats, height: float, note: Callable[[Band], bool]
) -> tuple[tuple[list[Band], list[Band]], list[Band]]:
    """Page-number rows in the top or bottom margin that are not its edge row (a page
    number over a disclaimer in small print), apart from the rows on both sides: the
    body's rows without them, and them as (header rows, footer rows)."""
    head: list[Band] = []
    foot: list[Band] = []
    keep: list[Band] = []
    gap = FURNITURE_GAP_EM * stats.body
    for k, band in enumerate(bands):
        upper = band.bottom <= RUNNING_MARGIN * height
        # "Page 1 / 1" in words, as one piece or set apart in pieces ("Lehekülg", "1", "/ 1")
        worded = all(worded_number(ln.text) for ln in band) or worded_number(" ".join(ln.text for ln in band))
        if (
            # the page's first or last row too, when it says "Page 1 / 1" in words: its
            # words say what it is where the gap to the text is too narrow to
            (0 < k < len(bands) - 1 or (worded and len(bands) > 1))
            and (upper or band.top >= (1 - RUNNING_MARGIN) * height or over_foot(bands, k, height))
            and (worded or all(PAGE_NUMBER_RE.match(ln.text.strip(BARS)) for ln in band))
            and not note(band)
            # "Page 1 / 1" in words says what it is however close the rows beside it are
            # (under an invoice's date); a number in figures alone must stand apart.
            and (worded or (band.top - bands[k - 1].bottom >= gap and bands[k + 1].top - band.bottom >= gap))
        ):
            (head if upper else foot).append(band)
        else:
            keep.append(band)
    return (head, foot), keep


_SAME = 1.05  # print this close to the body's is the body's size


def over_number(body: list[Band], numbers: list[Band], stats: PageStats) -> int:
    """How many of the body's first rows stand over a page number in the top margin (a
    report's running title over "- 70 -"): what lies between the page's top edge and its
    number is the page's too, unless it is set larger than the body (a title). A number
    in words ("Page 1 / 1") may stand inside an invoice's head block, under its date."""
    if not numbers or not body or not all(PAGE_NUMBER_RE.match(ln.text.strip(BARS)) for ln in numbers[0]):
        return 0
    n = 0
    while n < len(body) and body[n].bottom <= numbers[0].top:
        n += 1
    if n > FURNITURE_MAX_ROWS or any(
        ln.size is None or ln.size > _SAME * stats.body for b in body[:n] for ln in b
    ):
        return 0
    return n
