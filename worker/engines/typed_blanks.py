"""Blanks a form template types into its sentences, left out of the text.

A fill-in template types its blanks as runs of underscores inside the words: "Date:
____, 20____", "the amount of $____ to be paid on:", "what?____". A reader reads the
words around them, not the rule (as the references of real forms are written: the
blank of "Date: ____, 20____" leaves "Date:, 20"). A blank glued to a word or a sign
(no space between: "$____", "20____", "____,") shows that the page types its blanks into
its sentences; on such a page every run of underscores is a blank to fill in, those set
after a label too ("Make: ____ Type/Model: ____"). A page whose blanks all stand apart
after their labels ("Signature: ____", "Fee enclosed: £ ____ Signature ____") is a form
whose fields are written out as lines, and keeps them: its blanks are where the answers
go, and nothing says they are typed into text.

A line of underscores alone, long, is a typed rule, left out before the layout
(layout/spans.py); this is about the blanks among words.
"""

from __future__ import annotations

import re
from dataclasses import replace

from common.documents.page_blocks import Block, Line
from common.documents.renderings import table_to_markdown

# A run of underscores this long is a blank ("__init__" has two).
_BLANK_RE = re.compile(r" ?_{3,}")
# A blank glued to what is before or after it.
_GLUED_RE = re.compile(r"[^\s_]_{3,}|_{3,}[^\s_]")
_SPACES_RE = re.compile(r" {2,}")


def without_blanks(blocks: list[Block]) -> list[Block]:
    """``blocks`` with their typed blanks left out where the page types blanks into its
    sentences (a blank glued to a word or a sign somewhere in its text); blocks left
    with no text are dropped. Other pages' blocks are returned as they were."""
    if not any(_GLUED_RE.search(b.text) for b in blocks if "___" in b.text):
        return blocks  # most pages: no blank at all, or none inside the text
    out: list[Block] = []
    for b in blocks:
        if "___" not in b.text:
            out.append(b)
            continue
        if b.kind == "table" and b.rows is not None:
            rows = [[_blanked(c) for c in row] for row in b.rows]
            out.append(replace(b, rows=rows, text=table_to_markdown(rows), lines=_lines(b.lines)))
            continue
        text = _blanked(b.text)
        if text:
            out.append(replace(b, text=text, lines=_lines(b.lines)))
    return out


def _blanked(text: str) -> str:
    # The space before a blank goes with it: "Date: ____, 20" reads "Date:, 20".
    if "___" not in text:
        return text
    return _SPACES_RE.sub(" ", _BLANK_RE.sub("", text)).strip()


def _lines(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for ln in lines:
        if "___" not in ln.text:
            out.append(ln)
            continue
        text = _blanked(ln.text)
        if not text:
            continue
        words = [replace(w, text=t) for w in ln.words if (t := _blanked(w.text))]
        out.append(replace(ln, text=text, words=words))
    return out
