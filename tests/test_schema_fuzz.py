"""The API against its own OpenAPI schema (schemathesis): whatever a client sends, within
the schema or just outside it, no operation answers 5xx, and every answer is one the
schema documents (status code, content type, body, headers).

The schema is the one the running test API serves at /openapi.json. schemathesis'
pytest loader for a schema that comes from a fixture (`schemathesis.pytest.from_fixture`,
needed because the API's URL is a fixture) does not run under pytest 9: it writes
`Function._nodeid`, which pytest 9 no longer has. So each operation is driven through
its own Hypothesis strategy (`APIOperation.as_strategy`), one pytest case per operation,
and a separate test keeps that list equal to the served schema.

Left out, on purpose: schemathesis' stateful phase and its checks that replay requests
(ignored_auth, use_after_free, ...): the schema has no links, and authentication is
sent as a header the schema does not declare (the API reads it itself).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread

import httpx
import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup, ServerError
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import files
from tests.helpers import queued_document, submit, tenant_of, wait_done
from tests.receiver import Receiver

OPERATIONS = [
    ("GET", "/livez"),
    ("GET", "/readyz"),
    ("POST", "/v1/documents"),
    ("GET", "/v1/documents"),
    ("GET", "/v1/documents/{document_id}"),
    ("DELETE", "/v1/documents/{document_id}"),
    ("GET", "/v1/documents/{document_id}/result"),
    ("GET", "/v1/documents/{document_id}/pages/{page_no}"),
    ("GET", "/v1/documents/{document_id}/pages/{page_no}/image"),
    ("GET", "/v1/documents/{document_id}/tables/{index}.csv"),
    ("POST", "/v1/documents/{document_id}/cancel"),
    ("GET", "/v1/documents/{document_id}/webhook-deliveries"),
    ("POST", "/v1/documents/{document_id}/webhook-deliveries/redeliver"),
    ("GET", "/v1/webhook-endpoint"),
    ("PUT", "/v1/webhook-endpoint"),
    ("DELETE", "/v1/webhook-endpoint"),
    ("POST", "/v1/webhook-endpoint/rotate-secret"),
    ("GET", "/v1/audit-events"),
]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Per operation: up to this many cases, derandomized (the same cases on every run, no
# example database), with no per-case deadline (a first upload or a cold connection is
# slow). About 60 s for all operations on a 2-core machine.
FUZZ = hypothesis.settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    verbosity=hypothesis.Verbosity.quiet,
)


@pytest.fixture(scope="module")
def api_schema(api_url):
    return schemathesis.openapi.from_url(f"{api_url}/openapi.json", timeout=10)


@pytest.fixture
def session(api_key) -> Iterator[requests.Session]:
    with requests.Session() as s:
        s.headers["Authorization"] = f"Bearer {api_key}"
        yield s


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def documents(api_url, api_key, worker, receiver) -> list[str]:
    """Two documents of the test's tenant: one converted (its event delivered to a
    receiver), one queued and never dispatched."""
    with httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {api_key}"}, timeout=30) as c:
        assert c.put("/v1/webhook-endpoint", json={"url": receiver.url}).status_code == 201
        resp = submit(c, files.text_pdf(2), "two.pdf", engine="null")
        assert resp.status_code == 202, resp.text
        doc = wait_done(c, resp.json()["id"])
        assert doc["status"] == "succeeded", doc
        receiver.wait_for(1)
        queued = queued_document(tenant_of(c), files.text_pdf(1))
    return [str(doc["id"]), queued]


def _cases(operation, documents: list[str]) -> st.SearchStrategy:
    """Cases within the schema and just outside it; for an operation on one document,
    as many again aimed at a real document (converted, or queued), so that 2xx answers
    (and the 409s of a finished one) are checked, not only the 404 of a random id."""
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    strategies = [operation.as_strategy(mode) for mode in modes]
    if "{document_id}" in operation.path:
        strategies += [
            operation.as_strategy(mode, path_parameters={"document_id": doc_id})
            for mode in modes
            for doc_id in documents
        ]
    return st.one_of(strategies)


def fuzz(operation, base_url: str, session: requests.Session, documents: list[str]) -> list[int]:
    """Run the operation's cases against base_url; raise on the first failed check."""
    method, path = operation.method.upper(), operation.path
    statuses: list[int] = []

    @FUZZ
    @hypothesis.given(
        case=_cases(operation, documents),
        real_file=st.booleans(),
        endpoint=st.booleans(),
        key=st.sampled_from(["valid"] * 7 + ["wrong"]),
    )
    def run(case, real_file, endpoint, key):
        if real_file and (method, path) == ("POST", "/v1/documents") and isinstance(case.body, dict):
            # A generated 'file' is random bytes (always 415); half the uploads are a
            # real PDF, so that the other fields decide the answer.
            case.body["file"] = files.text_pdf(1)
        if path.startswith("/v1/webhook-endpoint"):
            # The endpoint's operations, with and without an endpoint configured.
            if endpoint:
                session.put(f"{base_url}/v1/webhook-endpoint", json={"url": "http://127.0.0.1:9/hook"})
            else:
                session.delete(f"{base_url}/v1/webhook-endpoint")
        # One case in eight with an unknown key: the 401 must be documented too.
        headers = {"Authorization": "Bearer pm_not-a-key"} if key == "wrong" else None
        response = case.call_and_validate(
            base_url=base_url, session=session, headers=headers, checks=CHECKS, timeout=30
        )
        statuses.append(response.status_code)

    run()
    return statuses


def test_every_served_operation_is_fuzzed(api_schema):
    served = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert served == set(OPERATIONS)


@pytest.mark.e2e
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_conforms_to_the_schema(method, path, api_schema, api_url, session, documents):
    statuses = fuzz(api_schema[path][method], api_url, session, documents)
    print(f"{method} {path}: {len(statuses)} cases, statuses {sorted(set(statuses))}")


@pytest.mark.parametrize(
    "body", [b"\xff\xfe not json", b'{"url": ', b"[1, 2]"], ids=["bytes", "cut", "array"]
)
def test_a_malformed_json_body_gets_a_documented_answer(body, api_schema, api_url, session):
    # Fixed cases of what the fuzzer finds only sometimes: a body that is not JSON at all
    # (FastAPI answers these before any validation), a truncated one, and one of the
    # wrong JSON type.
    operation = api_schema["/v1/webhook-endpoint"]["PUT"]
    case = operation.Case(body=body, media_type="application/json")
    case.call_and_validate(base_url=api_url, session=session, checks=CHECKS, timeout=30)


class _Always500(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        body = json.dumps({"type": "about:blank", "title": "boom", "status": 500, "detail": "x"}).encode()
        self.send_response(500)
        self.send_header("content-type", "application/problem+json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args: object) -> None:
        pass


def test_the_fuzzer_fails_on_a_server_error(api_schema):
    # given a server that answers 500 to everything
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Always500)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        # when an operation is fuzzed against it, then the run fails on not_a_server_error
        with requests.Session() as s, pytest.raises(FailureGroup) as failed:
            fuzz(api_schema["/v1/documents"]["GET"], f"http://127.0.0.1:{server.server_port}", s, [])
        assert any(isinstance(e, ServerError) for e in failed.value.exceptions), failed.value
    finally:
        server.shutdown()
        server.server_close()
