"""Hostile input (issue 6): every malformed or hostile upload is a 4xx problem with nothing
stored; hostile but valid uploads (scripts, attachments, hostile file names) are accepted
and handled safely; hostile metadata is refused.
"""

from __future__ import annotations

import json
import tempfile
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import BUCKET, TEST_ENV
from tests.factories import files, hostile, hostile_pdfs
from tests.helpers import assert_problem, document_count, submit, tenant_of, wait_done

CORPUS = hostile.corpus()


def s3_keys(tenant_id: uuid.UUID) -> list[str]:
    """Every object under the tenant's prefix, listed straight from the S3 server."""
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=TEST_ENV["PAGEMILL_STORAGE__ENDPOINT_URL"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    keys: list[str] = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=f"tenants/{tenant_id}/"):
        keys += [obj["Key"] for obj in page.get("Contents", [])]
    return keys


class UploadTmp:
    """The API's temp dir for one test, and the upload dirs the API made in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made: list[Path] = []


@pytest.fixture
def upload_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[UploadTmp]:
    # The API runs in this process (in a thread), so its temp files land here.
    seen = UploadTmp(tmp_path)
    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(*args: Any, **kwargs: Any) -> str:
        made = real_mkdtemp(*args, **kwargs)
        seen.made.append(Path(made))
        return made

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    yield seen


def multipart(
    filename: bytes | None, content: bytes, fields: dict[str, bytes] | None = None
) -> tuple[bytes, str]:
    """A multipart body written byte by byte, so file names and fields can hold any bytes."""
    boundary = b"pagemill-hostile-boundary"
    out = b""
    for name, value in (fields or {}).items():
        out += b"--" + boundary + b'\r\nContent-Disposition: form-data; name="' + name.encode() + b'"\r\n\r\n'
        out += value + b"\r\n"
    disposition = b'form-data; name="file"' + (
        b'; filename="' + filename + b'"' if filename is not None else b""
    )
    out += b"--" + boundary + b"\r\nContent-Disposition: " + disposition + b"\r\n"
    out += b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n--" + boundary + b"--\r\n"
    return out, f"multipart/form-data; boundary={boundary.decode()}"


def post_raw(client: httpx.Client, body: bytes, content_type: str) -> httpx.Response:
    return client.post("/v1/documents", content=body, headers={"content-type": content_type})


# --- the corpus -----------------------------------------------------------------------


def test_the_corpus_holds_forty_distinct_small_hostile_files():
    # given the corpus
    names = [case.name for case in CORPUS]
    # then it has at least 40 distinct files in many categories, each answered with a 4xx
    assert len(names) >= 40 and len(set(names)) == len(names)
    assert len({case.category for case in CORPUS}) >= 8
    assert all(400 <= case.status < 500 for case in CORPUS)
    # and every file is built the same way each time, and is small (bombs only declare)
    for case in CORPUS:
        data = case.data()
        assert data == case.data(), case.name
        assert len(data) < 1_200_000, (case.name, len(data))
    # and the PDF bomb really is one: 64 KB of its compressed stream expand a thousandfold
    bomb = next(c for c in CORPUS if c.name == "pdf-object-stream-flate-1gib").data()
    start = bomb.index(b"stream\n") + len(b"stream\n")
    inflater = zlib.decompressobj()
    assert len(inflater.decompress(bomb[start : start + 64 * 1024])) > 60_000_000


@pytest.mark.parametrize("case", CORPUS, ids=[case.name for case in CORPUS])
def test_hostile_file_is_refused_with_a_problem_and_nothing_is_stored(client, upload_tmp, case):
    # given a tenant with nothing stored
    tenant_id = tenant_of(client)
    # when it uploads a hostile file
    resp = submit(client, case.data(), f"{case.name}.pdf")
    # then the answer is a 4xx (never a 5xx) problem JSON saying what is wrong
    assert 400 <= resp.status_code < 500, (resp.status_code, resp.text)
    body = assert_problem(resp, case.status, case.code)
    assert body["type"] and body["title"] and body["detail"]
    # and nothing was stored: no object, no row, no temp file (the upload did go through one)
    assert s3_keys(tenant_id) == []
    assert document_count(tenant_id) == 0
    assert upload_tmp.made and all(d.parent == upload_tmp.root for d in upload_tmp.made)
    assert list(upload_tmp.root.iterdir()) == []


def test_the_api_stays_healthy_after_the_whole_corpus(client):
    # given the API has answered every hostile file
    statuses = {case.name: submit(client, case.data(), "x.pdf").status_code for case in CORPUS}
    assert all(400 <= status < 500 for status in statuses.values()), statuses
    # when it is asked whether it lives and given a normal PDF
    live = client.get("/livez")
    resp = submit(client, files.text_pdf(2), "normal.pdf", engine="null")
    # then it is alive and accepts the PDF
    assert live.status_code == 200
    assert resp.status_code == 202, resp.text
    assert resp.json()["pages"]["total"] == 2


# --- hostile but valid: accepted and handled safely ------------------------------------


def test_javascript_and_attachments_are_never_converted(client, worker):
    # given a PDF with an /OpenAction script and an embedded file
    pdf = hostile_pdfs.pdf_with_javascript_and_attachment()
    # when it is converted
    resp = submit(client, pdf, "report.pdf", engine="pdf-text", output_formats="markdown,text,json")
    assert resp.status_code == 202, resp.text
    doc = wait_done(client, resp.json()["id"])
    assert doc["status"] == "succeeded", doc
    # then its visible text is in every output, and neither the script nor the attachment
    for fmt in ("markdown", "text", "json"):
        out = client.get(f"/v1/documents/{doc['id']}/result", params={"format": fmt})
        assert out.status_code == 200, out.text
        assert hostile_pdfs.VISIBLE_MARKER in out.text, fmt
        assert hostile_pdfs.SCRIPT_MARKER not in out.text, fmt
        assert hostile_pdfs.ATTACHMENT_MARKER not in out.text, fmt


HOSTILE_NAMES = [
    # (case id, raw file name as sent, the name the API must echo)
    ("posix-traversal", b"../../etc/passwd", "passwd"),
    ("windows-traversal", b"..\\..\\x.pdf", "x.pdf"),
    ("absolute-posix", b"/etc/cron.d/evil.pdf", "evil.pdf"),
    ("absolute-windows", b"C:\\Windows\\System32\\evil.pdf", "evil.pdf"),
    ("unc-path", b"\\\\server\\share\\evil.pdf", "evil.pdf"),
    ("nul-byte", b"invoice\x00.pdf.exe", "invoice.pdf.exe"),
    ("control-characters", b"a\x01b\x07c\x1b[31md\x7f.pdf", "abc[31md.pdf"),
    ("non-utf8-bytes", b"caf\xe9\xff.pdf", "caf\ufffd\ufffd.pdf"),
    ("rtl-override", "invoice\u202efdp.exe".encode(), "invoicefdp.exe"),
    ("zero-width-and-bidi", "in\u200bvo\u2066ice.pdf".encode(), "invoice.pdf"),
    ("dot-dot-only", b"..", None),
    ("empty", b"", None),
    ("ten-kilobyte-name", b"n" * 10_240 + b".pdf", "n" * 251 + ".pdf"),
]


@pytest.mark.parametrize(("raw_name", "expected"), [pytest.param(*c[1:], id=c[0]) for c in HOSTILE_NAMES])
def test_hostile_file_name_is_accepted_sanitised_and_never_used_in_a_key(client, raw_name, expected):
    # given a tenant
    tenant_id = tenant_of(client)
    # when it uploads a normal PDF under a hostile file name
    body, ctype = multipart(raw_name, files.text_pdf(1), {"engine": b"null"})
    resp = post_raw(client, body, ctype)
    # then it is accepted
    assert resp.status_code == 202, resp.text
    doc = resp.json()
    # and the name echoed back is the sanitised last path component
    assert doc["filename"] == expected
    name = doc["filename"] or ""
    assert len(name) <= 255 and "/" not in name and "\\" not in name
    assert all(ch.isprintable() for ch in name)
    assert client.get(f"/v1/documents/{doc['id']}").json()["filename"] == expected
    # and the stored key is the document's own, with nothing of the client's name in it
    keys = s3_keys(tenant_id)
    assert f"tenants/{tenant_id}/documents/{doc['id']}/source" in keys
    assert all(k.startswith(f"tenants/{tenant_id}/documents/{doc['id']}/") for k in keys), keys
    assert not any(part in k for k in keys for part in ("passwd", "etc", "..", "evil", "invoice", "nnn"))


def test_a_line_break_in_a_file_name_is_a_problem_not_a_500(client):
    # given a file name that breaks the part's header in two
    body, ctype = multipart(b"a.pdf\r\nX-Evil: 1", files.text_pdf(1))
    # when it is uploaded
    resp = post_raw(client, body, ctype)
    # then the answer is a 4xx problem or an acceptance, never a server error
    assert resp.status_code < 500, resp.text
    if resp.status_code != 202:
        assert_problem(resp, resp.status_code)


def test_a_pdf_with_compressed_object_streams_is_accepted(client):
    # given a well-formed PDF whose structure lives in a compressed object stream
    pdf = hostile_pdfs.pdf_with_object_streams()
    # when it is uploaded
    resp = submit(client, pdf, "modern.pdf", engine="null")
    # then the bomb checks let it through
    assert resp.status_code == 202, resp.text
    assert resp.json()["pages"]["total"] == 1


@pytest.mark.parametrize(
    "mediabox",
    [b"[0 0 0 0]", b"[0 0 nan nan]", b"[0 0 1e9 1e9]", b"[612 792 0 0]"],
    ids=["zero", "nan", "exponent", "reversed-corners"],
)
def test_degenerate_page_box_is_read_as_pdfium_reads_it(client, mediabox):
    # given a page whose MediaBox is empty, not numbers, or written corner-last; pdfium
    # reads the first three as a default Letter page and the last as 612 x 792
    pdf = hostile_pdfs.one_page(mediabox)
    # when it is uploaded
    resp = submit(client, pdf, "box.pdf", engine="null")
    # then it is accepted as a one-page PDF: nothing unsafe is left for the worker
    assert resp.status_code == 202, resp.text
    assert resp.json()["pages"]["total"] == 1


# --- hostile metadata -------------------------------------------------------------------

BAD_METADATA = [
    # (case id, raw bytes of the metadata field, words the detail must contain)
    ("non-utf8-bytes", b'{"k": "caf\xe9"}', "UTF-8"),
    ("raw-control-character", b'{"k": "a\x07b"}', "valid JSON"),
    ("escaped-control-character", b'{"k": "a\\u001bb"}', "control characters"),
    ("escaped-c1-control", b'{"k": "a\\u0085b"}', "control characters"),
    ("control-character-in-a-key", b'{"a\\u0007": 1}', "control characters"),
    ("escaped-nul", b'{"k": "a\\u0000b"}', "NUL"),
    ("lone-surrogate", b'{"k": "\\ud800"}', "surrogate"),
    ("duplicate-keys", b'{"k": 1, "k": 2}', "duplicate key"),
    ("overflowing-number", b'{"k": 1e400}', "too large"),
    ("huge-integer", b'{"k": ' + b"9" * 400 + b"}", "2^53"),
    ("integer-past-2^53", b'{"k": 9007199254740993}', "2^53"),
    ("nan", b'{"k": NaN}', "NaN"),
    ("infinity", b'{"k": Infinity}', "Infinity"),
    ("negative-infinity", b'{"k": -Infinity}', "Infinity"),
    ("nested-17-levels", b'{"k": ' + b"[" * 16 + b"]" * 16 + b"}", "nested too deeply"),
    ("nested-2000-levels", b'{"k": ' + b"[" * 2000 + b"]" * 2000 + b"}", "nested too deeply"),
    ("not-an-object", b'"just a string"', "JSON object"),
]


@pytest.mark.parametrize(("raw", "words"), [pytest.param(*c[1:], id=c[0]) for c in BAD_METADATA])
def test_hostile_metadata_is_refused_before_anything_is_stored(client, raw, words):
    # given a tenant with nothing stored
    tenant_id = tenant_of(client)
    # when it uploads a normal PDF with hostile metadata
    body, ctype = multipart(b"a.pdf", files.text_pdf(1), {"metadata": raw, "engine": b"null"})
    resp = post_raw(client, body, ctype)
    # then the answer is a 422 problem naming the metadata
    problem = assert_problem(resp, 422, "invalid-input")
    assert "metadata" in problem["detail"] and words.lower() in problem["detail"].lower(), problem
    # and nothing was stored
    assert s3_keys(tenant_id) == [] and document_count(tenant_id) == 0


def test_metadata_within_the_rules_is_echoed_exactly(client):
    # given metadata at the edges of what is allowed: tabs and newlines, 16 levels,
    # the largest exact integer, unicode beyond the BMP
    metadata = {
        "note": "line one\nline\ttwo\r\n",
        "deep": json.loads("[" * 15 + "]" * 15),
        "max": 2**53 - 1,
        "min": -(2**53 - 1),
        "ratio": 0.1,
        "emoji": "\U0001f4c4 façade",
    }
    # when it is sent with a normal PDF
    resp = submit(client, files.text_pdf(1), "a.pdf", engine="null", metadata=json.dumps(metadata))
    # then it is accepted and echoed back as sent
    assert resp.status_code == 202, resp.text
    assert resp.json()["metadata"] == metadata
    assert client.get(f"/v1/documents/{resp.json()['id']}").json()["metadata"] == metadata
