"""The review page end to end in a real browser: a person pastes a key, uploads the
example invoice, watches it convert on a real worker, looks at page 1 beside its blocks,
downloads the Markdown, reads the total in the fields panel and deletes the document; no
dialog opens, nothing errors, and the key stays in the tab."""

from __future__ import annotations

import io
import re
from pathlib import Path

import httpx
import pytest
from PIL import Image
from playwright.sync_api import FloatRect, Locator, Page, expect

from tests.browser.conftest import Tab, screenshot_dir

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

ROOT = Path(__file__).resolve().parents[2]
INVOICE = ROOT / "examples" / "invoice.pdf"
ACTIVE = re.compile(r"(^|\s)active(\s|$)")
DOCUMENT_URL = re.compile(r"#/documents/([0-9a-f-]{36})$")


def _upload(page: Page, path: Path) -> str:
    page.get_by_test_id("upload-file").set_input_files(str(path))
    page.get_by_test_id("upload-submit").click()
    expect(page).to_have_url(DOCUMENT_URL)
    match = DOCUMENT_URL.search(page.url)
    assert match
    return match.group(1)


def _image_loaded(page: Page, image: Locator) -> None:
    """Wait until the page image has decoded pixels (fetched with the key, shown as blob:)."""
    image.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert (image.get_attribute("src") or "").startswith("blob:")


def _inside(inner: FloatRect | None, outer: FloatRect | None) -> bool:
    assert inner and outer
    slack = 2  # rounding of scaled boxes
    return (
        inner["width"] > 0
        and inner["height"] > 0
        and inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
    )


def _write_readme_screenshot(page: Page, section: Locator, block: Locator, target: Path) -> None:
    """Page 1 from its top, image left and blocks right, ``block`` hovered: the README's picture."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    section.evaluate("e => e.scrollIntoView({block: 'start'})")
    block.hover()
    expect(block).to_have_class(ACTIVE)
    # A palette PNG: the page is flat colours and text, and the README's copy stays small.
    shot = Image.open(io.BytesIO(page.screenshot()))
    page.set_viewport_size({"width": 1400, "height": 900})
    target.mkdir(parents=True, exist_ok=True)
    shot.convert("RGB").quantize(colors=128).save(target / "review-page.png", optimize=True)


def test_a_person_uploads_reviews_downloads_and_deletes_the_invoice(
    tab: Tab, api_url: str, api_key: str, worker: object
) -> None:
    page = tab.page
    # given the review page with a key pasted into it
    tab.sign_in(api_url, api_key)

    # when the example invoice is uploaded through the page
    doc_id = _upload(page, INVOICE)
    tab.shot("uploaded")

    # then its status turns to succeeded in the open view, with no reload
    expect(page.get_by_test_id("doc-status")).to_have_text("succeeded", timeout=60_000)
    expect(page.get_by_test_id("doc-progress")).to_have_text(re.compile(r"^\s*3\s*/\s*0\s*/\s*3\s*$"))

    # and page 1 shows its image, with a box per block over it and the blocks beside it
    first = page.locator("section[data-testid=page][data-page='1']")
    image = first.get_by_test_id("page-image")
    _image_loaded(page, image)
    blocks, boxes = first.get_by_test_id("block"), first.get_by_test_id("box")
    expect(blocks.first).to_be_visible()
    assert blocks.count() == boxes.count() > 3
    expect(first.get_by_test_id("page-blocks")).to_contain_text("INV-2026-0042")
    tab.shot("opened")

    # when a person hovers the block that holds the total
    total = blocks.filter(has_text="Total due")
    expect(total).to_have_count(1)
    number = total.get_attribute("data-block")
    box = first.locator(f"[data-testid=box][data-block='{number}']")
    total.hover()
    # then its box on the image is highlighted, and lies on the image
    expect(total).to_have_class(ACTIVE)
    expect(box).to_have_class(ACTIVE)
    expect(box).to_be_visible()
    assert _inside(box.bounding_box(), image.bounding_box())
    tab.shot("block-hovered")
    if (target := screenshot_dir()) is not None:
        _write_readme_screenshot(page, first, total, target)
    # and moving away takes the highlight off both
    page.get_by_test_id("doc-status").hover()
    expect(box).not_to_have_class(ACTIVE)
    expect(total).not_to_have_class(ACTIVE)

    # when a person hovers a box on the image instead (the title's, under no field's box)
    title_box = boxes.first
    title_box.hover()
    # then its block beside the image is highlighted
    title_block = first.locator(f"[data-testid=block][data-block='{title_box.get_attribute('data-block')}']")
    expect(title_block).to_have_class(ACTIVE)
    page.get_by_test_id("doc-status").hover()
    expect(title_block).not_to_have_class(ACTIVE)

    # and the fields panel shows the invoice's total
    fields = page.get_by_test_id("fields")
    expect(fields.locator("[data-testid=field][data-name=total]")).to_contain_text(re.compile(r"1,?234\.56"))
    # and its checks are listed, a failed one marked as such (the example's VAT ID is made up)
    checks = fields.get_by_test_id("check")
    expect(checks.first).to_be_visible()
    failed = fields.locator("[data-testid=check][data-status=failed]")
    for i in range(failed.count()):
        expect(failed.nth(i)).to_have_class(re.compile(r"(^|\s)failed(\s|$)"))

    # when the Markdown is downloaded
    with page.expect_download() as download:
        page.locator("button[data-testid=download][data-format=markdown]").click()
    markdown = Path(download.value.path()).read_text(encoding="utf-8")
    # then it is the invoice's text
    for text in ("INV-2026-0042", "Northwind Archives", "1,234.56"):
        assert text in markdown, text

    # when the document is deleted, confirmed in the page
    page.get_by_test_id("delete").click()
    page.get_by_test_id("delete-confirm").click()
    # then the page goes back to the list, and the API answers 404 for it
    expect(page).to_have_url(re.compile(r"#/$"))
    expect(page.locator(f"tr[data-testid=document-row][data-id='{doc_id}']")).to_have_count(0)
    gone = httpx.get(f"{api_url}/v1/documents/{doc_id}", headers={"Authorization": f"Bearer {api_key}"})
    assert gone.status_code == 404, gone.text
    tab.shot("deleted")

    # and all along no dialog opened and nothing errored
    assert tab.dialogs == []
    assert tab.errors == []
    # and the key lived in the tab's sessionStorage only: in no URL and in no cookie
    assert page.evaluate("sessionStorage.getItem('pagemill.key')") == api_key
    assert page.evaluate("localStorage.length") == 0
    assert tab.requests and not [url for url in tab.requests if api_key in url]
    assert page.context.cookies() == []
