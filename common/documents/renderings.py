"""How a page's blocks render to each output format: Markdown, plain text and DocTags,
and the reverse for engines that only give Markdown (blocks from a model's Markdown).

Every page result renders each format it does not carry natively through these
(common/documents/results.py, PageResult); they run for every page of every document.
"""

from __future__ import annotations

import re
from dataclasses import replace

from common.documents.page_blocks import BBox, Block, BlockKind

_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_MD_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def markdown_to_blocks(markdown: str, bbox: BBox) -> list[Block]:
    """Blocks from a model's Markdown (headings, tables, list items, paragraphs).

    The model gives no positions, so every block carries ``bbox`` (the page). This is
    what lets Markdown-native engines feed the DoclingDocument JSON and text outputs.
    """
    blocks: list[Block] = []
    para: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if para:
            blocks.append(Block(kind="paragraph", text=" ".join(para), bbox=bbox))
            para.clear()
        if table:
            rows = [list(r) for r in table]
            blocks.append(
                Block(kind="table", text="\n".join(" | ".join(r) for r in rows), bbox=bbox, rows=rows)
            )
            table.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("|"):
            if para:
                flush()
            if not _MD_RULE_RE.match(line):
                table.append([c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip("|"))])
            continue
        if table:
            flush()
        heading = _MD_HEADING_RE.match(line)
        if heading:
            flush()
            level = len(heading.group(1))
            kind: BlockKind = "title" if level == 1 and not blocks else "section_header"
            blocks.append(Block(kind=kind, text=heading.group(2), bbox=bbox, level=level))
        elif _MD_ITEM_RE.match(line):
            flush()
            blocks.append(Block(kind="list_item", text=line, bbox=bbox))
        else:
            para.append(line)
    flush()
    return blocks


def _md_escape_cell(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ").strip()


def table_to_markdown(rows: list[list[str]]) -> str:
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    norm = [[_md_escape_cell(c) for c in r] + [""] * (width - len(r)) for r in rows]
    out = ["| " + " | ".join(norm[0]) + " |", "|" + "|".join(["---"] * width) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in norm[1:]]
    return "\n".join(out)


_ORDERED_MD_RE = re.compile(r"^\d{1,9}[.)](?:\s|$)")
_BULLET_TEXT_RE = re.compile(r"^[-*+•]\s")
# A number run straight into right-to-left letters: the only flush enumerator the layout
# makes an item of ("3D printer" is no item numbered 3).
_FLUSH_NUMBER_RE = re.compile(r"^(\d{1,3})(?=[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff])")


def list_item_markdown(b: Block) -> str:
    """A list item as a Markdown list line, indented 4 spaces per nesting level.

    "1." and "1)" are Markdown's own enumerators and stay as written; any other item is
    a "-" item (a checkbox "- [ ]" / "- [x]"), its letters or "(1)" kept as its text.
    """
    text = b.text.strip()
    indent = "    " * max(0, b.level)
    if b.checked is not None:
        return f"{indent}- [{'x' if b.checked else ' '}] {text}"
    flush = _FLUSH_NUMBER_RE.match(text)
    if flush:
        # An item numbered flush against its words (a verse number run into its first word): the number is
        # its enumerator, written as Markdown's; the text keeps it as printed.
        return f"{indent}{flush.group(1)}. {text[flush.end() :]}"
    if _ORDERED_MD_RE.match(text) or _BULLET_TEXT_RE.match(text):
        # An enumerator, or the "- " that a model's own Markdown item keeps in its text.
        return indent + ("- " + text[2:] if text[0] == "•" else text)
    return f"{indent}- {text}"


def blocks_to_markdown(blocks: list[Block]) -> str:
    parts: list[str] = []
    prev_item = False
    in_list = False  # a list item written, and only paragraphs since
    held: list[int] = []  # the parts of those paragraphs
    for b in blocks:
        if b.kind in ("page_header", "page_footer"):
            continue  # running headers/footers repeat on every page; they are noise in Markdown
        item = b.kind == "list_item"
        if item and prev_item and parts:
            # One list: its items on consecutive lines (a blank line between them would
            # make a "loose" list, each item a paragraph).
            parts[-1] += "\n" + list_item_markdown(b)
            continue
        if item and b.level > 0 and not prev_item:
            # A nested item after paragraphs: indented four spaces per level, it would be
            # a code block under a paragraph at the margin. The paragraphs between it and
            # the list's last item are that item's own (its second paragraph, "It is the
            # successor to ..."): indented with the nested item, they stay in the list;
            # with no list before, the item starts one of its own.
            if in_list and held:
                pad = "    " * b.level
                for k in held:
                    parts[k] = "\n".join(pad + ln if ln else ln for ln in parts[k].split("\n"))
            elif not in_list:
                b = replace(b, level=0)
        if item:
            in_list, held = True, []
        elif b.kind == "paragraph" and in_list:
            held.append(len(parts))
        else:
            in_list, held = False, []
        prev_item = item
        if b.kind == "title":
            parts.append(f"# {b.text}")
        elif b.kind == "section_header":
            parts.append("#" * min(6, max(2, b.level + 1)) + f" {b.text}")
        elif b.kind == "table" and b.rows:
            parts.append(table_to_markdown(b.rows))
        elif item:
            parts.append(list_item_markdown(b))
        elif b.kind == "footnote":
            parts.append(f"<sub>{b.text}</sub>")
        elif b.kind == "code":
            parts.append(f"```\n{b.text}\n```")
        elif b.kind == "formula":
            parts.append(f"$${b.text}$$")
        elif b.kind == "picture":
            parts.append("<!-- image -->")
        else:
            parts.append(_unlisted(b.text))
    return "\n\n".join(p for p in parts if p.strip())


_LIST_LIKE_RE = re.compile(r"^(\s*)(?:(\d{1,9})([.)])|([-*+]))(?=\s)")


def _unlisted(text: str) -> str:
    """A paragraph's text, its opening number or asterisk escaped where Markdown would
    read it as a list marker: a report's numbered paragraph ("68. Mr. Speaker, ...") and
    a note keyed by an asterisk are paragraphs, as the layout found them."""
    m = _LIST_LIKE_RE.match(text)
    if m is None:
        return text
    lead, number, close, sign = m.groups()
    marker = f"{number}\\{close}" if number is not None else f"\\{sign}"
    return lead + marker + text[m.end() :]


def blocks_to_text(blocks: list[Block]) -> str:
    parts: list[str] = []
    for b in blocks:
        if b.kind in ("page_header", "page_footer"):
            # Furniture, as in the Markdown (and docling's text export): a page number or a
            # running title between two pages' text is noise to a reader, a search index or
            # a diff; the JSON and DocTags keep them, with their boxes.
            continue
        if b.kind == "table" and b.rows:
            parts.append("\n".join("\t".join(r) for r in b.rows))
        elif b.checked is not None:
            # Plain text has no list syntax: the box, with its state, as the page shows it.
            parts.append(("☑ " if b.checked else "☐ ") + b.text)
        else:
            parts.append(b.text)
    return "\n\n".join(p for p in parts if p.strip())


_DOCTAG_OF: dict[str, str] = {
    "title": "title",
    "section_header": "section_header_level_1",
    "paragraph": "text",
    "list_item": "list_item",
    "table": "otsl",
    "footnote": "footnote",
    "page_header": "page_header",
    "page_footer": "page_footer",
    "caption": "caption",
    "code": "code",
    "formula": "formula",
    "picture": "picture",
}


def _loc(bbox: BBox, width: float, height: float) -> str:
    # DocTags locations are on a 0..500 grid over the page.
    def q(v: float, size: float) -> int:
        return max(0, min(500, round(v / size * 500))) if size > 0 else 0

    left, top, right, bottom = bbox
    return f"<loc_{q(left, width)}><loc_{q(top, height)}><loc_{q(right, width)}><loc_{q(bottom, height)}>"


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def blocks_to_doctags(blocks: list[Block], width: float, height: float) -> str:
    """DocTags for one page, as SmolDocling would emit it (without the outer <doctag>)."""
    out: list[str] = []
    for b in blocks:
        tag = _DOCTAG_OF[b.kind]
        if b.kind == "section_header":
            tag = f"section_header_level_{max(1, min(6, b.level or 1))}"
        elif b.checked is not None:
            tag = "checkbox_selected" if b.checked else "checkbox_unselected"  # docling's labels
        loc = _loc(b.bbox, width, height)
        if b.kind == "table" and b.rows:
            cells = "".join(
                "".join(f"<fcel>{_xml_text(c)}" if c else "<ecel>" for c in row) + "<nl>" for row in b.rows
            )
            out.append(f"<otsl>{loc}{cells}</otsl>")
        else:
            out.append(f"<{tag}>{loc}{_xml_text(b.text)}</{tag}>")
    return "".join(out)
