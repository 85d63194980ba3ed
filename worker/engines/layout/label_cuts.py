"""Gutters that part labels from their values, not columns (columns.reading_parts): a
column of "Label:" rows beside their values, a column of note keys beside their notes.
Read column by column, the labels (keys) would come out in a run, their values after
them."""

from __future__ import annotations

import re

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts

# A note's key: a letter or two ("a", "b"), an abbreviation ("n.a."), a figure or two, or
# a reference sign ("*", "†", "‡").
_KEY_RE = re.compile(r"^(?:[a-z]{1,2}|[A-Za-z]\.[a-z]\.|\d{1,2}|[*\u2020\u2021]{1,3})$")
_NOTE_WORDS = 1  # a note's text beside its key holds more words than this


def _note_key(label: str, value: str) -> bool:
    """Whether ``label`` is a note's key beside ``value``, its note's text (two words
    at least: a code beside one word is a table's row, a figure beside "☐ None" a form's
    answer)."""
    words = sum(any(ch.isalpha() for ch in w) for w in value.split())
    return _KEY_RE.match(label) is not None and words > _NOTE_WORDS


def label_cuts(bands: list[Band], cuts: Cuts) -> Cuts:
    """``cuts`` less those between a column of labels and the column of their values.

    Two label/value blocks side by side (an agency's "Name:", "Contact:", "Billing
    Contact:" over its values, the terms' labels and values beside it) have a gutter
    between each column of labels and its values: read column by column, the labels
    would come out in a run and the values after them. A label is read with the value
    level with it, and a value's further lines (an address) stay under it: the gutter
    where every row that has text on both sides has a "Label:" left of a value, two
    rows or more, is no column's. So is the gutter after a column of note keys under a
    table ("n.a.", "a" to "e", "*" beside each note's text: :func:`_note_key`), its
    notes' further lines hanging under their text: each key is read with its note.
    """
    kept: list[float] = []
    for c, cut in enumerate(cuts):
        pairs = 0
        for band in bands:
            cells = band_cells(band, cuts)
            if c in cells and c + 1 in cells:
                label = " ".join(ln.text for ln in cells[c]).rstrip()
                value = " ".join(ln.text for ln in cells[c + 1]).rstrip()
                keyed = label.endswith(":") or (_note_key(label, value) and max(cells) == c + 1)
                if not keyed or value.endswith(":"):
                    pairs = -1
                    break
                pairs += 1
        if pairs < 2:
            kept.append(cut)
    return tuple(kept)
