"""End to end over real HTTP, Postgres, Redis, moto's S3 server and a Celery worker process."""

from __future__ import annotations

import json
import re

from tests.factories import files
from tests.helpers import assert_in_order, stored_keys, submit, tenant_of, wait_done, wait_until


def test_invoice_pdf_converts_to_markdown_in_reading_order(client, worker):
    # given a 3-page invoice whose page 2 is two-column with an interleaved content stream
    resp = submit(
        client,
        files.invoice_pdf(),
        "invoice.pdf",
        output_formats="markdown,json,text,doctags,html",
        metadata='{"po": "PO-7"}',
    )
    assert resp.status_code == 202, resp.text
    doc_id = resp.json()["id"]
    # when a worker has processed it
    doc = wait_done(client, doc_id)
    # then every page succeeded, with per-page status and timings
    assert doc["status"] == "succeeded", doc
    assert doc["pages"] == {"total": 3, "done": 3, "failed": 0}
    # (auto chose the text layer on every page, and says so)
    assert [(p["page_no"], p["status"], p["engine"]) for p in doc["page_details"]] == [
        (1, "done", "pdf-text"),
        (2, "done", "pdf-text"),
        (3, "done", "pdf-text"),
    ]
    assert doc["finished_at"] and doc["started_at"] and doc["metadata"] == {"po": "PO-7"}
    # and the Markdown holds the invoice's text, the left column wholly before the right one
    md = client.get(f"/v1/documents/{doc_id}/result", params={"format": "markdown"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert files.INVOICE_NUMBER in md.text and files.INVOICE_TOTAL in md.text
    assert_in_order(md.text, files.INVOICE_LEFT_COLUMN + files.INVOICE_RIGHT_COLUMN)
    assert_in_order(md.text, [files.INVOICE_NUMBER, files.INVOICE_TERMS_HEADING, files.INVOICE_IBAN])
    # and the other formats are there: text with page breaks, DocTags, a DoclingDocument
    text = client.get(f"/v1/documents/{doc_id}/result", params={"format": "text"}).text
    assert text.count("\f") == 2
    assert_in_order(text, files.INVOICE_LEFT_COLUMN + files.INVOICE_RIGHT_COLUMN)
    doctags = client.get(f"/v1/documents/{doc_id}/result", params={"format": "doctags"}).text
    assert doctags.startswith("<doctag>") and doctags.count("<page_break>") == 2
    docling = client.get(f"/v1/documents/{doc_id}/result", params={"format": "json"}).json()
    assert docling["schema_name"] == "DoclingDocument"
    assert sorted(int(k) for k in docling["pages"]) == [1, 2, 3]
    assert any(files.INVOICE_NUMBER in t["text"] for t in docling["texts"])
    html = client.get(f"/v1/documents/{doc_id}/result", params={"format": "html"})
    assert html.headers["content-type"].startswith("text/html")
    assert "<table>" in html.text and files.INVOICE_NUMBER in html.text
    # and one page's result carries blocks with boxes on the page
    page = client.get(f"/v1/documents/{doc_id}/pages/2").json()
    assert page["status"] == "done" and page["width"] == 612
    block = page["result"]["blocks"][0]
    left, top, right, bottom = block["bbox"]
    assert 0 <= left < right <= page["width"] and 0 <= top < bottom <= page["height"]


def test_stored_objects_follow_the_key_layout(client, worker):
    doc_id = submit(client, files.invoice_pdf(), "../../etc/passwd.pdf", engine="pdf-text").json()["id"]
    wait_done(client, doc_id)
    prefix = f"tenants/{tenant_of(client)}/documents/{doc_id}/"
    keys = {k[len(prefix) :] for k in stored_keys(prefix)}
    assert {
        "source",
        "results/1.json",
        "results/2.json",
        "results/3.json",
        "output.md",
        "output.json",
    } <= keys
    assert all(".." not in k and "passwd" not in k for k in keys)
    assert client.get(f"/v1/documents/{doc_id}").json()["filename"] == "passwd.pdf"
    # and the page renders and text layers, which only fed the conversion, are dropped
    # once it is finished (just after the status shows)
    wait_until(
        lambda: not any(k[len(prefix) :].startswith("pages/") for k in stored_keys(prefix)),
        timeout=10,
        what="pages/ dropped",
    )


def test_an_image_page_without_any_text_is_read_by_ocr_and_comes_out_empty(client, worker):
    # given a PDF page holding only a picture (no text layer, no text in the pixels)
    doc_id = submit(client, files.image_only_pdf(), "scan.pdf").json()["id"]
    # when processed with auto
    doc = wait_done(client, doc_id, timeout=120)
    # then OCR read it and found nothing: the page is done, empty, and says so
    assert doc["status"] == "succeeded"
    assert doc["page_details"][0]["engine"] == "rapidocr"
    page = client.get(f"/v1/documents/{doc_id}/pages/1").json()
    assert page["result"]["blocks"] == [] and page["result"]["warnings"] == ["no text found on the page"]


def _merge_pdfs(*parts: bytes) -> bytes:
    import io

    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for part in parts:
        out.import_pages(pdfium.PdfDocument(part))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _mixed_pdf() -> bytes:
    return _merge_pdfs(
        files.text_pdf(1, text="First page text"),
        files.scanned_invoice_pdf(pages=(2,)),
        files.text_pdf(1, text="Third page text"),
    )


def test_auto_routes_each_page_of_a_mixed_document(client, worker):
    # given a 3-page PDF whose middle page is a scan (no text layer) under auto
    doc = wait_done(client, submit(client, _mixed_pdf(), "mixed.pdf").json()["id"], timeout=120)
    # then the digital pages use their text layer, the scan is read by OCR, all in order
    assert doc["status"] == "succeeded"
    assert [p["engine"] for p in doc["page_details"]] == ["pdf-text", "rapidocr", "pdf-text"]
    md = client.get(f"/v1/documents/{doc['id']}/result").text
    assert_in_order(md, ["First page text", files.INVOICE_TERMS_HEADING, "Third page text"])


def test_mixed_document_is_partially_succeeded_on_the_text_layer_engine(client, worker):
    # given the same PDF, but on pdf-text, which cannot read a scan
    doc = wait_done(client, submit(client, _mixed_pdf(), "mixed.pdf", engine="pdf-text").json()["id"])
    # then the document is partially_succeeded: pages 1 and 3 converted, page 2 failed alone
    assert doc["status"] == "partially_succeeded"
    assert doc["pages"] == {"total": 3, "done": 2, "failed": 1}
    assert [p["status"] for p in doc["page_details"]] == ["done", "failed", "done"]
    assert doc["page_details"][1]["error"]["code"] == "no_text_layer"
    md = client.get(f"/v1/documents/{doc['id']}/result").text
    assert_in_order(md, ["First page text", "page 2: not converted", "Third page text"])


def test_tiff_pages_go_through_the_null_engine(client, worker):
    doc_id = submit(
        client, files.multipage_tiff(frames=3), "scan.tif", engine="null", output_formats="text,json"
    ).json()["id"]
    doc = wait_done(client, doc_id)
    assert doc["status"] == "succeeded" and doc["pages"]["done"] == 3
    text = client.get(f"/v1/documents/{doc_id}/result", params={"format": "text"}).text
    assert text.split("\f")[2].strip() == "Page 3"
    assert json.loads(client.get(f"/v1/documents/{doc_id}/result", params={"format": "json"}).text)["pages"]


def test_a_result_download_is_sized_named_validated_and_safe_to_open(client, worker):
    # given a finished document uploaded under a non-ASCII name, with Markdown and HTML
    resp = submit(
        client, files.text_pdf(2), "Rechnung März 2026.pdf", engine="null", output_formats="markdown,html"
    )
    doc_id = resp.json()["id"]
    assert wait_done(client, doc_id)["status"] == "succeeded"
    # when its Markdown is fetched
    md = client.get(f"/v1/documents/{doc_id}/result")
    # then it says how long it is, what it is named, and that it is private and not to be sniffed
    assert md.status_code == 200
    assert int(md.headers["content-length"]) == len(md.content) > 0
    assert md.headers["content-disposition"] == (
        f"inline; filename=\"{doc_id}.md\"; filename*=UTF-8''Rechnung%20M%C3%A4rz%202026.md"
    )
    assert md.headers["x-content-type-options"] == "nosniff"
    assert md.headers["cache-control"] == "private, no-cache"
    etag = md.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    # and asked again with its ETag, it is a 304 without a body; with another tag, a 200
    again = client.get(f"/v1/documents/{doc_id}/result", headers={"If-None-Match": f'"other", W/{etag}'})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    other = client.get(f"/v1/documents/{doc_id}/result", headers={"If-None-Match": '"other"'})
    assert other.status_code == 200
    # and the HTML has its own tag and may run nothing when opened from here
    html = client.get(f"/v1/documents/{doc_id}/result", params={"format": "html"})
    assert html.headers["etag"] != etag
    assert html.headers["content-security-policy"].startswith("sandbox; default-src 'none'")
    # and a format that was not asked for is still a 422 problem, whatever tag is sent
    url = f"/v1/documents/{doc_id}/result"
    resp = client.get(url, params={"format": "text"}, headers={"If-None-Match": "*"})
    assert resp.status_code == 422
