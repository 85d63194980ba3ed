"""Produce the sixth set (bench/realdocs/six) with producers used by no earlier set:
ReportLab platypus, Typst (the `typst` Python binding), wkhtmltopdf (Qt WebKit) and
groff -Tps piped through Ghostscript's ps2pdf. The truth comes from the same blocks
(model_five.truth).

    .venv/bin/python bench/realdocs/produce_six.py

Needs reportlab and typst in the venv, Debian's wkhtmltopdf, ghostscript and groff,
and fonts-liberation2, fonts-dejavu-core, fonts-noto-core. The committed PDFs are what
bench/eval_real.py reads.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.realdocs import content_six, content_six_more  # noqa: E402
from bench.realdocs.model_five import FDoc, to_html, truth  # noqa: E402
from bench.realdocs.model_six import rl_pdf, to_typst  # noqa: E402
from bench.realdocs.produce_five import to_roff  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "six"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1764892800"}


def wkhtml(doc: FDoc, work: Path) -> None:
    """wkhtmltopdf prints the running header and footer itself ([page] is the number)."""
    cmd = ["wkhtmltopdf", "--quiet", "--enable-local-file-access", "-s", "A4", "-T", "22mm", "-B", "20mm"]
    cmd += [
        "-L",
        "20mm",
        "-R",
        "20mm",
        "--disable-smart-shrinking",
        "--header-font-name",
        doc.font,
        "--footer-font-name",
        doc.font,
    ]
    if doc.header:
        cmd += ["--header-right", doc.header, "--header-font-size", "7"]
    if doc.footer:
        cmd += ["--footer-center", doc.footer.replace("#", "[page]"), "--footer-font-size", "7"]
    cmd += [f"{doc.name}.html", f"{doc.name}.pdf"]
    subprocess.run(cmd, cwd=work, env=ENV, check=True, timeout=120, capture_output=True)


def main() -> None:
    import typst

    docs = content_six.docs() + content_six_more.docs()
    names = [d.name for d in docs]
    assert len(set(names)) == len(names), "document names must be unique"
    only = set(sys.argv[1:])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="six-") as tmp:
        work = Path(tmp)
        sources: dict[str, str] = {}
        for d in docs:
            if only and d.name not in only:
                continue
            pdf = work / f"{d.name}.pdf"
            if d.producer == "reportlab":
                sources[d.name] = ""  # the content module is the source
                rl_pdf(d, str(pdf))
            elif d.producer == "typst":
                sources[d.name] = f"{d.name}.typ"
                (work / sources[d.name]).write_text(to_typst(d), encoding="utf-8")
                typst.compile(str(work / sources[d.name]), output=str(pdf))
            elif d.producer == "wkhtmltopdf":
                sources[d.name] = f"{d.name}.html"
                (work / sources[d.name]).write_text(to_html(d), encoding="utf-8")
                wkhtml(d, work)
            else:  # groff's PostScript, distilled by Ghostscript
                sources[d.name] = f"{d.name}.ms"
                (work / sources[d.name]).write_text(to_roff(d), encoding="utf-8")
                with open(work / f"{d.name}.ps", "wb") as ps:
                    cmd = ["groff", "-Tps", "-ms", "-t", "-ww", sources[d.name]]
                    subprocess.run(cmd, cwd=work, env=ENV, stdout=ps, check=True, timeout=120)
                cmd = ["ps2pdf", "-dPDFSETTINGS=/prepress", f"{d.name}.ps", pdf.name]
                subprocess.run(cmd, cwd=work, env=ENV, check=True, timeout=120)
        for d in docs:
            if d.name not in sources:
                continue
            shutil.copy(work / f"{d.name}.pdf", OUT / f"{d.name}.pdf")
            if sources[d.name]:
                shutil.copy(work / sources[d.name], OUT / sources[d.name])
            (OUT / f"{d.name}.json").write_text(json.dumps(truth(d), ensure_ascii=False, indent=1) + "\n")
    print(f"{len(sources)} documents in {OUT}")


if __name__ == "__main__":
    main()
