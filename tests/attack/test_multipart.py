"""Attack suite: hostile multipart bodies on the upload route. Each is refused with a
problem (never a 500, never a hang), nothing is stored for the tenant, and the API stays
healthy. Bodies are written by hand: a client library would never send them."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest

from tests.conftest import new_key
from tests.factories import pdfs
from tests.helpers import assert_problem

PDF = pdfs.text_pdf(1)


def part(name: str, value: bytes, *, filename: str | None = None, extra: bytes = b"") -> bytes:
    disposition = f'Content-Disposition: form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    return disposition.encode() + b"\r\n" + extra + b"\r\n" + value


def body(boundary: bytes, *parts: bytes, close: bool = True) -> bytes:
    out = b"".join(b"--" + boundary + b"\r\n" + p + b"\r\n" for p in parts)
    return out + (b"--" + boundary + b"--\r\n" if close else b"")


FILE = part("file", PDF, filename="a.pdf", extra=b"Content-Type: application/pdf\r\n")
ENGINE = part("engine", b"null")

# name -> (content type, body, expected status)
CASES: dict[str, Callable[[], tuple[str, bytes, int]]] = {
    "no boundary parameter": lambda: ("multipart/form-data", body(b"b", FILE), 415),
    "an empty boundary": lambda: ('multipart/form-data; boundary=""', body(b"", FILE), 415),
    "a boundary over RFC 2046's 70 characters": lambda: (
        "multipart/form-data; boundary=" + "b" * 5000,
        body(b"b" * 5000, FILE),
        415,
    ),
    "a boundary the body never uses": lambda: ("multipart/form-data; boundary=x", body(b"b", FILE), 422),
    "no closing boundary": lambda: ("multipart/form-data; boundary=b", body(b"b", FILE, close=False), 422),
    "LF line ends only": lambda: (
        "multipart/form-data; boundary=b",
        body(b"b", FILE).replace(b"\r\n", b"\n"),
        422,
    ),
    "two file parts": lambda: ("multipart/form-data; boundary=b", body(b"b", FILE, FILE), 422),
    "a field sent twice (which one counts?)": lambda: (
        "multipart/form-data; boundary=b",
        body(b"b", FILE, part("engine", b"auto"), part("engine", b"null")),
        422,
    ),
    "a part without a name": lambda: (
        "multipart/form-data; boundary=b",
        body(b"b", FILE, b"Content-Disposition: form-data\r\n\r\nx"),
        422,
    ),
    "a part without Content-Disposition": lambda: (
        "multipart/form-data; boundary=b",
        body(b"b", FILE, b"Content-Type: text/plain\r\n\r\nx"),
        422,
    ),
    "thousands of header lines in one part": lambda: (
        "multipart/form-data; boundary=b",
        body(
            b"b",
            part("file", PDF, filename="a.pdf", extra=b"".join(b"X-Pad-%d: 1\r\n" % i for i in range(20000))),
        ),
        422,
    ),
    "one part header of 1 MB": lambda: (
        "multipart/form-data; boundary=b",
        body(b"b", part("file", PDF, filename="a.pdf", extra=b"X-Pad: " + b"a" * (1 << 20) + b"\r\n")),
        422,
    ),
    "a form field of 1 MB": lambda: (
        "multipart/form-data; boundary=b",
        body(b"b", FILE, part("metadata", b"{" + b" " * (1 << 20) + b"}")),
        422,
    ),
    "thousands of empty parts": lambda: (
        "multipart/form-data; boundary=b",
        body(b"b", FILE, *[part(f"x{i}", b"") for i in range(5000)]),
        422,
    ),
    "a field that is not UTF-8": lambda: (
        "multipart/form-data; boundary=b",
        body(b"b", FILE, part("engine", b"\xff\xfe\xfa")),
        422,
    ),
    "nothing but the preamble": lambda: ("multipart/form-data; boundary=b", b"just text, no parts\r\n", 422),
    "an empty body": lambda: ("multipart/form-data; boundary=b", b"", 422),
    "multipart/mixed instead of form-data": lambda: ("multipart/mixed; boundary=b", body(b"b", FILE), 415),
    "a charset trick in the content type": lambda: (
        "multipart/form-data; boundary=b; charset=utf-7",
        body(b"b", FILE, part("engine", b"+AG4-ull")),
        422,
    ),
}


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_multipart_body_is_refused_and_nothing_is_stored(target, case):
    # given a tenant with no documents
    key = new_key()
    content_type, raw, status = CASES[case]()
    # when it sends the hostile body
    started = time.monotonic()
    resp = httpx.post(
        f"{target.url}/v1/documents",
        content=raw,
        headers={**_auth(key), "Content-Type": content_type},
        timeout=60,
    )
    # then it is refused with a problem that says why, promptly
    problem = assert_problem(resp, status)
    assert problem["detail"] and "Traceback" not in problem["detail"]
    assert time.monotonic() - started < 10, case
    # and nothing was stored for the tenant
    listing = httpx.get(f"{target.url}/v1/documents", headers=_auth(key)).json()
    assert listing["data"] == [], case


def test_the_api_is_healthy_after_every_hostile_body(target):
    # given every hostile body sent once more, back to back
    key = new_key()
    for make in CASES.values():
        content_type, raw, _ = make()
        httpx.post(
            f"{target.url}/v1/documents",
            content=raw,
            headers={**_auth(key), "Content-Type": content_type},
            timeout=60,
        )
    # then the API answers its probe and still takes a well-formed document
    assert httpx.get(f"{target.url}/livez", timeout=5).status_code == 200
    ok = httpx.post(
        f"{target.url}/v1/documents",
        headers=_auth(key),
        files={"file": ("a.pdf", PDF)},
        data={"engine": "null"},
        timeout=30,
    )
    assert ok.status_code == 202, ok.text
