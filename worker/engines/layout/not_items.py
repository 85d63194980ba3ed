"""What starts like a list item but a reader reads as a paragraph or a note: lettered and
numbered paragraphs of running text, a report's running paragraph numbers, an asterisk
that keys a note or marks a required field, and a dash alone with nothing after it
(blocks.py and page.py ask)."""

from __future__ import annotations

import re

from worker.engines.layout.model import Proto
from worker.engines.layout.patterns import DASHES

_LETTERED_RE = re.compile(r"^\s*[a-z]\.\s")  # "a. " as list_mark reads it: the weakest of enumerators
# A number that opens a paragraph: "12." "3.18." "(4)" "5)"; its last part is its place in
# its run ("18" of "3.18.").
_NUMBER_RE = re.compile(r"^\s*\(?(?:\d{1,3}\.)*(\d{1,3})[.)]")


def unlist_paragraphs(protos: list[Proto], left: float, right: float) -> None:
    """Lettered and numbered paragraphs of running text of one flow are paragraphs, and a
    lone asterisk opens a note.

    A lettered paragraph ("a. Individual. Generally, enter ...") has its letter where the
    page indents a paragraph's first line, and its lines wrap back left of it, to the
    text's edge; a numbered one ("1. The first of these cases ...", "3.18. Tariffs ...")
    stands at the flow's left edge (``left``) and fills its first line to the right edge
    (``right``), wrapping back under its number. An item's lines wrap under its words (its
    hanging indent), or it is one line; a sub-clause indented under its clause ("5.1." two
    ems in) is one whichever way it wraps, and so is an item typed with a hard break
    ("2. Liability is limited to the fees" / "paid in ...").

    An asterisk at a line's start keys a note under a table ("* Projected outturn,
    **Projection") or marks a form's required field ("* Title:"); a typed list marks its
    items with it one after another, so a line marked so alone, one that keys a second
    note with a double asterisk, or a label awaiting its value, is no item.

    A dash alone, with no word after it on its line or under it (an en dash between a comb's
    boxes for an identification number, a blank value's dash), lists nothing: text.
    """
    for i, p in enumerate(protos):
        if p.kind != "list_item":
            continue
        first = p.rows[0]
        # (A dash alone lists nothing in either direction: this comes before the
        # right-to-left skip, which is for the lettered, numbered and starred rules.)
        if len(p.rows) == 1 and first.text.strip() in DASHES:
            p.kind, p.mark = "paragraph", ""
            continue
        if p.rtl:
            continue
        if p.mark == "ordered" and len(p.rows) >= 2:
            text = first.text
            if _LETTERED_RE.match(text):
                flush = all(r.x0 < first.x0 - 0.5 * r.size for r in p.rows[1:])
            else:
                flush = (
                    first.x0 < left + 0.5 * first.size
                    and first.x1 > right - 2 * first.size
                    and _NUMBER_RE.match(text) is not None
                    and all(r.x0 < first.x0 + 0.5 * r.size for r in p.rows[1:])
                )
            if flush:
                # (a numbered paragraph keeps its mark: a run of them is one kind,
                # unlist_running_numbers reads, and its caps may head a contract's section)
                p.kind = "paragraph"
                if _LETTERED_RE.match(text):
                    p.mark = ""
        elif p.mark == "bullet" and first.text.lstrip().startswith("*"):
            before = protos[i - 1] if i > 0 else None
            after = protos[i + 1] if i + 1 < len(protos) else None
            text = " ".join(r.text for r in p.rows).strip()
            if not (_starred(before) or _starred(after)) or "**" in text or text.endswith(":"):
                p.kind = "paragraph"  # (its mark kept: a note's key heads nothing, headings.py)


def _starred(p: Proto | None) -> bool:
    return p is not None and p.kind == "list_item" and p.rows[0].text.lstrip().startswith("*")


def unlist_running_numbers(protos: list[Proto]) -> None:
    """Numbered paragraphs that carry a document's running paragraph numbers ("68." to
    "70." of a budget statement, "4.23." of a report) are its paragraphs, not a list: a
    list counts its items from one, and where a run of numbers on the page does not
    reach back to a one, its items are paragraphs numbered for reference. So is an item
    whose number follows a numbered paragraph's (a judgment's one-line "3." between its
    paragraphs "2." and "4."): a run is of one kind. The whole page is asked (``protos``
    in reading order), so that a list that runs on into the next column keeps its items."""
    # each: its number whole ("5.1"), its style ("5.#." of "5.1.", "(#)" of "(2)": a run
    # keeps one), and its place in the run
    numbered: list[tuple[Proto, str, str, int]] = []
    for p in protos:
        if p.mark == "ordered" and not p.heading and p.kind in ("list_item", "paragraph"):
            m = _NUMBER_RE.match(p.rows[0].text)
            if m is not None:
                mark = m.group()
                at, end = m.start(1), m.end(1)
                whole = mark.strip().lstrip("(")[:-1]
                numbered.append((p, whole, mark[:at].lstrip() + "#" + mark[end:], int(m.group(1))))
    reached: dict[tuple[str, int], bool] = {}  # each item's: whether its run reaches back to one
    paragraphs: set[tuple[str, int]] = set()  # the numbered paragraphs'
    for k, (p, whole, style, n) in enumerate(numbered):
        if p.kind == "paragraph":
            paragraphs.add((style, n))
            continue
        # (a clause followed by its first sub-clause, "5." by "5.1.", is a list's clause)
        sub = k + 1 < len(numbered) and numbered[k + 1][1] == f"{whole}.1"
        before = (style, n - 1)
        ok = (n <= 1 or reached.get(before, False) or sub) and before not in paragraphs
        reached[style, n] = reached.get((style, n), False) or ok
        if not ok:
            p.kind = "paragraph"
            paragraphs.add((style, n))
