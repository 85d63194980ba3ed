"""What the builders of the real-PDF sets share (bench/realdocs/ten/make_ten.py,
eleven/make_eleven.py, nine/make_nine.py): each source file read from a git dir at a
fixed commit, cut to the pages used, and its truth JSON written from the references in
the set's ref/ (``NAME.txt`` the text in reading order, ``NAME.tables.json`` the tables as
grids, ``NAME.items.json`` list items and checkbox options), which were written by hand
from the rendered pages."""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

# Where the cut pages of the sets whose PDFs stay out of git live (twentyfour on: pages
# taken from fetched repositories are data kept under shared/, never committed; the
# set's make_<set>.py rebuilds them there from the source repositories).
SHARED_REALDOCS = (
    Path(os.environ.get("PAGEMILL_EVAL_DIR", Path(__file__).resolve().parents[3] / "shared" / "eval")).parent
    / "realdocs"
)


def pdf_home(set_name: str) -> Path:
    """The folder that holds the cut PDFs of ``set_name`` when they are not committed."""
    return SHARED_REALDOCS / set_name


# name, repository, path, pages used (0-based), kind, language, right-to-left, notes
Doc = tuple[str, str, str, list[int], str, str, bool, str]


def cut(data: bytes, pages: list[int]) -> bytes:
    """The PDF ``data`` with only ``pages`` (0-based), or as it is when that is all of it."""
    src = pdfium.PdfDocument(data)
    if pages == list(range(len(src))):
        return data
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src, pages)
    buf = io.BytesIO()
    dst.save(buf)
    return buf.getvalue()


def git_file(git_dir: str, commit: str, path: str) -> bytes:
    """A file as it is at ``commit`` in the (bare) repository ``git_dir``."""
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], capture_output=True, check=True
    ).stdout


def ref_json(ref: Path, name: str, suffix: str) -> list[Any]:
    path = ref / f"{name}.{suffix}.json"
    return json.loads(path.read_text()) if path.exists() else []


def write_doc(out: Path, truth: dict[str, Any], pdf: bytes, pdf_out: Path | None = None) -> None:
    """A set's document: the PDF and its truth JSON, named after ``truth["name"]``; the PDF
    in ``pdf_out`` where given (a folder outside git, see bench/eval_real.py's REALDOCS_PDFS)."""
    name = truth["name"]
    pdf_dir = out if pdf_out is None else pdf_out
    pdf_dir.mkdir(parents=True, exist_ok=True)
    (pdf_dir / f"{name}.pdf").write_bytes(pdf)
    (out / f"{name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n")
    print(f"{name}: {len(truth['text'])} chars, {len(truth['tables'])} tables, {len(truth['items'])} items")


def build(
    out: Path, docs: list[Doc], commits: dict[str, str], args: list[str], pdf_out: Path | None = None
) -> None:
    """Write every document of a set whose sources are named ``owner/name=GIT_DIR`` in
    ``args``, read at ``commits``; the cut PDFs in ``pdf_out`` where given."""
    git_dirs = dict(a.split("=", 1) for a in args)
    ref = out / "ref"
    for name, repo, path, pages, kind, lang, rtl, notes in docs:
        commit = commits[repo]
        truth: dict[str, Any] = {
            "name": name,
            "kind": kind,
            "producer": "real-world (public test suite)",
            "lang": lang,
            "rtl": rtl,
            "notes": notes,
            "source": f"{repo}@{commit[:12]} {path}, pages {', '.join(str(p + 1) for p in pages)}",
            "text": (ref / f"{name}.txt").read_text(),
            "headings": [],
            "items": ref_json(ref, name, "items"),
            "tables": ref_json(ref, name, "tables"),
        }
        write_doc(out, truth, cut(git_file(git_dirs[repo], commit, path), pages), pdf_out)
