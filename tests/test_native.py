"""Compiled code (setup.py) against its interpreted twin, and the stale guard.

Compiled by mypyc, a module's type annotations are enforced at run time and its
arithmetic runs on C doubles; _pdfium_words.c replaces textlayer.py's ctypes loop. The
output must not change for either. Real pages go through both, in separate processes,
and every span, block, line, word box and rendered format must come out the same.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from bench.corpus import corpus
from worker.engines import native

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "invoices"
# Real typeset manuals (TeX fonts, ligatures, hyphenation) where Debian installed them.
DEBIAN_MANUALS = [
    Path("/usr/share/doc/libtasn1-doc/libtasn1.pdf"),
    Path("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf"),
]


def _probe(mode: str, pdfs: list[Path]) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tests.native_probe", mode, *map(str, pdfs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout)


def test_given_this_install_then_the_hot_modules_run_compiled() -> None:
    # `make setup` / `pip install .` build them; a checkout whose sources changed after
    # the build would be "stale" (and conftest stops the run before this).
    assert native.states() == {name: "compiled" for name in (*native.COMPILED, *native.C_EXTENSIONS)}


def test_given_real_pages_when_laid_out_compiled_and_from_source_then_every_output_is_identical(
    tmp_path: Path,
) -> None:
    # given: the accuracy corpus (invoices, contracts with a two-column page, ruled
    # tables) and the real invoices next to the repository where they are present
    pdfs = []
    for doc in corpus(1):
        pdfs.append(tmp_path / f"{doc.name}.pdf")
        pdfs[-1].write_bytes(doc.pdf)
    pdfs += sorted(EVAL.glob("*.pdf")) if EVAL.is_dir() else []
    pdfs += [p for p in DEBIAN_MANUALS if p.is_file()]

    # when
    compiled = _probe("installed", pdfs)
    source = _probe("source", pdfs)

    # then
    assert set(compiled["states"].values()) == {"compiled"}
    assert set(source["states"].values()) == {"interpreted"}
    assert len(compiled["pages"]) >= 5
    for a, b in zip(compiled["pages"], source["pages"], strict=True):
        assert a == b, (a["pdf"], a["page"])


def test_given_a_source_edited_after_its_build_then_the_module_is_reported_stale(tmp_path: Path) -> None:
    # given: an extension and its source, as a build leaves them
    built = tmp_path / "layout.cpython-311-x86_64-linux-gnu.so"
    source = tmp_path / "layout.py"
    built.write_bytes(b"")
    source.write_text("")
    os.utime(built, (1_000_000, 1_000_000))
    os.utime(source, (1_000_000, 1_000_000))
    assert native.file_state(built) == "compiled"
    assert native.file_state(source) == "interpreted"

    # when: the source is edited a minute later
    os.utime(source, (1_000_060, 1_000_060))

    # then
    assert native.file_state(built) == "stale"


def test_given_the_build_files_then_they_name_the_modules_native_reports() -> None:
    # setup.py and the Makefile cannot import the package; their lists are kept by hand.
    tree = ast.parse((ROOT / "setup.py").read_text())
    compiled = next(
        ast.literal_eval(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "COMPILED" for t in node.targets)
    )
    built_from_c = re.findall(r'Extension\("([\w.]+)"', (ROOT / "setup.py").read_text())
    makefile = re.search(r"^NATIVE_SRC := (.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert makefile is not None

    def module(path: str) -> str:
        return path.rsplit(".", 1)[0].replace("/", ".")

    assert [module(p) for p in compiled] == list(native.COMPILED)
    assert built_from_c == list(native.C_EXTENSIONS)
    assert sorted(module(p) for p in makefile.group(1).split()) == sorted(
        (*native.COMPILED, *native.C_EXTENSIONS)
    )
