"""The int8 OCR models: derived offline from rapidocr's bundled models, vouched for by a
manifest, not trusted once stale or damaged, read like the fp32 models, and never a
reason for OCR to stop working."""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import onnx
import pytest
from rapidfuzz.distance import Levenshtein

from tests.conftest import ROOT
from tests.factories import files
from tests.helpers import NO_NETWORK
from worker.engines import ocr_models
from worker.engines.rapidocr import RapidOcr, bundled_models, int8_dot_product


@pytest.fixture(scope="module")
def derived(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Derived in a fresh interpreter whose audit hook refuses the network: everything it
    # needs (models, calibration pages) is on this machine. Two calibration pages, not
    # six, to keep the suite quick; the derivation is otherwise the production one.
    directory = tmp_path_factory.mktemp("ocr-int8")
    # a derivation killed midway left its work directory behind
    (directory / "ocr-int8-killed").mkdir()
    (directory / "ocr-int8-killed" / "det-int8.prepared.onnx").write_bytes(b"\0" * 1024)
    script = NO_NETWORK + (
        "from pathlib import Path\n"
        "from worker.engines import ocr_models\n"
        "from worker.engines.rapidocr import bundled_models\n"
        f"ocr_models.ensure(Path({str(directory)!r}), bundled_models(), pages=2)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return directory


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow  # the derived fixture quantises the OCR models: about 25 s
def test_the_models_are_derived_offline_and_the_manifest_vouches_for_them(derived: Path) -> None:
    # given the directory derived with the network blocked
    sources = bundled_models()
    manifest = json.loads((derived / ocr_models.MANIFEST).read_text())
    # then the manifest names the fp32 models they came from and the files it made
    assert manifest["sources"] == {k: sha256(sources[k]) for k in ("det", "rec")}
    assert manifest["calibration"]["pages"] == 2 and manifest["calibration"]["rec_inputs"] > 20
    assert ocr_models.installed(derived, sources) == {
        "det": derived / "det-int8.onnx",
        "rec": derived / "rec-int8.onnx",
    }
    # and the models hold their convolution weights as int8
    for name in ("det-int8.onnx", "rec-int8.onnx"):
        model = onnx.load(str(derived / name))
        int8_weights = [i for i in model.graph.initializer if i.data_type == onnx.TensorProto.INT8]
        assert len(int8_weights) > 40, name
        assert "DequantizeLinear" in {n.op_type for n in model.graph.node}
    # and no temporary files are left behind, not even a killed derivation's
    assert sorted(p.name for p in derived.iterdir()) == [
        ".lock",
        "det-int8.onnx",
        "manifest.json",
        "rec-int8.onnx",
    ]


@pytest.mark.slow  # the derived fixture quantises the OCR models: about 25 s
def test_int8_ocr_reads_a_scanned_invoice_as_the_fp32_models_do(derived: Path) -> None:
    # given the same scanned invoice page read with the int8 and the bundled fp32 models
    chosen, fp32 = RapidOcr(model_dir=derived), RapidOcr(precision="fp32")
    assert fp32.precision == "fp32" and fp32.models["det"] == bundled_models()["det"]
    if int8_dot_product():
        assert chosen.precision == "int8" and chosen.models["det"] == derived / "det-int8.onnx"
        int8 = chosen
    else:
        # A CPU without int8 dot-product instructions reads in fp32 whatever is installed;
        # the int8 models are read here as named files, to compare them all the same.
        assert chosen.precision == "fp32" and chosen.models["det"] == bundled_models()["det"]
        int8 = RapidOcr(det_model=str(derived / "det-int8.onnx"), rec_model=str(derived / "rec-int8.onnx"))
    image = files.scan_image(files.invoice_pdf(), 1)
    text8 = " ".join(ln.text for ln in int8.read(image))
    text32 = " ".join(ln.text for ln in fp32.read(image))
    # then the text is the same but for at most 1 % of its characters
    assert Levenshtein.normalized_distance(text8, text32) <= 0.01, (text8, text32)
    assert files.INVOICE_NUMBER in text8 and files.INVOICE_TOTAL in text8


@pytest.mark.slow  # the derived fixture quantises the OCR models: about 25 s
def test_damaged_or_stale_models_are_not_trusted(derived: Path, tmp_path: Path) -> None:
    sources = bundled_models()

    def copy() -> Path:
        target = tmp_path / f"copy{len(list(tmp_path.iterdir()))}"
        shutil.copytree(derived, target)
        return target

    # a model file cut short (a full disk, a killed copy)
    cut = copy()
    data = (cut / "rec-int8.onnx").read_bytes()
    (cut / "rec-int8.onnx").write_bytes(data[: len(data) // 2])
    # a manifest from another onnxruntime (the quantised graph is specific to it)
    other_runtime = copy()
    manifest = json.loads((other_runtime / ocr_models.MANIFEST).read_text())
    manifest["onnxruntime"] = "0.0.1"
    (other_runtime / ocr_models.MANIFEST).write_text(json.dumps(manifest))
    # models derived from other sources (rapidocr upgraded its bundled models)
    other_source = copy()
    manifest = json.loads((other_source / ocr_models.MANIFEST).read_text())
    manifest["sources"]["det"] = "0" * 64
    (other_source / ocr_models.MANIFEST).write_text(json.dumps(manifest))
    # no manifest at all (a crash before it was written), or one that is not an object
    unvouched = copy()
    (unvouched / ocr_models.MANIFEST).unlink()
    not_an_object = copy()
    (not_an_object / ocr_models.MANIFEST).write_text("[]")
    for directory in (cut, other_runtime, other_source, unvouched, not_an_object):
        assert ocr_models.installed(directory, sources) is None, directory
    # while an intact copy is trusted where it lies
    assert ocr_models.installed(copy(), sources) is not None


def test_where_the_models_cannot_be_made_ocr_reads_in_fp32_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a CPU with int8 dot-product instructions (as it says: on one without them,
    # nothing is derived at all), and a model directory that cannot be created (its
    # parent is a file)
    monkeypatch.setattr("worker.engines.rapidocr.int8_dot_product", lambda: True)
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    # when OCR asks for int8 there
    with caplog.at_level(logging.WARNING, logger="worker.engines.rapidocr"):
        ocr = RapidOcr(model_dir=blocker / "models")
    # then it runs the bundled fp32 models, reads a page, and the log says why
    assert ocr.precision == "fp32" and ocr.models["rec"] == bundled_models()["rec"]
    assert "OCR runs in fp32" in caplog.text
    text = " ".join(ln.text for ln in ocr.read(files.scan_image(files.invoice_pdf(), 1)))
    assert files.INVOICE_NUMBER in text


@pytest.mark.slow  # the derived fixture quantises the OCR models: about 25 s
def test_the_cli_reuses_derived_models_and_fails_in_one_line(derived: Path, tmp_path: Path) -> None:
    pagemill = str(Path(sys.executable).parent / "pagemill")
    before = {p.name: p.stat().st_mtime_ns for p in derived.iterdir()}
    # when the models are there already, they are listed, not derived again
    out = subprocess.run(
        [pagemill, "ocr-models", "--dir", str(derived)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        f"det: {derived / 'det-int8.onnx'}",
        f"rec: {derived / 'rec-int8.onnx'}",
    ]
    assert {p.name: p.stat().st_mtime_ns for p in derived.iterdir()} == before
    # and a directory that cannot be written is one line on stderr, exit 1
    (tmp_path / "file").write_text("")
    bad = subprocess.run(
        [pagemill, "ocr-models", "--dir", str(tmp_path / "file" / "models")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 1
    assert bad.stderr.startswith("pagemill: error: cannot write the int8 OCR models to ")
    assert len(bad.stderr.strip().splitlines()) == 1


def test_a_derivation_that_never_finishes_holds_others_up_only_until_the_deadline(tmp_path: Path) -> None:
    # given another process's lock on the directory (a separate open file: flock is per file)
    holder = (tmp_path / ".lock").open("a")
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        # when a worker waits for it with a one-second deadline
        started = time.monotonic()
        with (
            pytest.raises(TimeoutError, match="another process has been deriving"),
            ocr_models._locked(tmp_path, timeout=1.0),
        ):
            pass
        # then it gives up after about that long (and OCR would read in fp32)
        assert 1.0 <= time.monotonic() - started < 10
    finally:
        holder.close()
    # and once the holder is gone, the lock is free
    with ocr_models._locked(tmp_path, timeout=1.0):
        pass


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ("fpu sse2 avx2 fma", False),  # AVX2 only: int8 not measured there, fp32
        ("fpu avx2 avx512f avx512_vnni", True),
        ("fpu avx2 avx_vnni", True),
        ("fpu avx512f amx_int8 amx_tile", True),
    ],
)
def test_int8_is_used_only_on_cpus_with_int8_dot_products(flags: str, expected: bool) -> None:
    cpuinfo = (
        f"processor\t: 0\nmodel name\t: test\nflags\t\t: {flags}\n\nprocessor\t: 1\nflags\t\t: {flags}\n"
    )
    assert int8_dot_product(cpuinfo) is expected
    assert int8_dot_product("processor : 0\nFeatures : fp asimd asimddp\n") is True  # Arm
    assert int8_dot_product("") is False


def test_calibration_pages_are_the_same_on_every_run() -> None:
    a, b = ocr_models.calibration_pages(2), ocr_models.calibration_pages(2)
    assert [p.size for p in a] == [(1240, 1754)] * 2
    assert all(np.array_equal(np.asarray(x), np.asarray(y)) for x, y in zip(a, b, strict=True))
    # and they are document-like: mostly paper, with ink on them
    ink = float((np.asarray(a[0].convert("L")) < 128).mean())
    assert 0.01 < ink < 0.3
