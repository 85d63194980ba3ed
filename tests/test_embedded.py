"""The embedded default: no servers at all (SQLite, kombu's filesystem transport, a local
directory as object store), the same API and worker code, driven through the CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, _free_port
from tests.factories import files
from tests.helpers import wait_done
from tests.receiver import Receiver
from tests.test_e2e import assert_in_order

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


def test_convert_prints_the_sample_invoice_as_markdown(embedded_env):
    # given a fresh machine state (an empty data dir) and the shipped sample invoice
    # when `pagemill convert` runs with no servers configured
    out = pagemill(embedded_env, "convert", str(ROOT / "examples" / "invoice.pdf"), timeout=180)
    # then it prints the Markdown of all three pages, columns in reading order
    assert out.returncode == 0, out.stderr
    assert files.INVOICE_NUMBER in out.stdout and files.INVOICE_TOTAL in out.stdout
    assert_in_order(out.stdout, files.INVOICE_LEFT_COLUMN + files.INVOICE_RIGHT_COLUMN)
    assert "3/3 pages done" in out.stderr
    # and all its state is under the data dir
    data = Path(embedded_env["PAGEMILL_DATA_DIR"])
    assert (data / "pagemill.db").exists() and (data / "objects" / "tenants").is_dir()


def test_convert_of_a_bad_file_is_a_one_line_error(embedded_env, tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(files.plain_text())
    out = pagemill(embedded_env, "convert", str(bad), timeout=120)
    assert out.returncode == 1
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("pagemill: error: notes.pdf:") and "not a PDF, PNG, JPEG or TIFF" in last
    missing = pagemill(embedded_env, "convert", str(tmp_path / "nope.pdf"), timeout=60)
    assert (
        missing.returncode == 1
        and missing.stderr.strip() == f"pagemill: error: {tmp_path / 'nope.pdf'}: no such file"
    )


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
            # and the completion webhook arrives, signed, through the same embedded worker
            (got,) = receiver.wait_for(1, timeout=60)
            assert got.verify_error is None and got.event["data"]["id"] == doc["id"]
            assert got.event["type"] == "document.succeeded"
    finally:
        receiver.stop()
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(60)
