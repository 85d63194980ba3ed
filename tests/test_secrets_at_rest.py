"""Webhook signing secrets are encrypted at rest under a master key: a database dump
reveals none, signatures still verify, and the master key rotates without downtime."""

from __future__ import annotations

import base64
import os
import stat
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from standardwebhooks import Webhook

from common.core import secrets
from common.core.db import get_database
from common.core.orm import utcnow
from common.core.settings import Settings, get_settings
from common.webhooks.models import WebhookEndpoint
from common.webhooks.signing import signature_headers
from tests.conftest import TEST_ENV
from tests.helpers import cli, tenant_of

TEST_KEY = TEST_ENV["PAGEMILL_SECRETS__MASTER_KEY"]
NEW_KEY = secrets.new_master_key("test2")


def _ring(spec: str) -> secrets.Keyring:
    keys = secrets.parse_keys(spec, "test")
    return secrets.Keyring(primary=keys[0][0], keys=dict(keys))


def _stored(tenant_id: uuid.UUID) -> tuple[uuid.UUID, str, str | None]:
    with get_database().session_scope() as s:
        row = s.execute(
            text("SELECT id, secret, previous_secret FROM webhook_endpoints WHERE tenant_id = :t"),
            {"t": tenant_id},
        ).one()
        return row[0], row[1], row[2]


# --- the keyring ------------------------------------------------------------------------


def test_a_value_round_trips_and_is_bound_to_its_row() -> None:
    ring = _ring(TEST_KEY)
    row = uuid.uuid4().bytes
    stored = ring.encrypt("whsec_abc", row)
    assert stored.startswith("pmsec1:test1:") and "whsec_abc" not in stored
    assert ring.decrypt(stored, row) == "whsec_abc"
    with pytest.raises(secrets.SecretsError, match="does not decrypt with master key 'test1'"):
        ring.decrypt(stored, uuid.uuid4().bytes)  # copied onto another row


def test_a_wrong_master_key_fails_clearly() -> None:
    row = uuid.uuid4().bytes
    stored = _ring(TEST_KEY).encrypt("whsec_abc", row)
    impostor = secrets.new_master_key("test1")  # same id, other key
    with pytest.raises(secrets.SecretsError, match="the key is wrong"):
        _ring(impostor).decrypt(stored, row)
    with pytest.raises(secrets.SecretsError, match="master key 'test1', which is not configured"):
        _ring(NEW_KEY).decrypt(stored, row)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nokey", "'id:base64key'"),
        ("k1:not base64!", "not base64"),
        ("k1:" + base64.b64encode(b"short").decode(), "must be 32 bytes"),
        (f"{TEST_KEY},{TEST_KEY}", "appears twice"),
    ],
)
def test_malformed_master_keys_are_refused(spec: str, message: str) -> None:
    with pytest.raises(secrets.SecretsError, match=message):
        secrets.parse_keys(spec, "PAGEMILL_SECRETS__MASTER_KEY")


def test_outside_the_embedded_mode_a_missing_master_key_is_an_error(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        database={"url": "postgresql+psycopg://x@127.0.0.1/x"},
        broker={"url": "redis://127.0.0.1/0"},
        storage={"url": "s3://x"},
        secrets={"master_key": None},
    )
    with pytest.raises(secrets.SecretsError, match="no master key for secrets at rest"):
        secrets.load_keyring(settings)


def test_the_embedded_mode_generates_a_private_key_file_once(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        database={"url": None},
        secrets={"master_key": None, "master_key_file": None},
    )
    first = secrets.load_keyring(settings)
    path = tmp_path / "data" / secrets.EMBEDDED_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secrets.load_keyring(settings) == first and first.primary == "local1"


def test_a_key_file_adds_keys_after_the_environments(tmp_path: Path) -> None:
    key_file = tmp_path / "keys"
    key_file.write_text(f"# written by the KMS agent\n{NEW_KEY}\n")
    settings = Settings(secrets={"master_key": TEST_KEY, "master_key_file": key_file})
    ring = secrets.load_keyring(settings)
    assert ring.primary == "test1" and set(ring.keys) == {"test1", "test2"}


# --- through the API, against Postgres --------------------------------------------------


def test_a_database_dump_reveals_no_signing_secret(client) -> None:
    first = client.put("/v1/webhook-endpoint", json={"url": None}).json()["secret"]
    second = client.post("/v1/webhook-endpoint/rotate-secret").json()["secret"]
    url = TEST_ENV["PAGEMILL_DATABASE__URL"].replace("+psycopg", "")
    dump = subprocess.run(["pg_dump", "--data-only", url], capture_output=True, text=True, check=True).stdout
    assert "webhook_endpoints" in dump
    for secret in (first, second):
        assert secret not in dump and secret.removeprefix("whsec_") not in dump
    _, current, previous = _stored(tenant_of(client))
    assert current.startswith("pmsec1:test1:")
    assert previous is not None and previous.startswith("pmsec1:test1:")


def test_signatures_verify_with_the_secret_the_client_got(client) -> None:
    given = client.put("/v1/webhook-endpoint", json={"url": None}).json()["secret"]
    with get_database().session_scope() as s:
        endpoint = s.query(WebhookEndpoint).filter_by(tenant_id=tenant_of(client)).one()
        headers = signature_headers("evt_1", '{"a":1}', endpoint.signing_secrets(utcnow()))
    assert Webhook(given).verify('{"a":1}', headers) == {"a": 1}


@pytest.fixture
def master_key_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Lets a test change this process's master keys; afterwards every row is wrapped by
    the suite's key again, so the API and worker processes keep reading them."""
    yield
    monkeypatch.setenv("PAGEMILL_SECRETS__MASTER_KEY", f"{TEST_KEY},{NEW_KEY}")
    get_settings.cache_clear()
    assert cli("secrets", "rotate")[0] == 0
    monkeypatch.undo()
    get_settings.cache_clear()


def _use_keys(monkeypatch: pytest.MonkeyPatch, spec: str) -> None:
    monkeypatch.setenv("PAGEMILL_SECRETS__MASTER_KEY", spec)
    get_settings.cache_clear()


def test_rotating_the_master_key_re_encrypts_and_old_rows_decrypt_meanwhile(
    client, master_key_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = client.put("/v1/webhook-endpoint", json={"url": None}).json()["secret"]
    row_id, before, _ = _stored(tenant_of(client))
    # the new key goes first; the old one stays for decryption
    _use_keys(monkeypatch, f"{NEW_KEY},{TEST_KEY}")
    both = secrets.keyring()
    assert both.decrypt(before, row_id.bytes) == given  # meanwhile: old rows still read
    code, out, err = cli("secrets", "rotate")
    assert code == 0, err
    assert "re-encrypted with master key 'test2'" in out
    _, after, _ = _stored(tenant_of(client))
    assert after.startswith("pmsec1:test2:")
    # the old key may now go
    assert _ring(NEW_KEY).decrypt(after, row_id.bytes) == given
    # a second run has nothing left to do for this row
    assert not both.needs_rewrap(after)


def test_a_legacy_plaintext_row_is_read_as_is_and_encrypted_by_rotate(client, master_key_env: None) -> None:
    client.put("/v1/webhook-endpoint", json={"url": None})
    legacy = "whsec_" + base64.b64encode(os.urandom(32)).decode()
    with get_database().session_scope() as s:
        s.execute(
            text("UPDATE webhook_endpoints SET secret = :v WHERE tenant_id = :t"),
            {"v": legacy, "t": tenant_of(client)},
        )
    with get_database().session_scope() as s:
        endpoint = s.query(WebhookEndpoint).filter_by(tenant_id=tenant_of(client)).one()
        assert endpoint.signing_secrets(utcnow()) == [legacy]
    assert cli("secrets", "rotate")[0] == 0
    row_id, stored, _ = _stored(tenant_of(client))
    assert stored.startswith("pmsec1:test1:")
    assert secrets.keyring().decrypt(stored, row_id.bytes) == legacy


def test_the_rotate_command_names_a_wrong_key(client, master_key_env: None, monkeypatch) -> None:
    client.put("/v1/webhook-endpoint", json={"url": None})
    # a new primary, and the old key's id with the wrong value
    _use_keys(monkeypatch, f"{NEW_KEY},{secrets.new_master_key('test1')}")
    code, _, err = cli("secrets", "rotate")
    assert code == 1 and "the key is wrong" in err


def test_the_api_refuses_to_start_without_a_master_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from api.app import create_app

    monkeypatch.delenv("PAGEMILL_SECRETS__MASTER_KEY")
    get_settings.cache_clear()
    try:
        with pytest.raises(secrets.SecretsError, match="PAGEMILL_SECRETS__MASTER_KEY"):
            create_app()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_a_wrong_key_in_a_worker_holds_deliveries_back_but_no_document(
    client, sent, monkeypatch: pytest.MonkeyPatch
) -> None:
    from common.webhooks.models import EventStatus
    from tests.webhook_delivery.attempts import attempt, event_of, finish

    client.put("/v1/webhook-endpoint", json={"url": "http://127.0.0.1:9/hook"})
    _use_keys(monkeypatch, secrets.new_master_key("test1"))
    try:
        # the document still finishes: recording its outcome needs no secret
        event = event_of(finish(tenant_of(client), 1))
        assert event.status == EventStatus.pending.value
        # and its delivery stops with the reason, leaving the event to a later attempt
        with pytest.raises(secrets.SecretsError, match="the key is wrong"):
            attempt(event)
        assert event_of(event.document_id).status == EventStatus.pending.value
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
