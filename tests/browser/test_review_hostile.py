"""Document text is untrusted input to the review page: markup in a PDF's text layer is
shown as text and runs nothing, a javascript: link is no link, the page is served under a
strict Content-Security-Policy, and another tenant's document is a 404 here too."""

from __future__ import annotations

import io
import re

import httpx
import pytest
from playwright.sync_api import expect
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.browser.conftest import Tab
from tests.helpers import new_tenant, queued_document, submit, wait_done

pytestmark = pytest.mark.browser

IMG = "<img src=x onerror=alert(1)>"
LINK = "[click](javascript:alert(1))"
SAFE_LINK = "https://example.com/terms"
HOSTILE_LINES = [
    IMG,
    LINK,
    "<script>alert(2)</script>",
    "[shout](JAVASCRIPT:alert(3))",
    "[page](data:text/html,<b>alert</b>)",
    # a link the page may make: proves links are rendered at all, so the others' absence counts
    f"[terms]({SAFE_LINK})",
]


def hostile_pdf() -> bytes:
    """One Letter page whose text layer holds markup and a javascript: Markdown link."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    pdf.setFont("Helvetica", 14)
    for i, line in enumerate(HOSTILE_LINES):
        pdf.drawString(72, 700 - 40 * i, line)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _directives(csp: str) -> dict[str, str]:
    pairs = (d.strip().split(None, 1) for d in csp.split(";") if d.strip())
    return {p[0]: (p[1] if len(p) > 1 else "") for p in pairs}


@pytest.mark.e2e
def test_markup_and_javascript_links_in_a_document_run_nothing(
    tab: Tab, api_url: str, client: httpx.Client, api_key: str, worker: object
) -> None:
    page = tab.page
    # given a document whose text layer holds an <img onerror>, a script and a javascript: link
    resp = submit(client, hostile_pdf(), "hostile.pdf", engine="pdf-text")
    assert resp.status_code == 202, resp.text
    doc_id = resp.json()["id"]
    assert wait_done(client, doc_id)["status"] == "succeeded"

    # when a person opens it in the review page
    tab.sign_in(api_url, api_key)
    tab.open_document(api_url, doc_id)
    expect(page.get_by_test_id("doc-status")).to_have_text("succeeded")
    first = page.locator("section[data-testid=page][data-page='1']")
    blocks = first.get_by_test_id("block")
    expect(blocks.first).to_be_visible()
    # and hovers and clicks every block (in its corner: the safe link would open a tab) and
    # box, and shows the raw text
    for i in range(blocks.count()):
        blocks.nth(i).hover()
        blocks.nth(i).click(position={"x": 3, "y": 3})
    boxes = first.get_by_test_id("box")
    for i in range(boxes.count()):
        boxes.nth(i).hover()
    first.get_by_test_id("raw-toggle").click()
    raw = first.get_by_test_id("page-text")
    expect(raw).to_be_visible()
    tab.shot("hostile-opened")

    # then the markup is shown as text, verbatim
    expect(raw).to_contain_text(IMG)
    expect(first.get_by_test_id("page-blocks")).to_contain_text("onerror=alert(1)")
    # and none of it became an element: no <img src=x>, no handler, no script from the text
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("[onerror]").count() == 0
    assert not [s for s in page.locator("script").all() if "alert" in (s.text_content() or "")]
    # and the javascript: and data: links are no links, while the https one is one
    assert page.locator("a[href^='javascript' i], a[href^='data' i]").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript", "data"))], hrefs
    expect(first.locator(f"[data-testid=block] a[href='{SAFE_LINK}']")).to_have_count(1)
    expect(first.get_by_test_id("page-blocks")).to_contain_text("javascript:alert(1)")
    # and no dialog opened, nothing errored, and the page never left /ui
    assert tab.dialogs == []
    assert tab.errors == []
    assert page.url.startswith(f"{api_url}/ui")


def test_the_page_is_served_under_a_strict_content_security_policy(tab: Tab, api_url: str) -> None:
    # when the browser loads /ui
    response = tab.page.goto(f"{api_url}/ui")
    # then the answer carries the policy: scripts from the page's own origin only, no framing
    assert response is not None and response.ok
    csp = response.headers.get("content-security-policy")
    assert csp, response.headers
    directives = _directives(csp)
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["default-src"] == "'none'"
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert response.headers.get("x-content-type-options") == "nosniff"
    assert response.headers.get("referrer-policy") == "no-referrer"
    # and the page's own scripts ran under it, with no violation reported
    expect(tab.page.get_by_test_id("key-input")).to_be_visible()
    assert tab.errors == []


def test_another_tenants_document_is_a_404_in_the_page(tab: Tab, api_url: str, api_key: str) -> None:
    # given a document of another tenant
    other = queued_document(new_tenant(), hostile_pdf())
    # when a person opens its id in the review page with their own key
    tab.sign_in(api_url, api_key)
    tab.open_document(api_url, other)
    # then the page shows the API's 404 problem, and nothing of the document
    error = tab.page.get_by_test_id("error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(re.compile("not found", re.IGNORECASE))
    expect(tab.page.locator("section[data-testid=page]")).to_have_count(0)
    # and it does not go on saying it is loading
    expect(tab.page.locator("#doc-view")).not_to_contain_text("Loading")
    tab.shot("other-tenant")
    assert tab.dialogs == []
    # (the browser itself reports the 404 fetch as a console error; nothing else may)
    assert [e for e in tab.errors if "404" not in e] == []
