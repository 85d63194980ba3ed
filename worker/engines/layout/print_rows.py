"""What one page shows of a top row's owner, for :mod:`.running`: a browser's print
header is the print's when its footer is (:func:`print_head`), and a row whose pieces
drawn rules part into cells is a form's or a table's, not a running head
(:func:`ruled_cells`)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from worker.engines.layout.model import Band, PageStats
from worker.engines.layout.thresholds import RUNNING_MARGIN

# What sets a running row's pieces apart from each other ("AviationSafetyWorld | 41").
BARS = " |\u00a6\u2022\u00b7"
# A web address alone ("https://…", "www.example.org", "sec.gov/Archives/…").
URL_RE = re.compile(r"^(?:(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)+/\S*)$", re.IGNORECASE)
# A date in figures ("1/23/2021", "2024-03-26") or with its month's name ("15. Sep.
# 2023", "July 12, 2017").
DATE_RE = re.compile(
    r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d{1,2}\.?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}\b"
    r"|\b[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}\b"
)
# The page's number among the print's pages, as a browser's print footer has it: "1/5".
_OF_PAGES_RE = re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$")
# A rule between a row's pieces, this thin, up this share of the row's height, cuts cells.
_RULE_WIDTH = 3.0
_CELL_RULE_SHARE = 0.8


def print_head(first: Band, foot: Sequence[Band], height: float) -> bool:
    """Whether the first row is a browser's print header, its footer being the print's:
    the page's address and its number of the print's pages ("https://… 1/5") at the foot,
    and at the top, in the same print, the date and the page's title ("9/4/2017
    Document"). The date alone says little, the footer says whose row it is."""
    if first.bottom > RUNNING_MARGIN * height or len(first) > 3:
        return False
    pieces = [ln for b in foot for ln in b]
    if not any(URL_RE.match(ln.text.strip(BARS)) for ln in pieces):
        return False
    if not any(_OF_PAGES_RE.match(ln.text.strip(BARS)) for ln in pieces):
        return False
    sizes = {round(ln.size or 0) for ln in pieces} | {round(ln.size or 0) for ln in first}
    return len(sizes) == 1 and 0 not in sizes and any(DATE_RE.search(ln.text) for ln in first)


def ruled_cells(band: Band, stats: PageStats) -> bool:
    """Whether drawn rules part the row's pieces into cells: a rule up the row's height
    between two of its pieces. A form's first field row ("Head of household name | Social
    Security Number | Date modified") or a table's head is set in small print in the top
    margin too, but a running head's title and number are parted by space or a bar
    glyph, not boxed in ruled cells; one page cannot show such a row repeats."""
    if len(band) < 2 or not stats.rules:
        return False
    pieces = sorted(band, key=lambda ln: ln.bbox[0])
    tall = _CELL_RULE_SHARE * (band.bottom - band.top)
    for left, right in itertools.pairwise(pieces):
        for rx0, rtop, rx1, rbottom in stats.rules:
            if (
                rx1 - rx0 <= _RULE_WIDTH
                and left.bbox[2] <= rx0 <= right.bbox[0]
                and min(rbottom, band.bottom) - max(rtop, band.top) >= tall
            ):
                return True
    return False


# A running title names a publication, a section or a party: a few words. A line of this
# many words or more with no figure and no separator between parts is a sentence.
_SENTENCE_WORDS = 8
_PARTS = re.compile("[|/\u2013\u2014\u00a6\u2022\u00b7]| - ")


def own_head(band: Band) -> bool:
    """Whether a top row in small print says on its own that it is the document's text,
    not a running head: the document's date alone ("2019-01-25" over an invoice, as a
    letter dates itself at the top; a print stamp has a time or an address too), or a
    sentence (an open letter's lead line over its body), which no running title is:
    those are a few words, or carry a number, or set their parts apart with a bar or a
    dash ("Household Survey | Quality and Methodology")."""
    if len(band) != 1:
        return False
    text = band[0].text.strip()
    if DATE_RE.fullmatch(text):
        return True
    words = text.split()
    return len(words) >= _SENTENCE_WORDS and not any(ch.isdigit() for ch in text) and not _PARTS.search(text)
