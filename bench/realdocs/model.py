"""Document model of the generated real-document corpus: blocks that render to HTML
(which LibreOffice turns into a PDF, the way real producers make them) and, from the
same data, the exact ground truth: reference text in reading order (logical order for
right-to-left scripts), headings, list items with their checked state, tables as the
grid a spreadsheet would get (a spanned cell's text in its top-left cell)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any


@dataclass
class H:
    level: int
    text: str


@dataclass
class P:
    text: str  # "\n" = a forced line break (<br>), as in address blocks
    bold: bool = False
    align: str | None = None  # left, right, center, justify


@dataclass
class Item:
    text: str
    level: int = 0
    checked: bool | None = None  # None: not a checkbox


@dataclass
class Items:
    items: list[Item]
    # Per nesting level: a bullet glyph, "1." / "a)" / "(i)" numbering, "ul"/"ol" for
    # LibreOffice's own list numbering, "glyph-x"/"glyph-v" (☐ with ☒/☑ when checked)
    # or "svg" (a drawn square: an SVG image that LibreOffice exports as vector paths).
    markers: tuple[str, ...] = ("•",)


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


@dataclass
class Table:
    rows: list[list[Cell | str]]
    ruled: bool = True
    header_rows: int = 1
    width: str = "100%"
    col_widths: tuple[int, ...] = ()  # percent, on the first row's cells

    def grid(self) -> list[list[str]]:
        """The spreadsheet grid: spanned cells keep their text top-left, the rest empty."""
        taken: dict[tuple[int, int], str] = {}
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                cl = cell if isinstance(cell, Cell) else Cell(cell)
                while (r, c) in taken:
                    c += 1
                for dr in range(cl.rowspan):
                    for dc in range(cl.colspan):
                        taken[(r + dr, c + dc)] = cl.text.replace("\n", " ") if dr == dc == 0 else ""
                c += cl.colspan
        nrows = max(r for r, _ in taken) + 1
        ncols = max(c for _, c in taken) + 1
        return [[taken.get((r, c), "") for c in range(ncols)] for r in range(nrows)]


@dataclass
class Columns:
    """Two columns side by side (a borderless layout table): ``first`` is read first.
    In a right-to-left document LibreOffice mirrors the table, so ``first`` sits right."""

    first: list[Block]
    second: list[Block]
    widths: tuple[int, int] = (50, 50)


Block = H | P | Items | Table | Columns


@dataclass
class Doc:
    name: str
    kind: str
    font: str
    size: float
    blocks: list[Block]
    rtl: bool = False
    lang: str = "en"
    notes: str = ""
    extra_css: str = ""
    files: dict[str, str] = field(default_factory=dict)


def _esc(s: str) -> str:
    return html.escape(s).replace("\n", "<br>")


def _roman(n: int) -> str:
    return ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][n - 1]


def marker_text(style: str, index: int) -> str:
    """The marker printed before item ``index`` (1-based) for an explicit style."""
    if style == "1.":
        return f"{index}."
    if style == "1)":
        return f"{index})"
    if style == "a)":
        return f"{chr(96 + index)})"
    if style == "(i)":
        return f"({_roman(index)})"
    return style


def _items_html(block: Items, rtl: bool) -> str:
    if block.markers[0] in ("ul", "ol"):
        return _native_list(block.items, block.markers)
    side = "right" if rtl else "left"
    out, counters = [], [0] * 8
    for it in block.items:
        counters[it.level] += 1
        for deeper in range(it.level + 1, 8):
            counters[deeper] = 0
        style = block.markers[min(it.level, len(block.markers) - 1)]
        if style == "svg":
            src = "box-x.svg" if it.checked else "box.svg"
            mark = f'<img src="{src}" width="11" height="11" align="middle">&nbsp;&nbsp;'
        elif style.startswith("glyph"):
            mark = ("☒" if style == "glyph-x" else "☑") if it.checked else "☐"
            mark += "&nbsp;"
        else:
            mark = html.escape(marker_text(style, counters[it.level])) + "&nbsp;&nbsp;"
        indent = 0.7 * (it.level + 1)
        # An RTL item is an RTL paragraph (its marker at the right), as an RTL producer writes it.
        d = ' dir="rtl" align="right"' if rtl else ""
        out.append(
            f'<p{d} style="margin-{side}: {indent:.1f}cm; text-indent: -0.6cm; margin-top: 0; '
            f'margin-bottom: 0.08cm">{mark}{_esc(it.text)}</p>'
        )
    return "\n".join(out)


def _native_list(items: list[Item], markers: tuple[str, ...]) -> str:
    out: list[str] = []
    depth = -1
    for it in items:
        while depth < it.level:
            depth += 1
            tag = markers[min(depth, len(markers) - 1)]
            out.append("<ol>" if tag == "ol" else "<ul>")
        while depth > it.level:
            tag = markers[min(depth, len(markers) - 1)]
            out.append("</ol>" if tag == "ol" else "</ul>")
            depth -= 1
        out.append(f"<li>{_esc(it.text)}</li>")
    while depth >= 0:
        tag = markers[min(depth, len(markers) - 1)]
        out.append("</ol>" if tag == "ol" else "</ul>")
        depth -= 1
    return "\n".join(out)


def _table_html(t: Table, float_side: str = "", width: str = "") -> str:
    attrs = 'border="1" cellspacing="0" cellpadding="4"' if t.ruled else 'border="0" cellpadding="3"'
    rows = []
    for r, row in enumerate(t.rows):
        cells = []
        for c, cell in enumerate(row):
            cl = cell if isinstance(cell, Cell) else Cell(cell)
            span = f' width="{t.col_widths[c]}%"' if r == 0 and c < len(t.col_widths) else ""
            tag = "th" if cl.header or r < t.header_rows else "td"
            span += (f' colspan="{cl.colspan}"' if cl.colspan > 1 else "") + (
                f' rowspan="{cl.rowspan}"' if cl.rowspan > 1 else ""
            )
            numeric = cl.text.replace(",", "").replace(".", "").replace("-", "").isdigit()
            align = ' align="right"' if numeric and tag == "td" else ""
            body = f"<b>{_esc(cl.text)}</b>" if tag == "th" else _esc(cl.text)
            cells.append(f'<{tag}{span}{align} valign="top">{body}</{tag}>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    floating = f' align="{float_side}"' if float_side else ""
    return f'<table width="{width or t.width}"{floating} {attrs}>' + "\n".join(rows) + "</table>"


def block_html(b: Block, rtl: bool) -> str:
    side = ' dir="rtl" align="right"' if rtl else ""
    if isinstance(b, H):
        return f"<h{b.level}{side}>{_esc(b.text)}</h{b.level}>"
    if isinstance(b, P):
        align = f' align="{b.align}"' if b.align else (' align="right"' if rtl else "")
        body = f"<b>{_esc(b.text)}</b>" if b.bold else _esc(b.text)
        return f"<p{' dir=rtl' if rtl else ''}{align}>{body}</p>"
    if isinstance(b, Items):
        return _items_html(b, rtl)
    if isinstance(b, Table):
        return _table_html(b)
    # LibreOffice flattens a table nested in a layout table into one grid; a table beside
    # text (or beside another table) is a floating table, as a word processor makes it.
    one_table = [len(side) == 1 and isinstance(side[0], Table) for side in (b.first, b.second)]
    if any(one_table):
        left, right = (b.second, b.first) if rtl else (b.first, b.second)
        lw, rw = (b.widths[1], b.widths[0]) if rtl else b.widths
        parts = []
        if len(left) == 1 and isinstance(left[0], Table):
            parts.append(_table_html(left[0], "left", f"{lw - 4}%"))
        if len(right) == 1 and isinstance(right[0], Table):
            parts.append(_table_html(right[0], "right", f"{rw - 4}%"))
        parts += [block_html(x, rtl) for side in (left, right) for x in side if not isinstance(x, Table)]
        return "\n".join(parts)
    first = "\n".join(block_html(x, rtl) for x in b.first)
    second = "\n".join(block_html(x, rtl) for x in b.second)
    return (
        '<table width="100%" border="0" cellpadding="6"><tr>'
        f'<td valign="top" width="{b.widths[0]}%">{first}</td>'
        f'<td valign="top" width="{b.widths[1]}%">{second}</td></tr></table>'
    )


def to_html(doc: Doc) -> str:
    body = "\n".join(block_html(b, doc.rtl) for b in doc.blocks)
    d = ' dir="rtl"' if doc.rtl else ""
    css = (
        f"body, p, li, td, th {{ font-family: '{doc.font}'; font-size: {doc.size}pt; }}\n"
        f"h1, h2, h3 {{ font-family: '{doc.font}'; }}\n{doc.extra_css}"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{doc.lang}"{d}><head><meta charset="utf-8">'
        f"<title>{doc.name}</title><style>{css}</style></head>\n<body{d}>\n{body}\n</body></html>\n"
    )


def _walk(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        out += _walk(b.first) + _walk(b.second) if isinstance(b, Columns) else [b]
    return out


def truth(doc: Doc) -> dict[str, Any]:
    """Exact ground truth, from the same blocks the HTML is made of."""
    lines: list[str] = []
    headings: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    tables: list[list[list[str]]] = []
    for b in _walk(doc.blocks):
        if isinstance(b, H):
            lines.append(b.text)
            headings.append({"level": b.level, "text": b.text})
        elif isinstance(b, P):
            lines.append(b.text)
        elif isinstance(b, Items):
            for it in b.items:
                lines.append(it.text)
                items.append({"text": it.text, "level": it.level, "checked": it.checked})
        elif isinstance(b, Table):
            grid = b.grid()
            tables.append(grid)
            lines += [" ".join(c for c in row if c) for row in grid]
    return {
        "name": doc.name,
        "kind": doc.kind,
        "font": doc.font,
        "size_pt": doc.size,
        "rtl": doc.rtl,
        "lang": doc.lang,
        "notes": doc.notes,
        "text": "\n".join(lines),
        "headings": headings,
        "items": items,
        "tables": tables,
    }
