"""Model of the third set (bench/realdocs/unseen; its documents are content_unseen.py),
written after the engines were tuned on docs/ and fresh/ and never tuned on: report
pages as statistics offices, companies and administrations make them. Unruled and
booktabs tables aligned by whitespace, two-level headers under a spanning group
header, row-group labels, bracketed negatives, footnote markers, a table continued
after a paragraph, a landscape table; flowing two-column text (a Writer section with
columns, not a layout table), numbered headings, captions, real footnotes, running
headers and footers; a form, letters, Arabic and Hebrew tables.

Truth conventions: text in reading order; running headers and footers (page numbers
included) are furniture and not in the text; a footnote's text follows the body text
of its page; a superscript marker is glued to its word ("Wales^a" is "Walesa", as the
characters run); tables as spreadsheet grids (model.Table.grid).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from bench.realdocs import model
from bench.realdocs.model import Cell, Table

# Numbers as printed: minus signs, en-dash nil, Arabic-Indic digits.
_SUP = re.compile(r"\^([\w*†]+)")
_FN = re.compile(r"\{(\d+)\}")
_NUMERIC = re.compile(r"^(?:[(\-−+]?[\d.,]+%?\)?[\w*†^]{0,3}|–|-|\.\.|x|n/a|[\d٠-٩٬٫,.()]+)$")  # noqa: RUF001


def plain(text: str) -> str:
    """The characters as they run: superscripts glued to their word, footnote numbers too."""
    return _FN.sub(r"\1", _SUP.sub(r"\1", text))


def rich(text: str) -> str:
    s = _SUP.sub(lambda m: f"<sup>{m.group(1)}</sup>", html.escape(text).replace("\n", "<br>"))
    # Writer's own footnote anchors: LibreOffice imports them as real footnotes.
    return _FN.sub(
        lambda m: (
            f'<a class="sdfootnoteanc" name="sdfootnote{m.group(1)}anc" '
            f'href="#sdfootnote{m.group(1)}sym"><sup>{m.group(1)}</sup></a>'
        ),
        s,
    )


@dataclass
class R:
    """A paragraph with superscripts (^a) and footnote anchors ({1})."""

    text: str
    align: str | None = None
    italic: bool = False
    size: float | None = None


@dataclass
class STable:
    """A report table: ``rules`` none (whitespace only), booktabs (top, under the
    header, bottom), rows (a thin line under every row) or grid."""

    rows: list[list[Cell | str]]
    header_rows: int = 1
    rules: str = "none"
    size: float | None = None
    indent: tuple[int, ...] = ()  # body rows whose first cell is indented
    bold: tuple[int, ...] = ()  # rows set in bold (totals, group labels)
    width: str = "100%"
    col_widths: tuple[int, ...] = ()

    def grid(self) -> list[list[str]]:
        return Table([[_plain_cell(c) for c in row] for row in self.rows]).grid()


def _plain_cell(c: Cell | str) -> Cell | str:
    if isinstance(c, Cell):
        return Cell(plain(c.text), c.colspan, c.rowspan, c.header)
    return plain(c)


@dataclass
class MultiCol:
    """Flowing newspaper columns (a Writer section), read column after column."""

    blocks: list[Any]
    cols: int = 2


@dataclass
class Foot:
    """Where the footnotes of the page end up in reading order (renders nothing)."""

    numbers: tuple[int, ...]


@dataclass
class Break:
    """A page break before the next block."""


@dataclass
class Figure:
    """A vector chart (SVG, exported as paths): no text of its own."""

    bars: tuple[int, ...]


@dataclass
class UDoc:
    name: str
    kind: str
    font: str
    size: float
    blocks: list[Any]
    rtl: bool = False
    lang: str = "en"
    notes: str = ""
    header: str = ""
    footer: str = ""  # "#" is the page number field
    footnotes: dict[int, str] = field(default_factory=dict)
    landscape: bool = False


def _stable_html(t: STable, rtl: bool) -> str:
    line = "1px solid #000000"
    out = []
    last = len(t.rows) - 1
    for r, row in enumerate(t.rows):
        cells = []
        for c, cell in enumerate(row):
            cl = cell if isinstance(cell, Cell) else Cell(cell)
            tag = "th" if cl.header or r < t.header_rows else "td"
            css = []
            if t.rules in ("booktabs", "rows") and r == 0:
                css.append(f"border-top: {line}")
            if (t.rules == "booktabs" and r in (t.header_rows - 1, last)) or t.rules == "rows":
                css.append(f"border-bottom: {line}")
            if c == 0 and r in t.indent:
                css.append("padding-left: 0.5cm" if not rtl else "padding-right: 0.5cm")
            attrs = f' width="{t.col_widths[c]}%"' if r == 0 and c < len(t.col_widths) else ""
            attrs += f' colspan="{cl.colspan}"' if cl.colspan > 1 else ""
            attrs += f' rowspan="{cl.rowspan}"' if cl.rowspan > 1 else ""
            # Group headers centred over their columns; a number column's own header and its
            # numbers flush to the end side, as statistics offices set them.
            end = ' align="left"' if rtl else ' align="right"'
            if tag == "th" and cl.colspan > 1:
                attrs += ' align="center"'
            elif (tag == "th" and c > 0) or (_NUMERIC.match(cl.text) and c > 0):
                attrs += end
            else:
                attrs += ' align="right"' if rtl else ' align="left"'
            if css:
                attrs += f' style="{"; ".join(css)}"'
            body = rich(cl.text)
            if tag == "th" or r in t.bold:
                body = f"<b>{body}</b>"
            if t.size:
                body = f'<font style="font-size: {t.size}pt">{body}</font>'
            cells.append(f'<{tag}{attrs} valign="bottom">{body}</{tag}>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    border = 'border="1"' if t.rules == "grid" else 'border="0"'
    return f'<table width="{t.width}" {border} cellspacing="0" cellpadding="2">' + "\n".join(out) + "</table>"


def _bars_svg(bars: tuple[int, ...]) -> str:
    rects = "".join(
        f'<rect x="{20 + 40 * i}" y="{110 - b}" width="28" height="{b}" fill="#4a6fa5"/>'
        for i, b in enumerate(bars)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{40 * len(bars) + 30}" height="120">'
        f'<line x1="10" y1="110" x2="{40 * len(bars) + 20}" y2="110" stroke="black"/>{rects}</svg>'
    )


def block_html(b: Any, doc: UDoc, files: dict[str, str]) -> str:
    d = ' dir="rtl"' if doc.rtl else ""
    if isinstance(b, R):
        align = f' align="{b.align}"' if b.align else (' align="right"' if doc.rtl else "")
        body = f"<i>{rich(b.text)}</i>" if b.italic else rich(b.text)
        if b.size:
            body = f'<font style="font-size: {b.size}pt">{body}</font>'
        return f"<p{d}{align}>{body}</p>"
    if isinstance(b, STable):
        return _stable_html(b, doc.rtl)
    if isinstance(b, MultiCol):
        inner = "\n".join(block_html(x, doc, files) for x in b.blocks)
        return f'<multicol cols="{b.cols}" gutter="24">\n{inner}\n</multicol>'
    if isinstance(b, Foot):
        return ""
    if isinstance(b, Break):
        return '<p style="page-break-before: always; margin: 0; font-size: 2pt"></p>'
    if isinstance(b, Figure):
        name = f"{doc.name}-fig{len(files) + 1}.svg"
        files[name] = _bars_svg(b.bars)
        return f'<p align="center"><img src="{name}" width="{40 * len(b.bars) + 30}" height="120"></p>'
    return model.block_html(b, doc.rtl)


def page_parts(doc: UDoc, files: dict[str, str], block: Any = None) -> list[str]:
    """The page's HTML pieces in order: running header, blocks (drawn by ``block``, this
    module's block_html by default), running footer with its page number, footnotes."""
    block = block or block_html
    d = ' dir="rtl"' if doc.rtl else ""
    side = "left" if doc.rtl else "right"
    parts = []
    if doc.header:
        parts.append(
            f'<div title="header"><p{d} align="{side}">'
            f'<font size="1">{html.escape(doc.header)}</font></p></div>'
        )
    parts += [block(b, doc, files) for b in doc.blocks]
    if doc.footer:
        field_ = "<sdfield type=PAGE subtype=RANDOM format=PAGE>1</sdfield>"
        foot = html.escape(doc.footer).replace("#", field_)
        parts.append(f'<div title="footer"><p{d} align="center"><font size="1">{foot}</font></p></div>')
    for n, text in sorted(doc.footnotes.items()):
        parts.append(
            f'<div id="sdfootnote{n}"><p class="sdfootnote"><a class="sdfootnotesym" name="sdfootnote{n}sym" '
            f'href="#sdfootnote{n}anc">{n}</a>{html.escape(text)}</p></div>'
        )
    return parts


def to_html(doc: UDoc) -> tuple[str, dict[str, str]]:
    """The HTML and the side files (SVG figures) it refers to."""
    files: dict[str, str] = {}
    d = ' dir="rtl"' if doc.rtl else ""
    parts = page_parts(doc, files)
    page = "@page { size: 29.7cm 21cm; margin: 1.5cm }\n" if doc.landscape else "@page { margin: 2cm }\n"
    css = (
        f"{page}body, p, li, td, th {{ font-family: '{doc.font}'; font-size: {doc.size}pt; }}\n"
        f"h1, h2, h3, h4 {{ font-family: '{doc.font}'; }}\n"
    )
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{doc.lang}"{d}><head><meta charset="utf-8">'
        f"<title>{doc.name}</title><style>{css}</style></head>\n<body{d}>\n{body}\n</body></html>\n",
        files,
    )


def truth(doc: UDoc) -> dict[str, Any]:
    lines: list[str] = []
    headings: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    tables: list[list[list[str]]] = []
    placed: set[int] = set()

    def walk(blocks: list[Any]) -> None:
        for b in blocks:
            if isinstance(b, R):
                lines.append(plain(b.text))
            elif isinstance(b, STable):
                grid = b.grid()
                tables.append(grid)
                lines.extend(" ".join(c for c in row if c) for row in grid)
            elif isinstance(b, MultiCol):
                walk(b.blocks)
            elif isinstance(b, Foot):
                lines.extend(f"{n} {doc.footnotes[n]}" for n in b.numbers)
                placed.update(b.numbers)
            elif isinstance(b, Break | Figure):
                continue
            else:
                t = model.truth(model.Doc("x", "", "", 0, [b]))
                lines.append(t["text"])
                headings.extend(t["headings"])
                items.extend(t["items"])
                tables.extend(t["tables"])

    walk(doc.blocks)
    lines.extend(f"{n} {t}" for n, t in sorted(doc.footnotes.items()) if n not in placed)
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
