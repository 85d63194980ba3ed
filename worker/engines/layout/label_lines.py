"""A label alone on its line ("Payment Options:") and the entries indented under it
(blocks.flow_protos): the label starts a block after a sentence's end, and each entry
under it that starts like a sentence is a line of its own, not a wrapped paragraph's."""

from __future__ import annotations

from worker.engines.layout.model import Proto, Row
from worker.engines.layout.thresholds import INDENT_EM

_LABEL_WORDS = 4  # a label line's words at most ("Terms & Conditions:")
_GOES_ON = (",", "-", "\u2013", "\u2014", "/", "&", "(")  # a line that ends so goes on
# Entries stand at most this far (ems) right of their label line: an indent, not text
# set in another column beside the label.
_MAX_INDENT_EM = 6.0
# The next entry starts this close (ems) to the first entry's start: the entries share
# one indent; a line set further in or out is no entry of the same list.
_ENTRY_ALIGN_EM = 0.5


def label_line(row: Row) -> bool:
    """Whether ``row`` is a label alone on its line: a few words, a capital, a colon
    ("Payment Options:")."""
    text = row.text.strip()
    return text.endswith(":") and len(text.split()) <= _LABEL_WORDS and text[:1].isupper()


def under_label(prev: Row, row: Row) -> bool:
    """Whether ``row`` starts a block indented under the label line ``prev``."""
    size = max(prev.size, row.size)
    return (
        label_line(prev)
        and prev.bold == row.bold
        and INDENT_EM * size <= row.x0 - prev.x0 <= _MAX_INDENT_EM * size
    )


def label_entry(cur: Proto, prev: Row, row: Row, mark: str) -> bool:
    """Whether ``row`` starts the next entry under a label line, ``cur`` the last one: at
    the entries' indent, starting like a sentence (a capitalised word, not one in capitals,
    or a figure) after a line that did not break within one ("Payment Options:" over
    "Please send payments ..." and "Cash or card ..."): lines of their own."""
    return (
        not mark
        and cur.kind == "paragraph"
        and not cur.rtl
        and abs(row.x0 - cur.rows[0].x0) <= _ENTRY_ALIGN_EM * max(prev.size, row.size)
        and (
            (word := (row.text.split() or [""])[0])[:1].isdigit()
            or (word[:1].isupper() and not word.isupper())
        )
        and not prev.text.rstrip().endswith(_GOES_ON)
    )
