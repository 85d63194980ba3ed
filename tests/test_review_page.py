"""The review page's files (/ui, api/routers/review.py), without a browser: served to
anyone with a strict Content-Security-Policy and revalidating caching, only from the
page's own folder, outside the API's schema, and with no inline code for that policy to
block (tests/browser drives the page itself)."""

from __future__ import annotations

import http.client
import tomllib
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from api.routers import review

ROOT = Path(__file__).resolve().parents[1]
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
TRAVERSALS = [
    "/ui/static/../../api/app.py",
    "/ui/static/%2e%2e/%2e%2e/api/app.py",
    "/ui/static/..%2f..%2fapi%2fapp.py",
    "/ui/static/%2E%2E%2F%2E%2E%2Fapi%2Frouters%2Freview.py",
    "/ui/static/..%5c..%5capi%5capp.py",
    "/ui/static/%252e%252e/%252e%252e/api/app.py",
    "/ui/static//work/main/api/app.py",
    "/ui/static/vendor/../../../routers/review.py",
    "/ui/../api/app.py",
]


def raw_get(api_url: str, path: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``path`` exactly as spelled: httpx would resolve the dot segments first."""
    parts = urlsplit(api_url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def assert_page_headers(headers: httpx.Headers | dict[str, str]) -> None:
    assert headers["content-security-policy"] == CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


class Markup(HTMLParser):
    """The page's tags with their attributes, and the text inside each <script>/<style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open and data.strip():
            self.inline.append(f"<{self._open}>{data.strip()[:80]}")


@pytest.mark.parametrize("path", ["/ui", "/ui/"])
def test_the_page_is_served_without_a_key_under_a_strict_policy(api_url, path):
    # when a browser with no key asks for the page
    resp = httpx.get(api_url + path)
    # then it is the HTML page, under the policy, revalidated on each load
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "text/html; charset=utf-8"
    assert_page_headers(resp.headers)
    assert resp.headers["cache-control"] == "no-cache"
    assert resp.headers["etag"].startswith('"')  # strong
    assert 'data-testid="key-input"' in resp.text


def test_an_asset_has_its_type_and_an_unchanged_one_costs_a_304(api_url):
    # given the page's script, style sheet and vendored Markdown renderer
    types = {
        "/ui/static/app.js": "text/javascript; charset=utf-8",
        "/ui/static/app.css": "text/css; charset=utf-8",
        "/ui/static/vendor/markdown-it.min.js": "text/javascript; charset=utf-8",
    }
    for path, media_type in types.items():
        # when each is fetched
        resp = httpx.get(api_url + path)
        # then it has its content type, the page's headers and a strong ETag
        assert resp.status_code == 200, (path, resp.text)
        assert resp.headers["content-type"] == media_type, path
        assert_page_headers(resp.headers)
        assert resp.headers["cache-control"] == "no-cache"
        etag = resp.headers["etag"]
        assert etag.startswith('"') and etag.endswith('"')
        # and asked again with that tag, the answer is a bodiless 304 with the same tag
        again = httpx.get(api_url + path, headers={"If-None-Match": etag})
        assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
        assert_page_headers(again.headers)
        # and another tag gets the file
        assert httpx.get(api_url + path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_vendored_renderer_keeps_its_license_header(api_url):
    # when the vendored markdown-it is fetched
    body = httpx.get(api_url + "/ui/static/vendor/markdown-it.min.js").text
    # then it starts with its MIT license line
    assert body.startswith("/*! markdown-it ") and "@license MIT" in body.splitlines()[0]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_a_path_out_of_the_static_folder_is_a_404(api_url, path):
    # when a path that climbs out of the folder (plain, encoded, double-encoded) is asked for
    status, headers, body = raw_get(api_url, path)
    # then it is a 404 with the page's headers, and no source file leaks
    assert status == 404, (path, body[:200])
    assert_page_headers(headers)
    assert b"create_app" not in body and b"import" not in body


@pytest.mark.parametrize(
    "path", ["/ui/static/vendor/README.md", "/ui/static/", "/ui/static/nope.js", "/ui/x"]
)
def test_a_file_that_is_not_part_of_the_page_is_a_404(api_url, path):
    # when a file the page does not load (the vendor notes, a folder, nothing) is asked for
    resp = httpx.get(api_url + path)
    # then it is a 404 problem with the page's headers
    assert resp.status_code == 404, resp.text
    assert resp.headers["content-type"] == "application/problem+json"
    assert_page_headers(resp.headers)


def test_the_page_is_not_part_of_the_api_schema(api_url):
    # when the OpenAPI schema is read
    paths = httpx.get(api_url + "/openapi.json").json()["paths"]
    # then it has no /ui route: the page is not an API operation and needs no key
    assert paths and not [p for p in paths if p == "/ui" or p.startswith("/ui/")]


def test_the_html_has_no_inline_script_or_style(api_url):
    # when the page's HTML is parsed
    markup = Markup()
    markup.feed(httpx.get(api_url + "/ui").text)
    # then every script and style sheet is a file of its own, served with the page
    scripts = [attrs for tag, attrs in markup.tags if tag == "script"]
    sheets = [
        attrs["href"] for tag, attrs in markup.tags if tag == "link" and attrs.get("rel") == "stylesheet"
    ]
    assert scripts and sheets
    assert markup.inline == []
    for src in [a.get("src") for a in scripts] + sheets:
        assert src and src.startswith("/ui/static/"), src
        assert httpx.get(api_url + src).status_code == 200, src
    # and no tag carries an event handler or a style attribute, and there is no <style>
    handlers = [(tag, name) for tag, attrs in markup.tags for name in attrs if name.startswith("on")]
    assert handlers == []
    assert [tag for tag, attrs in markup.tags if "style" in attrs or tag == "style"] == []


def test_the_script_opens_no_dialog_and_parses_no_text_as_code():
    # given the page's own script
    source = (review.STATIC_DIR / "app.js").read_text(encoding="utf-8")
    # then it opens no browser dialog, evaluates nothing, and writes no HTML string into the page
    for banned in (
        "alert(",
        "confirm(",
        "prompt(",
        "eval(",
        "new Function",
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "localStorage",
        "document.cookie",
    ):
        assert banned not in source, banned


def test_every_file_the_page_serves_ships_in_the_package():
    # given the package data declared for the api package
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"][
        "api"
    ]
    # then each file the router serves is matched by one of them (a non-editable install has it)
    served = [f"review/static/{name}" for name in review.assets()]
    assert "review/static/index.html" in served
    assert [f for f in served if not any(fnmatch(f, p) for p in patterns)] == []
