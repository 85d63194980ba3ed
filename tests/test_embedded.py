"""The embedded default: no servers at all (SQLite, kombu's filesystem transport, a local
directory as object store), the same API and worker code, driven through the CLI."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from importlib import metadata
from pathlib import Path

import httpx
import pypdfium2 as pdfium
import pytest

from common.core import engines
from tests.conftest import ROOT, _free_port
from tests.factories import files
from tests.helpers import assert_in_order, cli, wait_done
from tests.receiver import Receiver

PAGEMILL = [sys.executable, "-c", "from api.cli import main; main()"]


def pagemill(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the `pagemill` CLI as a user would, in a fresh process."""
    return subprocess.run(
        [*PAGEMILL, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def embedded_env(tmp_path: Path) -> dict[str, str]:
    # The operator's environment minus every server setting: only the data dir is given.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEMILL_")}
    env["PAGEMILL_DATA_DIR"] = str(tmp_path / "data")
    env["PAGEMILL_LOG_LEVEL"] = "WARNING"
    return env


@pytest.mark.slow  # a whole embedded run: about 10 s
def test_convert_prints_the_sample_invoice_as_markdown(embedded_env):
    # given a fresh machine state (an empty data dir) and the shipped sample invoice
    # when `pagemill convert` runs with no servers configured
    out = pagemill(embedded_env, "convert", str(ROOT / "examples" / "invoice.pdf"), timeout=180)
    # then it prints the Markdown of all three pages, columns in reading order
    assert out.returncode == 0, out.stderr
    assert files.INVOICE_NUMBER in out.stdout and files.INVOICE_TOTAL in out.stdout
    assert_in_order(out.stdout, files.INVOICE_LEFT_COLUMN + files.INVOICE_RIGHT_COLUMN)
    # and stderr says which engine read each page, and how long the document took
    assert "page 3/3 done (pdf-text)" in out.stderr
    summary = r"^converted 3 pages in \d+\.\d s \(pdf-text ×3\)$"  # noqa: RUF001
    assert re.search(summary, out.stderr, re.M), out.stderr
    assert "page 1/3" not in out.stdout
    # and all its state is under the data dir
    data = Path(embedded_env["PAGEMILL_DATA_DIR"])
    assert (data / "pagemill.db").exists() and (data / "objects" / "tenants").is_dir()


@pytest.mark.slow  # a whole embedded run: about 10 s
def test_convert_runs_pages_beyond_the_dispatch_window_on_sqlite(embedded_env):
    # given a dispatch window of one page, so that the invoice's pages 2 and 3 wait and the
    # worker's chain (claimed in the finishing transaction, here on SQLite) runs them
    embedded_env |= {"PAGEMILL_RELIABILITY__DISPATCH_WINDOW": "1"}
    # when `pagemill convert` runs the three-page sample invoice
    out = pagemill(embedded_env, "convert", str(ROOT / "examples" / "invoice.pdf"), timeout=180)
    # then every page is converted, and the Markdown is the same as under the default window
    assert out.returncode == 0, out.stderr
    assert re.search(r"^converted 3 pages in ", out.stderr, re.M), out.stderr
    assert files.INVOICE_NUMBER in out.stdout and files.INVOICE_TOTAL in out.stdout
    assert_in_order(out.stdout, files.INVOICE_LEFT_COLUMN + files.INVOICE_RIGHT_COLUMN)


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return path


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing", "pagemill: error: {tmp}/nope.pdf: no such file"),
        ("docx", "pagemill: error: report.docx: the file is a ZIP archive (e.g. DOCX/XLSX), not a PDF"),
        ("text named .pdf", "pagemill: error: notes.pdf: the file is text, not a PDF, PNG, JPEG or TIFF"),
        ("bad engine", "pagemill: error: Invalid value for '--engine': 'tesseract' is not one of 'auto', "),
        ("bad pages", "pagemill: error: --pages: 'two' is not a page or a range; use e.g. '1-3,7'"),
        ("model engine", "pagemill: error: --engine smoldocling: needs a worker of its own"),
    ],
)
def test_convert_refuses_what_it_cannot_convert_before_starting_anything(
    embedded_env, tmp_path, case, expected
):
    # given a file or an option the stack would refuse
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(files.text_pdf(1))
    (tmp_path / "notes.pdf").write_bytes(files.plain_text())
    args = {
        "missing": [str(tmp_path / "nope.pdf")],
        "docx": [str(_docx(tmp_path / "report.docx"))],
        "text named .pdf": [str(tmp_path / "notes.pdf")],
        "bad engine": [str(pdf), "--engine", "tesseract"],
        "bad pages": [str(pdf), "--pages", "two"],
        "model engine": [str(pdf), "--engine", "smoldocling"],
    }[case]
    # when `pagemill convert` is asked to convert it
    out = pagemill(embedded_env, "convert", *args)
    # then it fails with one line saying why
    assert out.returncode != 0 and out.stdout == ""
    assert len(out.stderr.splitlines()) == 1, out.stderr
    assert out.stderr.startswith(expected.format(tmp=tmp_path)), out.stderr
    # and the embedded stack never started: it would have made its data dir first
    assert not Path(embedded_env["PAGEMILL_DATA_DIR"]).exists()


def test_version_is_the_installed_package_version():
    code, out, _ = cli("--version")
    assert code == 0 and out == f"pagemill {metadata.version('pagemill')}\n"


def test_convert_help_lists_the_engines_and_formats():
    code, out, _ = cli("convert", "--help")
    assert code == 0
    for engine in engines.PUBLIC:
        assert re.search(rf"^\s+{re.escape(engine)}\s+\S", out, re.M), engine  # described in the epilog
    assert "[markdown|json|text|doctags|html|fields|tables]" in out and "|".join(engines.PUBLIC) in out


def _text_and_scan_pdf() -> bytes:
    """The invoice's first two pages as born-digital PDF, then its third page scanned."""
    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(files.invoice_pdf()), [0, 1])
    out.import_pages(pdfium.PdfDocument(files.scanned_invoice_pdf(pages=(3,))), [0])
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def test_convert_against_a_server_names_the_engine_that_read_each_page(api_url, api_key, worker, tmp_path):
    # given a running Pagemill and a PDF whose last page is a scan
    pdf = tmp_path / "mixed.pdf"
    pdf.write_bytes(_text_and_scan_pdf())
    # when it is converted through it with auto
    code, out, err = cli("convert", str(pdf), "--api-url", api_url, "--api-key", api_key, "--format", "text")
    # then the text comes out, and progress says the text layer read two pages and OCR one
    assert code == 0, err
    assert files.INVOICE_NUMBER in out and "page 1/3" not in out
    assert "page 1/3 done (pdf-text)" in err and "page 3/3 done (rapidocr)" in err
    summary = r"^converted 3 pages in \d+\.\d s \(pdf-text ×2, rapidocr ×1\)$"  # noqa: RUF001
    assert re.search(summary, err, re.M), err


@pytest.mark.slow  # `pagemill up` and its workers: about 40 s
def test_up_serves_the_api_and_cli_keys_work_against_sqlite(embedded_env):
    # given `pagemill up` on a free port, allowed to send webhooks to this machine
    embedded_env |= {"PAGEMILL_WEBHOOKS__ALLOW_HTTP": "true", "PAGEMILL_WEBHOOKS__ALLOWLIST": "127.0.0.1/32"}
    receiver = Receiver().start()
    port = _free_port()
    proc = subprocess.Popen(
        [*PAGEMILL, "up", "--port", str(port)],
        env=embedded_env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and proc.poll() is None, "pagemill up did not become ready"
            time.sleep(0.2)
        assert httpx.get(f"{base}/livez").json() == {"status": "ok"}
        # when a tenant and a key are made with the CLI against the same SQLite database
        made = pagemill(embedded_env, "tenants", "create", "acme", timeout=60)
        assert made.returncode == 0, made.stderr
        key = pagemill(embedded_env, "keys", "create", "--tenant", "acme", timeout=60).stdout.strip()
        assert key.startswith("pm_")
        dup = pagemill(embedded_env, "tenants", "create", "acme", timeout=60)
        assert dup.returncode == 1 and dup.stderr.strip() == "pagemill: error: tenant 'acme' already exists"
        # then that key submits over HTTP, the embedded worker converts, and the result streams back
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=30) as c:
            hook = c.put("/v1/webhook-endpoint", json={"url": receiver.url})
            assert hook.status_code == 201, hook.text
            receiver.secrets.append(hook.json()["secret"])
            resp = c.post(
                "/v1/documents",
                files={"file": ("inv.pdf", files.invoice_pdf())},
                data={"output_formats": "markdown,text"},
            )
            assert resp.status_code == 202, resp.text
            doc = wait_done(c, resp.json()["id"], timeout=120)
            assert doc["status"] == "succeeded"
            md = c.get(f"/v1/documents/{doc['id']}/result").text
            assert_in_order(md, files.INVOICE_LEFT_COLUMN + files.INVOICE_RIGHT_COLUMN)
            # and the review page and a page's drawing are served by the embedded API too
            assert "text/html" in httpx.get(f"{base}/ui").headers["content-type"]
            image = c.get(f"/v1/documents/{doc['id']}/pages/1/image", params={"width": 300})
            assert image.status_code == 200 and image.content.startswith(b"\x89PNG"), image.text
            # and the completion webhook arrives, signed, through the same embedded worker
            (got,) = receiver.wait_for(1, timeout=60)
            assert got.verify_error is None and got.event["data"]["id"] == doc["id"]
            assert got.event["type"] == "document.succeeded"
    finally:
        receiver.stop()
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(60)
