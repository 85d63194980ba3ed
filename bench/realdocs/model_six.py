"""Renderers of the sixth set (bench/realdocs/six; documents in content_six.py): the
blocks of model_five (FDoc, FTable, List, Grid, Flow, Field, Foot, P, H) written as
Typst markup and as ReportLab platypus flowables. HTML for wkhtmltopdf and ms for
groff -Tps | ps2pdf are model_five's and produce_five's renderers; the truth is
model_five.truth, so the conventions are the fifth set's (running headers, footers
and page numbers are not in the text; footnotes after the page's body; a spanned
cell's text top-left; checkbox glyphs and list markers are not in the text).
"""

# Typst markup is full of brackets and hashes: %-formatting keeps it readable.
# ruff: noqa: UP031

from __future__ import annotations

import json
from typing import Any

from bench.realdocs.model import Cell, H, P
from bench.realdocs.model_five import _FN, _NUMERIC, FDoc, Field, Flow, Foot, FTable, Grid, List, Raw

# ---------------------------------------------------------------- Typst


def _tstr(text: str) -> str:
    """A Typst string literal: no markup, so no smart quotes, dashes or emphasis."""
    return "#" + json.dumps(text, ensure_ascii=False)


def ty(text: str, doc: FDoc) -> str:
    """Inline Typst for a text: forced breaks and footnotes where the text has them."""
    out: list[str] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append(" #linebreak() ")
        pos = 0
        for m in _FN.finditer(line):
            if m.start() > pos:
                out.append(_tstr(line[pos : m.start()]))
            out.append("#footnote[%s]" % _tstr(doc.footnotes[int(m.group(1))]))
            pos = m.end()
        if pos < len(line):
            out.append(_tstr(line[pos:]))
    return "".join(out)


def _ty_table(t: FTable, doc: FDoc) -> str:
    ncols = len(t.grid()[0])
    widths = "(%s)" % ", ".join(f"{w}fr" for w in t.widths) if t.widths else str(ncols)
    args = [f"columns: {widths}", "inset: (x: 5pt, y: 3.5pt)"]
    args.append("align: (x, y) => if x == 0 { start } else { end }")
    if t.rules == "grid":
        args.append("stroke: 0.6pt + luma(40)")
    elif t.rules == "rows":
        args.append("stroke: (x, y) => (bottom: 0.5pt + luma(150))")
    elif t.rules == "booktabs":
        hr = t.header_rows
        args.append(
            "stroke: (x, y) => (top: if y == 0 { 1.2pt } else if y == %d { 0.6pt } else { none }, "
            "bottom: if y == %d { 1.2pt } else { none })" % (hr, len(t.rows) - 1)
        )
    else:  # zebra: shaded bands, no rules
        args.append("stroke: none")
        args.append(
            'fill: (x, y) => if y < %d { rgb("#dde3ea") } else if calc.even(y) { luma(242) }' % t.header_rows
        )
    cells: list[str] = []
    for r, row in enumerate(t.rows):
        rc: list[str] = []
        for cell in row:
            cl = cell if isinstance(cell, Cell) else Cell(cell)
            body = ty(cl.text, doc)
            if r < t.header_rows or r in t.bold:
                body = "#strong[%s]" % body
            if r in t.indent:
                body = "#h(10pt)" + body
            span = (f"colspan: {cl.colspan}, " if cl.colspan > 1 else "") + (
                f"rowspan: {cl.rowspan}, " if cl.rowspan > 1 else ""
            )
            if r < t.header_rows:
                span += "align: center, "
            rc.append("table.cell(%s)[%s]" % (span, body) if span else "[%s]" % body)
        cells.append(", ".join(rc))
    hr = t.header_rows
    # the header rows go into table.header, which repeats on the next page
    cells = ["table.header(%s)" % ", ".join(cells[:hr]), *cells[hr:]]
    cap = "#block(below: 4pt)[#strong[%s]]\n" % ty(t.caption, doc) if t.caption else ""
    return cap + "#table(%s,\n%s)" % (", ".join(args), ",\n".join(cells))


_BOX = "#box(width: 8pt, height: 8pt, stroke: 0.6pt, baseline: 1pt)[%s]#h(5pt)"
_CROSS = (
    "#place(line(start: (1pt, 1pt), end: (7pt, 7pt), stroke: 0.8pt))"
    "#place(line(start: (7pt, 1pt), end: (1pt, 7pt), stroke: 0.8pt))"
)


def _ty_list(lst: List, doc: FDoc) -> str:
    out: list[str] = []
    for it in lst.items:
        style = lst.styles[min(it.level, len(lst.styles) - 1)]
        pad = "  " * it.level
        if style == "box":
            box = _BOX % (_CROSS if it.checked else "")
            out.append("%s#block(above: 5pt)[%s%s]" % (pad, box, ty(it.text, doc)))
        elif style in ("1.", "a)", "i."):
            out.append("%s+ %s" % (pad, ty(it.text, doc)))
        else:
            out.append("%s- %s" % (pad, ty(it.text, doc)))
    return "\n".join(out)


def ty_block(b: Any, doc: FDoc) -> str:
    if isinstance(b, H):
        return "#heading(level: %d)[%s]" % (b.level, ty(b.text, doc))
    if isinstance(b, P):
        body = ty(b.text, doc)
        if b.bold:
            body = "#strong[%s]" % body
        if b.align in ("right", "center"):
            body = "#align(%s)[%s]" % ("end" if b.align == "right" else "center", body)
        return "#par[%s]" % body
    if isinstance(b, FTable):
        return _ty_table(b, doc)
    if isinstance(b, List):
        return _ty_list(b, doc)
    if isinstance(b, Grid):
        boxes = ", ".join("[%s]" % "\n".join(ty_block(x, doc) for x in box) for box in b.boxes)
        cols = ", ".join(["1fr"] * len(b.boxes))
        return "#grid(columns: (%s), gutter: 14pt, %s)" % (cols, boxes)
    if isinstance(b, Flow):
        inner = "\n\n".join(ty_block(x, doc) for x in b.blocks)
        return "#columns(%d, gutter: 0.7cm)[\n%s\n]" % (b.cols, inner)
    if isinstance(b, Field):
        return (
            "#block(above: 8pt)[%s #box(width: 1fr, stroke: (bottom: 0.6pt), inset: (bottom: 2pt))[%s]]"
            % (
                ty(b.label, doc),
                ty(b.value, doc),
            )
        )
    if isinstance(b, Foot):
        return ""
    if isinstance(b, Raw):
        return b.source
    raise TypeError(type(b))


def to_typst(doc: FDoc) -> str:
    head = "align(end, text(size: 7.5pt, fill: luma(80), %s))" % json.dumps(doc.header, ensure_ascii=False)
    foot = "none"
    if doc.footer:
        before, _, after = doc.footer.partition("#")
        foot = "context align(center, text(size: 7.5pt, fill: luma(80))[%s#counter(page).display()%s])" % (
            _tstr(before) if before else "",
            _tstr(after) if after else "",
        )
    d = ", dir: rtl" if doc.rtl else ""
    lines = [
        '#set page(paper: "a4", margin: (x: 2cm, y: 2.3cm), header: %s, footer: %s)'
        % (head if doc.header else "none", foot),
        '#set text(font: "%s", size: %gpt, lang: "%s"%s)' % (doc.font, doc.size, doc.lang, d),
        "#set par(justify: %s)" % ("true" if "justify" in doc.notes else "false"),
        '#set enum(numbering: "1.a)")',
        "#show heading: set block(above: 10pt, below: 6pt)",
        doc.preamble,
    ]
    lines += [ty_block(b, doc) for b in doc.blocks]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- ReportLab platypus


def _x(text: str) -> str:
    """Paragraph markup: escaped, footnote marks raised, forced breaks kept."""
    from xml.sax.saxutils import escape

    return _FN.sub(r"<super>\1</super>", escape(text)).replace("\n", "<br/>")


def _rl_table(t: FTable, doc: FDoc, styles: dict[str, Any]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    grid = t.grid()
    ncols = len(grid[0])
    bold = styles["cellb"]
    data: list[list[Any]] = []
    for r, row in enumerate(grid):
        st = bold if r < t.header_rows or r in t.bold else styles["cell"]
        if r < t.header_rows and t.rules == "zebra":
            st = styles["cellh"]  # white on the dark header band
        out = []
        for c, text in enumerate(row):
            # numbers right-aligned, words left, as report generators set them
            right = c > 0 and r >= t.header_rows and bool(_NUMERIC.match(text))
            s = (styles["cellbr"] if r in t.bold else styles["cellr"]) if right else st
            pre = "&nbsp;" * 4 if c == 0 and r in t.indent else ""
            out.append(Paragraph(pre + _x(text), s) if text else "")
        data.append(out)
    cmds: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2)]
    cmds.append(("BOTTOMPADDING", (0, 0), (-1, -1), 3))
    # spans: the truth grid keeps a spanned cell's text top-left, as SPAN wants it
    taken: set[tuple[int, int]] = set()
    for r, spec in enumerate(t.rows):
        c = 0
        for cell in spec:
            cl = cell if isinstance(cell, Cell) else Cell(cell)
            while (r, c) in taken:
                c += 1
            taken.update((r + dr, c + dc) for dr in range(cl.rowspan) for dc in range(cl.colspan))
            if cl.colspan > 1 or cl.rowspan > 1:
                cmds.append(("SPAN", (c, r), (c + cl.colspan - 1, r + cl.rowspan - 1)))
            c += cl.colspan
    if t.rules == "grid":
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#333333")))
    elif t.rules == "rows":
        cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")))
    elif t.rules == "booktabs":
        cmds += [("LINEABOVE", (0, 0), (-1, 0), 1.2, colors.black)]
        cmds += [("LINEBELOW", (0, t.header_rows - 1), (-1, t.header_rows - 1), 0.6, colors.black)]
        cmds += [("LINEBELOW", (0, -1), (-1, -1), 1.2, colors.black)]
    else:  # zebra, as invoice generators do: a shaded header and alternating bands
        cmds.append(("BACKGROUND", (0, 0), (-1, t.header_rows - 1), colors.HexColor("#2f4f6f")))
        cmds.append(
            ("ROWBACKGROUNDS", (0, t.header_rows), (-1, -1), [colors.white, colors.HexColor("#eef1f5")])
        )
    width = 17.0 * 28.35  # the text width: A4 less 2 cm margins
    cols = [width * w / 100 for w in t.widths] if t.widths else [width / ncols] * ncols
    table = Table(data, colWidths=cols, repeatRows=t.header_rows, style=TableStyle(cmds), hAlign="LEFT")
    return table


def _rl_list(items: list[Any], lst: List, level: int, styles: dict[str, Any]) -> Any:
    """A ListFlowable for the items at ``level`` (deeper items nest under the one before)."""
    from reportlab.platypus import ListFlowable, ListItem, Paragraph

    style = lst.styles[min(level, len(lst.styles) - 1)]
    kids: list[Any] = []
    i = 0
    while i < len(items):
        it = items[i]
        j = i + 1
        while j < len(items) and items[j].level > level:
            j += 1
        body: list[Any] = [Paragraph(_x(it.text), styles["body"])]
        if j > i + 1:
            body.append(_rl_list(items[i + 1 : j], lst, level + 1, styles))
        kids.append(ListItem(body))
        i = j
    kind = {"1.": "1", "a)": "a", "i.": "i"}.get(style, "bullet")
    extra: dict[str, Any] = {"start": style} if kind == "bullet" else {"bulletFormat": "%s" + style[-1]}
    return ListFlowable(kids, bulletType=kind, leftIndent=16, bulletFontSize=8, **extra)


def rl_block(b: Any, doc: FDoc, styles: dict[str, Any]) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, Paragraph, Spacer, Table, TableStyle

    if isinstance(b, H):
        return [Paragraph(_x(b.text), styles[f"h{b.level}"])]
    if isinstance(b, P):
        body = "<b>%s</b>" % _x(b.text) if b.bold else _x(b.text)
        st = {"right": "bodyr", "center": "bodyc"}.get(b.align or "", "body")
        return [Paragraph(body, styles[st])]
    if isinstance(b, FTable):
        cap = [Paragraph("<b>%s</b>" % _x(b.caption), styles["body"])] if b.caption else []
        return [*cap, _rl_table(b, doc, styles), Spacer(1, 8)]
    if isinstance(b, List):
        if lst_box(b):
            # checkbox glyphs from an embedded TrueType font, as form generators print them
            return [
                Paragraph(
                    '<font name="DejaVuSans">%s</font>&nbsp;&nbsp;%s'
                    % ("☒" if it.checked else "☐", _x(it.text)),
                    styles["body"],
                )
                for it in b.items
            ]
        return [_rl_list(b.items, b, 0, styles), Spacer(1, 4)]
    if isinstance(b, Grid):
        cells = [[x for blk in box for x in rl_block(blk, doc, styles)] for box in b.boxes]
        w = 17.0 * 28.35 / len(cells)
        style = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
        return [Table([cells], colWidths=[w] * len(cells), style=style, hAlign="LEFT"), Spacer(1, 6)]
    if isinstance(b, Field):
        style = TableStyle(
            [("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
        )
        row = [[Paragraph(_x(b.label), styles["body"]), Paragraph(_x(b.value), styles["body"])]]
        return [Table(row, colWidths=[4.5 * 28.35, 12.5 * 28.35], style=style, hAlign="LEFT")]
    if isinstance(b, Foot):
        out: list[Any] = [Spacer(1, 10), HRFlowable(width="30%", thickness=0.5, hAlign="LEFT")]
        return out + [Paragraph("%d %s" % (n, _x(doc.footnotes[n])), styles["small"]) for n in b.numbers]
    raise TypeError(type(b))


def lst_box(b: List) -> bool:
    return b.styles[0] == "box"


def rl_styles(doc: FDoc) -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    f, fb, s = doc.font, doc.font + "-Bold", doc.size
    body = ParagraphStyle("body", fontName=f, fontSize=s, leading=s * 1.3, spaceAfter=4)
    cell = ParagraphStyle("cell", parent=body, fontSize=s - 0.5, leading=(s - 0.5) * 1.2, spaceAfter=0)
    return {
        "body": body,
        "bodyr": ParagraphStyle("bodyr", parent=body, alignment=TA_RIGHT),
        "bodyc": ParagraphStyle("bodyc", parent=body, alignment=TA_CENTER),
        "small": ParagraphStyle("small", parent=body, fontSize=s - 2, leading=(s - 2) * 1.25, spaceAfter=1),
        "h1": ParagraphStyle("h1", parent=body, fontName=fb, fontSize=s + 7, leading=s + 10, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=body, fontName=fb, fontSize=s + 3, leading=s + 6, spaceBefore=6),
        "h3": ParagraphStyle("h3", parent=body, fontName=fb, fontSize=s + 1, leading=s + 4, spaceBefore=4),
        "cell": cell,
        "cellb": ParagraphStyle("cellb", parent=cell, fontName=fb),
        "cellr": ParagraphStyle("cellr", parent=cell, alignment=TA_RIGHT),
        "cellbr": ParagraphStyle("cellbr", parent=cell, fontName=fb, alignment=TA_RIGHT),
        "cellh": ParagraphStyle("cellh", parent=cell, fontName=fb, textColor=colors.white),
    }


def rl_pdf(doc: FDoc, path: str) -> None:
    """Platypus: a SimpleDocTemplate whose onPage callback draws the running header and
    footer, as report and invoice generators do."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import SimpleDocTemplate

    pdfmetrics.registerFont(TTFont("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))

    def furniture(canvas: Any, tmpl: Any) -> None:
        canvas.saveState()
        canvas.setFont(doc.font, 7.5)
        if doc.header:
            canvas.drawRightString(A4[0] - 2 * cm, A4[1] - 1.3 * cm, doc.header)
        if doc.footer:
            canvas.drawCentredString(
                A4[0] / 2, 1.2 * cm, doc.footer.replace("#", str(canvas.getPageNumber()))
            )
        canvas.restoreState()

    styles = rl_styles(doc)
    story = [x for b in doc.blocks for x in rl_block(b, doc, styles)]
    tmpl = SimpleDocTemplate(
        path,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2.2 * cm,
        bottomMargin=2 * cm,
        title=doc.name,
        author="bench/realdocs",
        invariant=1,
    )
    tmpl.build(story, onFirstPage=furniture, onLaterPages=furniture)
