"""Produce the fifth set (bench/realdocs/five) with producers other than LibreOffice:
Chromium's print to PDF through Playwright (HTML+CSS, header/footer templates),
pdflatex (LaTeX source) and groff's gropdf (ms macros, tbl). The truth comes from the
same blocks (model_five.truth).

    .venv/bin/python bench/realdocs/produce_five.py

Needs Debian's chromium, texlive-latex-base, texlive-latex-recommended, lmodern, groff
and fonts-noto-core, fonts-dejavu-core, fonts-liberation2. The committed PDFs are what
bench/eval_real.py reads. SOURCE_DATE_EPOCH fixes pdflatex's dates; Chromium stamps
its own creation date.
"""

# LaTeX source is full of braces: %-formatting keeps it readable; the comments name the
# typographic characters that producers print.
# ruff: noqa: UP031, RUF003

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.realdocs import content_five, content_five_tex  # noqa: E402
from bench.realdocs.model import Cell, H, P  # noqa: E402
from bench.realdocs.model_five import _FN, FDoc, Flow, Foot, FTable, List, Raw, templates, to_html, truth  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "five"

# ---------------------------------------------------------------- LaTeX

_TEX_ESC = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}"}


def tex(text: str, doc: FDoc) -> str:
    assert "'" not in text and '"' not in text and "--" not in text, text  # T1 would curl or ligate them
    s = "".join(_TEX_ESC.get(ch, ch) for ch in text)
    return _FN.sub(lambda m: r"\footnote{" + tex(doc.footnotes[int(m.group(1))], doc) + "}", s)


def _spots(t: FTable) -> list[dict[int, Cell]]:
    """Each row's cells by their first grid column (cells spanned from above take room)."""
    taken: set[tuple[int, int]] = set()
    out: list[dict[int, Cell]] = []
    for r, row in enumerate(t.rows):
        c, spots = 0, {}
        for cell in row:
            cl = cell if isinstance(cell, Cell) else Cell(cell)
            while (r, c) in taken:
                c += 1
            spots[c] = cl
            taken.update((r + dr, c + dc) for dr in range(cl.rowspan) for dc in range(cl.colspan))
            c += cl.colspan
        out.append(spots)
    return out


def _tex_table(t: FTable, doc: FDoc) -> str:
    """A tabular: booktabs rules (cmidrules under group headers) or a full grid; a
    row-spanned cell's text in its top row (the grid the truth has), as authors do
    without multirow."""
    ncols = len(t.grid()[0])
    ruled = t.rules == "grid"
    bar = "|" if ruled else ""
    spec = bar + bar.join("l" if c == 0 else "r" for c in range(ncols)) + bar
    lines = [r"\begin{center}\small"]
    if t.caption:
        lines.append(tex(t.caption, doc) + r"\\[3pt]")
    lines.append(r"\begin{tabular}{" + spec + "}")
    lines.append(r"\toprule" if t.rules == "booktabs" else r"\hline" if ruled else "")
    for r, spots in enumerate(_spots(t)):
        cells, rules, c = [], [], 0
        while c < ncols:
            cl = spots.get(c)
            if cl is None:
                cells.append("")
                c += 1
                continue
            body = tex(cl.text, doc)
            if body and (r < t.header_rows or r in t.bold):
                body = r"\textbf{" + body + "}"
            if cl.colspan > 1:
                body = r"\multicolumn{%d}{%s}{%s}" % (
                    cl.colspan,
                    ("|c|" if c == 0 else "c|") if ruled else "c",
                    body,
                )
                if t.rules == "booktabs":
                    rules.append(r"\cmidrule(lr){%d-%d}" % (c + 1, c + cl.colspan))
            elif c == 0 and r in t.indent:
                body = r"\quad " + body
            cells.append(body)
            c += cl.colspan
        end = r" \\"
        if t.rules == "booktabs" and r == t.header_rows - 1:
            end += r" \midrule"
        elif ruled:
            end += r" \hline"
        lines.append(" & ".join(cells) + end + (" " + " ".join(rules) if rules else ""))
    lines.append(r"\bottomrule" if t.rules == "booktabs" else "")
    lines.append(r"\end{tabular}\end{center}")
    return "\n".join(lines)


_ENV = {"1.": "enumerate", "a)": "enumerate", "i.": "enumerate"}


def _tex_list(lst: List, doc: FDoc) -> str:
    out: list[str] = []
    stack: list[str] = []
    for it in lst.items:
        while len(stack) <= it.level:
            env = _ENV.get(lst.styles[min(len(stack), len(lst.styles) - 1)], "itemize")
            out.append(r"\begin{%s}" % env)
            stack.append(env)
        while len(stack) > it.level + 1:
            out.append(r"\end{%s}" % stack.pop())
        out.append(r"\item " + tex(it.text, doc))
    out += [r"\end{%s}" % env for env in reversed(stack)]
    return "\n".join(out)


def tex_block(b: Any, doc: FDoc) -> str:
    if isinstance(b, H):
        cmd = {1: "section*", 2: "subsection*", 3: "subsubsection*"}[b.level]
        num, _, rest = b.text.partition(" ")
        title = num + r"\quad " + tex(rest, doc) if re.fullmatch(r"[\d.]+", num) else tex(b.text, doc)
        return "\\%s{%s}" % (cmd, title)
    if isinstance(b, P):
        body = r"\textbf{" + tex(b.text, doc) + "}" if b.bold else tex(b.text, doc)
        return body.replace("\n", r"\\" + "\n") + "\n"
    if isinstance(b, FTable):
        return _tex_table(b, doc)
    if isinstance(b, List):
        return _tex_list(b, doc)
    if isinstance(b, Flow):
        inner = "\n\n".join(tex_block(x, doc) for x in b.blocks)
        return "\\begin{multicols}{%d}\n%s\n\\end{multicols}" % (b.cols, inner)
    if isinstance(b, Raw):
        return b.source
    if isinstance(b, Foot):
        return ""
    raise TypeError(type(b))


def to_tex(doc: FDoc) -> str:
    body = "\n\n".join(tex_block(b, doc) for b in doc.blocks)
    return f"{doc.preamble}\n\\begin{{document}}\n{body}\n\\end{{document}}\n"


# ---------------------------------------------------------------- groff ms


def roff(text: str) -> str:
    assert "-" not in text and "'" not in text and "\\" not in text, text  # gropdf would make them ‐ ’
    return "\n".join(("\\&" + ln if ln[:1] in ".'" else ln) for ln in text.split("\n"))


def roff_block(b: Any, doc: FDoc) -> str:
    if isinstance(b, H):
        return f".SH\n{roff(b.text)}"
    if isinstance(b, P):
        body = roff(b.text).replace("\n", "\n.br\n")
        return (".LP\n.B\n" if b.bold else ".PP\n") + body
    if isinstance(b, List):
        out = []
        for i, it in enumerate(b.items, 1):
            mark = {"1.": f"{i}.", "a)": f"{chr(96 + i)})"}.get(b.styles[0], "\\(bu")
            out.append(f".IP {mark} 4\n{roff(it.text)}")
        return "\n".join(out)
    if isinstance(b, FTable):
        grid = b.grid()
        ncols = len(grid[0])
        fmt = []
        for r, row in enumerate(b.rows):
            f, c = [], 0
            for cell in row:
                cl = cell if isinstance(cell, Cell) else Cell(cell)
                f.append(("cb" if r < b.header_rows else "l" if c == 0 else "r") + " s" * (cl.colspan - 1))
                c += cl.colspan
            fmt.append(" ".join(f) + " l" * (ncols - c))
        opts = "allbox" if b.rules == "grid" else "box" if b.rules == "booktabs" else ""
        lines = [".TS", f"{opts} tab(@);".strip(), *fmt[:-1], fmt[-1] + "."]
        for row in b.rows:
            lines.append("@".join(roff(c.text if isinstance(c, Cell) else c) for c in row))
        lines.append(".TE")
        cap = [f".LP\n.B\n{roff(b.caption)}"] if b.caption else []
        return "\n".join([*cap, *lines])
    if isinstance(b, Raw):
        return b.source
    raise TypeError(type(b))


def to_roff(doc: FDoc) -> str:
    return doc.preamble + "\n" + "\n".join(roff_block(b, doc) for b in doc.blocks) + "\n"


# ---------------------------------------------------------------- producers


def chromium_pdfs(docs: list[FDoc], work: Path) -> None:
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium")
    if exe is None:
        sys.exit("chromium not found: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, headless=True)
        page = browser.new_page()
        for d in docs:
            page.goto((work / f"{d.name}.html").as_uri())
            head, foot = templates(d)
            page.pdf(
                path=str(work / f"{d.name}.pdf"),
                prefer_css_page_size=True,
                print_background=True,
                display_header_footer=bool(d.header or d.footer),
                header_template=head,
                footer_template=foot,
            )
        browser.close()


def main() -> None:
    docs = content_five.docs() + content_five_tex.docs()
    names = [d.name for d in docs]
    assert len(set(names)) == len(names), "document names must be unique"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764892800", "FORCE_SOURCE_DATE": "1"}
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="five-") as tmp:
        work = Path(tmp)
        sources: dict[str, str] = {}
        for d in docs:
            if d.producer == "chromium":
                sources[d.name] = f"{d.name}.html"
                (work / sources[d.name]).write_text(to_html(d), encoding="utf-8")
            elif d.producer == "pdflatex":
                sources[d.name] = f"{d.name}.tex"
                (work / sources[d.name]).write_text(to_tex(d), encoding="utf-8")
                cmd = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", sources[d.name]]
                done = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, timeout=120)
                if done.returncode:
                    sys.exit(f"pdflatex failed on {d.name}:\n{done.stdout[-3000:]}")
            else:
                sources[d.name] = f"{d.name}.ms"
                (work / sources[d.name]).write_text(to_roff(d), encoding="utf-8")
                with open(work / f"{d.name}.pdf", "wb") as pdf:
                    cmd = ["groff", "-Tpdf", "-ms", "-t", "-ww", sources[d.name]]
                    subprocess.run(cmd, cwd=work, env=env, stdout=pdf, check=True, timeout=120)
        chromium_pdfs([d for d in docs if d.producer == "chromium"], work)
        for old in OUT.glob("*"):
            old.unlink()
        for d in docs:
            shutil.copy(work / f"{d.name}.pdf", OUT / f"{d.name}.pdf")
            shutil.copy(work / sources[d.name], OUT / sources[d.name])
            (OUT / f"{d.name}.json").write_text(json.dumps(truth(d), ensure_ascii=False, indent=1) + "\n")
    print(f"{len(docs)} documents in {OUT}")


if __name__ == "__main__":
    main()
