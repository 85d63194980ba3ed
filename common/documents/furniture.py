"""Running headers and footers that only the whole document shows.

A page's layout sets apart what its own print says is furniture (a page number, small
print in the margins: worker/engines/layout/running.py). A running header set in the
body's size ("Company Confidential" in a word processor's Header style, a LaTeX running
head) looks like a first line on one page; on several pages, the same words in the same
margin are furniture. Finalize relabels them page_header / page_footer before the
document's formats are written, so the Markdown and the text leave them out, as they
leave out the ones each page found, and the JSON keeps them as furniture.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from common.documents.results import (
    Block,
    PageResult,
    blocks_to_doctags,
    blocks_to_markdown,
    blocks_to_text,
)

# Share of the page height at the top and bottom that running rows live in (as the
# page's own layout: worker/engines/layout/thresholds.py's RUNNING_MARGIN).
ZONE = 0.10
# Only the first or last two blocks of a page, of a line or two: a running header is
# short; a repeated table header or a repeated paragraph is not one.
EDGE_BLOCKS = 2
MAX_LINES = 2
MAX_CHARS = 160
_KINDS = frozenset({"paragraph", "section_header", "title", "footnote"})
_DIGITS_RE = re.compile(r"\d+")


def _key(text: str) -> str:
    # Page numbers and dates change from page to page; the words around them do not.
    return " ".join(_DIGITS_RE.sub("#", text.casefold()).split())


def _edges(result: PageResult) -> list[tuple[int, str]]:
    """(block index, "page_header" | "page_footer") of the blocks that could be running."""
    if result.docling is not None or result.height <= 0:
        return []  # a DocTags model labelled its own page furniture
    body = [i for i, b in enumerate(result.blocks) if b.kind not in ("page_header", "page_footer")]
    out: list[tuple[int, str]] = []
    for i in body[:EDGE_BLOCKS]:
        if not _candidate(result.blocks[i]) or result.blocks[i].bbox[3] > ZONE * result.height:
            break
        out.append((i, "page_header"))
    for i in reversed(body[-EDGE_BLOCKS:]):
        if (i, "page_header") in out:
            break
        if not _candidate(result.blocks[i]) or result.blocks[i].bbox[1] < (1 - ZONE) * result.height:
            break
        out.append((i, "page_footer"))
    return out


def _candidate(block: Block) -> bool:
    return (
        block.kind in _KINDS
        and 0 < len(block.text) <= MAX_CHARS
        and len(block.lines or [block]) <= MAX_LINES
        and any(ch.isalpha() for ch in block.text)
    )


def mark_running(results: list[PageResult]) -> list[PageResult]:
    """``results`` (a document's converted pages, in order) with the blocks that repeat in
    the same margin on two or more pages relabelled as running headers / footers; pages
    with nothing to relabel are returned as they were."""
    if len(results) < 2:
        return results
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    edges = [_edges(r) for r in results]
    for p, (result, found) in enumerate(zip(results, edges, strict=True)):
        for i, kind in found:
            seen[(kind, _key(result.blocks[i].text))].add(p)
    out = []
    for result, found in zip(results, edges, strict=True):
        relabel = {i: kind for i, kind in found if len(seen[(kind, _key(result.blocks[i].text))]) >= 2}
        out.append(_relabelled(result, relabel) if relabel else result)
    return out


def _relabelled(result: PageResult, relabel: dict[int, str]) -> PageResult:
    """The page with those blocks relabelled; each format rendered from the blocks is
    rendered again (one an engine wrote itself is kept as written)."""
    blocks = [
        replace(b, kind="page_header" if relabel.get(i) == "page_header" else "page_footer")
        if i in relabel
        else b
        for i, b in enumerate(result.blocks)
    ]
    w, h = result.width, result.height
    markdown, text, doctags = result.markdown, result.text, result.doctags
    if markdown == blocks_to_markdown(result.blocks):
        markdown = blocks_to_markdown(blocks)
    if text == blocks_to_text(result.blocks):
        text = blocks_to_text(blocks)
    if doctags == blocks_to_doctags(result.blocks, w, h):
        doctags = blocks_to_doctags(blocks, w, h)
    return replace(result, blocks=blocks, markdown=markdown, text=text, doctags=doctags)
