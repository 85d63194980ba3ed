"""Bad uploads: each gets a 4xx problem JSON that says what is wrong, and nothing is stored."""

from __future__ import annotations

import pytest

from tests.factories import files
from tests.helpers import assert_problem, document_count, stored_keys, submit, tenant_of

BAD_UPLOADS = [
    # (case id, bytes, client file name, status, problem code, words the detail must contain)
    ("empty", lambda: b"", "empty.pdf", 422, "empty-document", "0 bytes"),
    ("truncated-pdf", files.truncated_pdf, "cut.pdf", 422, "unreadable-document", "truncated"),
    ("corrupt-pdf", files.corrupt_pdf, "bad.pdf", 422, "unreadable-document", "PDF"),
    ("encrypted-pdf", files.encrypted_pdf, "locked.pdf", 422, "encrypted-document", "password"),
    ("zero-page-pdf", files.empty_pdf_no_pages, "none.pdf", 422, None, "PDF"),
    (
        "png-named-pdf-is-fine-but-html-named-pdf-is-not",
        files.html_named_pdf,
        "page.pdf",
        415,
        "unsupported-media-type",
        "HTML",
    ),
    ("text-file", files.plain_text, "notes.pdf", 415, "unsupported-media-type", "text"),
    ("zip", files.zip_bytes, "archive.pdf", 415, "unsupported-media-type", "ZIP"),
    ("gif", files.gif, "image.gif", 415, "unsupported-media-type", "GIF"),
    (
        "oversize",
        lambda: b"%PDF-1.7\n" + b"0" * (6 * 1024 * 1024),
        "big.pdf",
        413,
        "payload-too-large",
        "limit",
    ),
    ("over-page-limit", lambda: files.text_pdf(2001), "long.pdf", 422, "too-many-pages", "2001"),
    (
        "tiff-broken-frame",
        files.tiff_with_broken_frame,
        "scan.tif",
        422,
        "unreadable-document",
        f"frame {files.TIFF_BROKEN_FRAME_INDEX + 1}",
    ),
    ("truncated-png", files.truncated_png, "scan.png", 422, "unreadable-document", "PNG"),
    ("png-bomb", files.png_bomb, "bomb.png", 422, "image-too-large", "pixels"),
]


@pytest.mark.parametrize(
    ("content", "filename", "status", "code", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in BAD_UPLOADS],
)
def test_bad_upload_is_refused_with_a_problem_and_nothing_is_stored(
    client, content, filename, status, code, words
):
    # given a tenant with nothing stored
    tenant_id = tenant_of(client)
    # when it uploads a bad file
    resp = submit(client, content(), filename)
    # then the answer is a problem JSON naming what is wrong
    body = assert_problem(resp, status, code)
    assert words.lower() in body["detail"].lower(), body["detail"]
    # and nothing was written to object storage or the database
    assert stored_keys(f"tenants/{tenant_id}/") == []
    assert document_count(tenant_id) == 0


def test_png_named_pdf_is_accepted_as_png(client, worker):
    # given a PNG whose name says PDF: the type comes from the bytes, not the name
    resp = submit(client, files.png(), "invoice.pdf", engine="null")
    # then it is accepted as an image with one page
    assert resp.status_code == 202, resp.text
    assert resp.json()["media_type"] == "image/png"
    assert resp.json()["pages"]["total"] == 1


def test_multipage_tiff_has_one_page_per_frame(client):
    resp = submit(client, files.multipage_tiff(frames=4), "scan.tiff", engine="null")
    assert resp.status_code == 202, resp.text
    assert resp.json()["pages"]["total"] == 4


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"engine": "gpt-9"}, "engine"),
        ({"output_formats": "markdown,docx"}, "docx"),
        ({"pages": "2-1"}, "pages"),
        ({"pages": "9"}, "out of range"),
        ({"metadata": "[1, 2]"}, "JSON object"),
        ({"metadata": "{not json"}, "valid JSON"),
        ({"metadata": '{"k": "' + "x" * 5000 + '"}'}, "4096"),
        ({"metadata": '{"a":' + "[" * 1500 + "]" * 1500 + "}"}, "nested too deeply"),
        ({"metadata": '{"amount": NaN}'}, "NaN"),
        ({"metadata": '{"k": "a\\u0000b"}'}, "NUL"),
        ({"webhook_url": "ftp://example.com/hook"}, "webhook_url"),
        ({"webhook_url": "https://example.com/\x00hook"}, "control characters"),
        ({"colour": "blue"}, "unknown form field"),
    ],
)
def test_bad_options_are_refused_before_anything_is_stored(client, fields, words):
    tenant_id = tenant_of(client)
    resp = submit(client, files.invoice_pdf(), "invoice.pdf", **fields)
    body = assert_problem(resp, 422, "invalid-input")
    assert words.lower() in body["detail"].lower(), body["detail"]
    assert stored_keys(f"tenants/{tenant_id}/") == []


def test_missing_file_part_is_a_problem(client):
    resp = client.post("/v1/documents", data={"engine": "auto"}, files={"other": ("x", b"y")})
    assert_problem(resp, 422)


def test_non_multipart_body_is_a_problem(client):
    resp = client.post("/v1/documents", content=b"%PDF-1.7", headers={"content-type": "application/pdf"})
    assert_problem(resp, 415, "unsupported-media-type")


def test_a_multipart_body_cut_short_is_refused_not_accepted_without_its_last_field(client):
    tenant_id = tenant_of(client)
    before = document_count(tenant_id)
    pdf = files.text_pdf(1)
    head = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + pdf + b"\r\n"
        b'--b\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{"contract": "C-1"}'
    )
    headers = {"content-type": "multipart/form-data; boundary=b"}
    # given a complete body is accepted
    assert client.post("/v1/documents", content=head + b"\r\n--b--\r\n", headers=headers).status_code == 202
    # when the same body arrives without its closing boundary (a client or proxy cut it)
    resp = client.post("/v1/documents", content=head, headers=headers)
    # then it is refused, saying why, rather than accepted without its metadata
    body = assert_problem(resp, 422, "invalid-input")
    assert "closing boundary" in body["detail"]
    assert document_count(tenant_id) == before + 1


def test_missing_or_wrong_key_is_401(api_url):
    import httpx

    for headers in ({}, {"Authorization": "Bearer pm_nope"}, {"Authorization": "Basic abc"}):
        resp = httpx.get(f"{api_url}/v1/documents", headers=headers)
        body = assert_problem(resp, 401, "unauthorized")
        assert "Bearer" in resp.headers["www-authenticate"] and body["detail"]


def test_too_many_form_parts_is_a_problem(client):
    fields = [(f"x{i}", (None, "1")) for i in range(20)]
    resp = client.post("/v1/documents", files=[("file", ("a.png", files.png())), *fields])
    body = assert_problem(resp, 422, "invalid-input")
    assert "parts" in body["detail"]


def test_a_bad_cursor_is_400_and_bad_page_numbers_are_422_not_500(client):
    import base64

    naive = base64.urlsafe_b64encode(b"2026-01-01T00:00:00|00000000-0000-0000-0000-000000000000").decode()
    assert_problem(client.get("/v1/documents", params={"cursor": naive}), 400, "invalid-cursor")
    doc_id = submit(client, files.png(), "a.png", engine="null").json()["id"]
    assert_problem(client.get(f"/v1/documents/{doc_id}/pages/99999999999"), 422, "invalid-input")
    assert_problem(client.get(f"/v1/documents/{doc_id}/pages/0"), 422, "invalid-input")
