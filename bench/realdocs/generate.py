"""Generate the real-document corpus: HTML written here, converted to PDF by LibreOffice
headless (the way real producers make PDFs: its own shaping, bidi, list numbering and
table drawing), with exact ground truth JSON from the same data.

    .venv/bin/python bench/realdocs/generate.py [--set docs] [--set fresh] [--set check4]

Needs ``soffice`` (Debian libreoffice-writer-nogui) and fonts-noto-core,
fonts-dejavu-core, fonts-liberation2. The committed PDFs are what bench/eval_real.py
reads (CI has no LibreOffice). The content is deterministic; the PDFs differ between
runs only in LibreOffice's creation date and document ID.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.realdocs import (  # noqa: E402
    content_check4,
    content_forms,
    content_fresh,
    content_ltr,
    content_rtl,
    content_unseen,
)
from bench.realdocs import model_check4 as check4  # noqa: E402
from bench.realdocs import model_unseen as unseen  # noqa: E402
from bench.realdocs.model import Doc, to_html, truth  # noqa: E402

HERE = Path(__file__).resolve().parent
# Drawn checkboxes: LibreOffice exports an SVG image as vector paths, as a producer's
# form does with a drawn square (no glyph in the text layer).
BOX = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="11" height="11" viewBox="0 0 11 11">'
    '<rect x="0.5" y="0.5" width="10" height="10" fill="none" stroke="black" stroke-width="0.8"/>{}</svg>\n'
)
CROSS = '<path d="M2.5 2.5 L8.5 8.5 M8.5 2.5 L2.5 8.5" stroke="black" stroke-width="1.1"/>'


def all_docs() -> list[Doc]:
    return content_rtl.docs() + content_forms.lists() + content_forms.forms() + content_ltr.docs()


# "docs": the first set; "fresh": variants written after engines were tuned on the first;
# "unseen": report pages no engine was tuned on (model_unseen.py: footnotes, running heads);
# "check4": the final blind check, tuned on by nobody (model_check4.py: more rule styles).
SETS: dict[str, Callable[[], Sequence[Doc | unseen.UDoc]]] = {
    "docs": all_docs,
    "fresh": content_fresh.docs,
    "unseen": content_unseen.docs,
    "check4": content_check4.docs,
}


def render(d: Doc | unseen.UDoc) -> tuple[str, dict[str, str], dict[str, Any]]:
    """HTML, the side files it refers to, and the truth."""
    if isinstance(d, check4.CDoc):
        page, files = check4.to_html(d)
        return page, files, check4.truth(d)
    if isinstance(d, unseen.UDoc):
        page, files = unseen.to_html(d)
        return page, files, unseen.truth(d)
    return to_html(d), {}, truth(d)


def main() -> None:
    ap = argparse.ArgumentParser(description="Generate bench/realdocs/<set>/ with LibreOffice.")
    ap.add_argument("--set", choices=sorted(SETS), action="append", help="only these sets (default: all)")
    for name in ap.parse_args().set or sorted(SETS):
        generate(SETS[name](), HERE / name)


def generate(docs: Sequence[Doc | unseen.UDoc], out: Path) -> None:
    names = [d.name for d in docs]
    assert len(set(names)) == len(names), "document names must be unique"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="realdocs-") as tmp:
        work = Path(tmp)
        (work / "box.svg").write_text(BOX.format(""))
        (work / "box-x.svg").write_text(BOX.format(CROSS))
        rendered = {d.name: render(d) for d in docs}
        for name, (page, files, _) in rendered.items():
            (work / f"{name}.html").write_text(page, encoding="utf-8")
            for fname, body in files.items():
                (work / fname).write_text(body)
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            sys.exit("soffice not found: install libreoffice-writer-nogui")
        # "HTML (StarWriter)" imports as a Writer document (Writer/Web would add a blank
        # first page); a private profile so that a running LibreOffice is not disturbed.
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--infilter=HTML (StarWriter)",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                str(work),
                *[str(work / f"{n}.html") for n in names],
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        for old in out.glob("*"):
            old.unlink()
        for d in docs:
            shutil.copy(work / f"{d.name}.pdf", out / f"{d.name}.pdf")
            shutil.copy(work / f"{d.name}.html", out / f"{d.name}.html")
            page, files, t = rendered[d.name]
            (out / f"{d.name}.json").write_text(json.dumps(t, ensure_ascii=False, indent=1) + "\n")
            for fname in files:
                shutil.copy(work / fname, out / fname)
        for svg in ("box.svg", "box-x.svg"):
            shutil.copy(work / svg, out / svg)
    print(f"{len(docs)} documents in {out}")


if __name__ == "__main__":
    main()
