"""Model of the fifth set (bench/realdocs/five; documents in content_five.py and
content_five_tex.py), the first made by producers other than LibreOffice: Chromium's
print to PDF (through Playwright) from HTML and CSS, pdflatex, and groff's gropdf.
One block list renders to the producer's source (HTML+CSS, LaTeX or groff ms) and,
from the same data, to the exact truth.

Truth conventions are model_unseen's: text in reading order (logical order for
right-to-left scripts); running headers and footers and page numbers are furniture and
not in the text; a footnote's text ("1 text") follows the body text of its page; a
footnote mark is glued to its word ("word{1}" runs as "word1"); tables as spreadsheet
grids (model.Table.grid: a spanned cell's text top-left), one grid for a table that
runs over a page break (its header once); list markers and checkbox glyphs are not in
the text (bench/tablescore.normalize drops them from every output). A hyphenated line
break is the producer's: the truth holds the whole word.
"""

# The docstrings name the dashes and bullets as printed; CSS is full of braces.
# ruff: noqa: RUF002, UP031

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from bench.realdocs.model import Cell, H, Item, P, Table

_FN = re.compile(r"\{(\d+)\}")
_NUMERIC = re.compile(r"^[(\-−+$€£]*[\d.,]+%?\)?$")  # noqa: RUF001


def plain(text: str) -> str:
    """The characters as they run: footnote marks glued to their word."""
    return _FN.sub(r"\1", text)


@dataclass
class FTable:
    """A table: ``rules`` grid (every cell ruled), none, booktabs (top, under the
    header, bottom), rows (a line under every row) or zebra (shaded bands, no rules)."""

    rows: list[list[Cell | str]]
    header_rows: int = 1
    rules: str = "grid"
    bold: tuple[int, ...] = ()
    indent: tuple[int, ...] = ()
    caption: str = ""  # printed above the table; in the text before the grid
    widths: tuple[int, ...] = ()  # percent (HTML) of the columns

    def grid(self) -> list[list[str]]:
        return Table([[c if isinstance(c, Cell) else Cell(c) for c in row] for row in self.rows]).grid()


@dataclass
class List:
    """A list, nested by ``Item.level``; ``styles`` per level: "1." "a)" "i." (counters)
    "•" "–" "▪" (bullets) or "box" (a checkbox, ``Item.checked``)."""

    items: list[Item]
    styles: tuple[str, ...] = ("1.", "a)", "•")


@dataclass
class Grid:
    """Side-by-side boxes (CSS grid or flex); read box after box. ``css`` is the
    container's own style."""

    boxes: list[list[Any]]
    css: str = "display: grid; grid-template-columns: 1fr 1fr; gap: 12px"
    box_css: str = ""


@dataclass
class Flow:
    """Text flowing in newspaper columns (CSS column-count), read column after column."""

    blocks: list[Any]
    cols: int = 2


@dataclass
class Foot:
    """Where the footnotes of the page come in the reading order (renders nothing in HTML)."""

    numbers: tuple[int, ...]


@dataclass
class Field:
    """A form field: a label and its filled value on a ruled line."""

    label: str
    value: str = ""


@dataclass
class Raw:
    """Producer source that prints ``text`` (a LaTeX title block, an ms memo head)."""

    source: str
    text: str


@dataclass
class FDoc:
    name: str
    kind: str
    producer: str  # chromium, pdflatex, groff
    font: str
    size: float
    blocks: list[Any]
    rtl: bool = False
    lang: str = "en"
    notes: str = ""
    header: str = ""  # running header (Playwright template, fancyhdr, ms header)
    footer: str = ""  # "#" is the page number
    footnotes: dict[int, str] = field(default_factory=dict)
    css: str = ""
    page: str = "size: A4; margin: 2.2cm 2cm"
    preamble: str = ""  # LaTeX packages and settings; groff requests


# ---------------------------------------------------------------- HTML (Chromium)


def _h(text: str) -> str:
    return _FN.sub(r"<sup>\1</sup>", html.escape(text).replace("\n", "<br>"))


def _table_html(t: FTable, rtl: bool) -> str:
    out = [f'<table class="t-{t.rules}">']
    if t.caption:
        out.append(f"<caption>{_h(t.caption)}</caption>")
    if t.widths:
        out.append("<colgroup>" + "".join(f'<col style="width:{w}%">' for w in t.widths) + "</colgroup>")
    out.append("<thead>")
    for r, row in enumerate(t.rows):
        if r == t.header_rows:
            out.append("</thead><tbody>")
        cells = []
        for c, cell in enumerate(row):
            cl = cell if isinstance(cell, Cell) else Cell(cell)
            tag = "th" if cl.header or r < t.header_rows else "td"
            attrs = (f' colspan="{cl.colspan}"' if cl.colspan > 1 else "") + (
                f' rowspan="{cl.rowspan}"' if cl.rowspan > 1 else ""
            )
            cls = []
            if c > 0 and (_NUMERIC.match(cl.text) or (tag == "th" and cl.colspan == 1)):
                cls.append("num")
            if c == 0 and r in t.indent:
                cls.append("ind")
            if r in t.bold:
                cls.append("b")
            if cls:
                attrs += f' class="{" ".join(cls)}"'
            cells.append(f"<{tag}{attrs}>{_h(cl.text)}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _list_html(lst: List) -> str:
    out: list[str] = []
    depth = -1
    for it in lst.items:
        while depth < it.level:
            depth += 1
            style = lst.styles[min(depth, len(lst.styles) - 1)]
            out.append(f'<ul class="l" data-s="{style}" style="--m: \'{style}\'">')
        while depth > it.level:
            out.append("</ul>")
            depth -= 1
        style = lst.styles[min(it.level, len(lst.styles) - 1)]
        if style == "box":
            box = f'<input type="checkbox"{" checked" if it.checked else ""}> '
            out.append(f'<li class="box">{box}{_h(it.text)}</li>')
        else:
            out.append(f'<li class="{_COUNTER.get(style, "bul")}">{_h(it.text)}</li>')
    out += ["</ul>"] * (depth + 1)
    return "\n".join(out)


_COUNTER = {"1.": "dec", "a)": "alpha", "i.": "roman"}

# Lists are numbered by CSS counters (list-style none), as web apps style them.
BASE_CSS = """
@page { %(page)s }
body { font-family: '%(font)s'; font-size: %(size)spt; line-height: 1.3; margin: 0; }
h1 { font-size: 1.6em; margin: 0 0 0.4em; } h2 { font-size: 1.25em; margin: 0.8em 0 0.3em; }
h3 { font-size: 1.05em; margin: 0.6em 0 0.2em; } p { margin: 0 0 0.5em; }
table { border-collapse: collapse; width: 100%%; margin: 0.4em 0 0.8em; }
th, td { padding: 3px 6px; text-align: left; vertical-align: top; }
.num { text-align: right; } td.ind { padding-left: 18px; } .b { font-weight: bold; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 4px; }
.t-grid th, .t-grid td { border: 0.75pt solid #333; }
.t-booktabs { border-top: 1.5pt solid #000; border-bottom: 1.5pt solid #000; }
.t-booktabs thead tr:last-child th { border-bottom: 0.75pt solid #000; }
.t-rows td, .t-rows th { border-bottom: 0.5pt solid #999; }
.t-zebra thead th { background: #dde3ea; } .t-zebra tbody tr:nth-child(even) td { background: #f0f2f5; }
ul.l { list-style: none; margin: 0.2em 0 0.5em; padding-left: 1.6em; counter-reset: n; }
ul.l > li { counter-increment: n; margin-bottom: 0.15em; }
li.dec::before { content: counter(n) ". "; } li.alpha::before { content: counter(n, lower-alpha) ") "; }
li.roman::before { content: counter(n, lower-roman) ". "; } li.bul::before { content: var(--m) " "; }
li.box { list-style: none; } li.box input { margin: 0 6px 0 0; width: 11px; height: 11px; }
.field { display: flex; gap: 8px; margin: 0.35em 0; } .field .v { flex: 1; border-bottom: 0.75pt solid #000; }
.flow { column-gap: 0.8cm; text-align: justify; hyphens: manual; }
"""


def block_html(b: Any, doc: FDoc) -> str:
    d = ' dir="rtl"' if doc.rtl else ""
    if isinstance(b, H):
        return f"<h{b.level}{d}>{_h(b.text)}</h{b.level}>"
    if isinstance(b, P):
        style = f' style="text-align: {b.align}"' if b.align else ""
        body = f"<b>{_h(b.text)}</b>" if b.bold else _h(b.text)
        return f"<p{d}{style}>{body}</p>"
    if isinstance(b, FTable):
        return _table_html(b, doc.rtl)
    if isinstance(b, List):
        return _list_html(b)
    if isinstance(b, Grid):
        boxes = "".join(
            f'<div style="{b.box_css}">' + "\n".join(block_html(x, doc) for x in box) + "</div>"
            for box in b.boxes
        )
        return f'<div style="{b.css}">{boxes}</div>'
    if isinstance(b, Flow):
        inner = "\n".join(block_html(x, doc) for x in b.blocks)
        return f'<div class="flow" style="column-count: {b.cols}">{inner}</div>'
    if isinstance(b, Field):
        return f'<div class="field"><span>{_h(b.label)}</span><span class="v">{_h(b.value)}</span></div>'
    if isinstance(b, Foot):
        return ""
    if isinstance(b, Raw):
        return b.source
    raise TypeError(type(b))


def to_html(doc: FDoc) -> str:
    css = BASE_CSS % {"page": doc.page, "font": doc.font, "size": doc.size} + doc.css
    body = "\n".join(block_html(b, doc) for b in doc.blocks)
    d = ' dir="rtl"' if doc.rtl else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{doc.lang}"{d}><head><meta charset="utf-8">'
        f"<title>{doc.name}</title><style>{css}</style></head>\n<body{d}>\n{body}\n</body></html>\n"
    )


def templates(doc: FDoc) -> tuple[str, str]:
    """Playwright's header and footer templates (they print in the page margins)."""
    style = "font-family: '%s'; font-size: 7.5pt; width: 100%%; margin: 0 2cm; color: #444;" % doc.font
    head = (
        f'<div style="{style} text-align: right">{html.escape(doc.header)}</div>'
        if doc.header
        else "<span></span>"
    )
    foot = "<span></span>"
    if doc.footer:
        text = html.escape(doc.footer).replace("#", '<span class="pageNumber"></span>')
        foot = f'<div style="{style} text-align: center">{text}</div>'
    return head, foot


# ---------------------------------------------------------------- truth


def truth(doc: FDoc) -> dict[str, Any]:
    lines: list[str] = []
    headings: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    tables: list[list[list[str]]] = []
    placed: set[int] = set()

    def walk(blocks: list[Any]) -> None:
        for b in blocks:
            if isinstance(b, H):
                lines.append(plain(b.text))
                headings.append({"level": b.level, "text": plain(b.text)})
            elif isinstance(b, P):
                lines.append(plain(b.text))
            elif isinstance(b, FTable):
                if b.caption:
                    lines.append(plain(b.caption))
                grid = [[plain(c) for c in row] for row in b.grid()]
                tables.append(grid)
                lines.extend(" ".join(c for c in row if c) for row in grid)
            elif isinstance(b, List):
                for it in b.items:
                    lines.append(plain(it.text))
                    items.append({"text": plain(it.text), "level": it.level, "checked": it.checked})
            elif isinstance(b, Grid):
                for box in b.boxes:
                    walk(box)
            elif isinstance(b, Flow):
                walk(b.blocks)
            elif isinstance(b, Field):
                lines.append(f"{b.label} {b.value}".strip())
            elif isinstance(b, Foot):
                lines.extend(f"{n} {doc.footnotes[n]}" for n in b.numbers)
                placed.update(b.numbers)
            elif isinstance(b, Raw) and b.text:
                lines.append(b.text)

    walk(doc.blocks)
    lines.extend(f"{n} {t}" for n, t in sorted(doc.footnotes.items()) if n not in placed)
    return {
        "name": doc.name,
        "kind": doc.kind,
        "producer": doc.producer,
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
