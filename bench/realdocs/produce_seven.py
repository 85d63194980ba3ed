"""Produce the seventh set (bench/realdocs/seven), built once as a final check after
the six earlier sets were tuned on: ReportLab platypus and Typst (model_six.py),
wkhtmltopdf (produce_six.wkhtml) and pdflatex (produce_five.to_tex). The truth comes
from the same blocks (model_five.truth).

    .venv/bin/python bench/realdocs/produce_seven.py

Needs reportlab and typst in the venv, Debian's wkhtmltopdf and texlive, and
fonts-liberation2, fonts-dejavu-core, fonts-noto-core. The committed PDFs are what
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

from bench.realdocs import content_seven, content_seven_more  # noqa: E402
from bench.realdocs.model_five import to_html, truth  # noqa: E402
from bench.realdocs.model_six import rl_pdf, to_typst  # noqa: E402
from bench.realdocs.produce_five import to_tex  # noqa: E402
from bench.realdocs.produce_six import wkhtml  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "seven"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1764892800", "FORCE_SOURCE_DATE": "1"}


def main() -> None:
    import typst

    docs = content_seven.docs() + content_seven_more.docs()
    names = [d.name for d in docs]
    assert len(set(names)) == len(names), "document names must be unique"
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="seven-") as tmp:
        work = Path(tmp)
        sources: dict[str, str] = {}
        for d in docs:
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
            else:
                sources[d.name] = f"{d.name}.tex"
                (work / sources[d.name]).write_text(to_tex(d), encoding="utf-8")
                cmd = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", sources[d.name]]
                done = subprocess.run(cmd, cwd=work, env=ENV, capture_output=True, text=True, timeout=120)
                if done.returncode:
                    sys.exit(f"pdflatex failed on {d.name}:\n{done.stdout[-3000:]}")
        for d in docs:
            shutil.copy(work / f"{d.name}.pdf", OUT / f"{d.name}.pdf")
            if sources[d.name]:
                shutil.copy(work / sources[d.name], OUT / sources[d.name])
            (OUT / f"{d.name}.json").write_text(json.dumps(truth(d), ensure_ascii=False, indent=1) + "\n")
    print(f"{len(sources)} documents in {OUT}")


if __name__ == "__main__":
    main()
