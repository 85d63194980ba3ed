"""Secrets at rest: values (webhook signing secrets) are encrypted with AES-GCM under a
master key before they reach the database, so that a dump alone reveals none of them.

A stored value is ``pmsec1:<key id>:<base64 of nonce + ciphertext>``; the associated data
is the owning row's id, so a value copied onto another row does not decrypt. Several
master keys may be configured at once: the first is the *primary* and wraps every new
value, the others only decrypt. That is how the master key rotates without downtime:
add the new key first, run ``pagemill secrets rotate`` (re-encrypts every row with the
primary), then drop the old key. A value without the prefix is a legacy plaintext row
(written before encryption existed); it is read as is and encrypted by the rotate command.

The keys come from ``PAGEMILL_SECRETS__MASTER_KEY`` and/or ``…__MASTER_KEY_FILE`` (a KMS
agent or a secret mount writes that file). The embedded mode generates a key file under
the data directory on first use; outside it a missing key is a start-up error.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets as _random
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from common.core.settings import Settings, get_settings

PREFIX = "pmsec1:"
EMBEDDED_KEY_FILE = "master.key"
_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
_NONCE = 12


class SecretsError(RuntimeError):
    """The master key is missing, malformed or not the one that wrapped a value."""


def new_master_key(key_id: str) -> str:
    """A fresh ``id:base64`` entry for MASTER_KEY or its file (256-bit AES key)."""
    if not _KEY_ID.match(key_id):
        raise SecretsError(f"bad master key id {key_id!r}: 1-32 of A-Z a-z 0-9 _ . -")
    return f"{key_id}:{base64.b64encode(AESGCM.generate_key(bit_length=256)).decode('ascii')}"


def parse_keys(text: str, source: str) -> list[tuple[str, bytes]]:
    """``id:base64key`` entries separated by commas or new lines, the primary first."""
    keys: list[tuple[str, bytes]] = []
    for entry in re.split(r"[,\n]", text):
        entry = entry.strip()
        if not entry or entry.startswith("#"):
            continue
        key_id, sep, encoded = entry.partition(":")
        if not sep or not _KEY_ID.match(key_id):
            raise SecretsError(f"{source}: each master key is 'id:base64key' (id: 1-32 of A-Z a-z 0-9 _ . -)")
        try:
            raw = base64.b64decode(encoded.strip(), validate=True)
        except binascii.Error:
            raise SecretsError(f"{source}: master key {key_id!r} is not base64") from None
        if len(raw) != 32:
            raise SecretsError(f"{source}: master key {key_id!r} must be 32 bytes (base64 of 256 bits)")
        if any(k == key_id for k, _ in keys):
            raise SecretsError(f"{source}: master key id {key_id!r} appears twice")
        keys.append((key_id, raw))
    return keys


@dataclass(frozen=True)
class Keyring:
    primary: str
    keys: dict[str, bytes]

    def __post_init__(self) -> None:
        if self.primary not in self.keys:
            raise SecretsError(f"primary master key {self.primary!r} is not among the keys")

    def encrypt(self, plaintext: str, row_id: bytes) -> str:
        nonce = _random.token_bytes(_NONCE)
        sealed = AESGCM(self.keys[self.primary]).encrypt(nonce, plaintext.encode("utf-8"), row_id)
        return f"{PREFIX}{self.primary}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, stored: str, row_id: bytes) -> str:
        if not stored.startswith(PREFIX):
            return stored  # legacy plaintext, until `pagemill secrets rotate` wraps it
        key_id, _, encoded = stored[len(PREFIX) :].partition(":")
        key = self.keys.get(key_id)
        if key is None:
            raise SecretsError(
                f"a stored secret was wrapped by master key {key_id!r}, which is not configured "
                "(keep old keys in PAGEMILL_SECRETS__MASTER_KEY until `pagemill secrets rotate` ran)"
            )
        blob = base64.b64decode(encoded)
        try:
            return AESGCM(key).decrypt(blob[:_NONCE], blob[_NONCE:], row_id).decode("utf-8")
        except InvalidTag:
            raise SecretsError(
                f"a stored secret does not decrypt with master key {key_id!r}: the key is wrong "
                "(not the one that wrapped it) or the value was tampered with"
            ) from None

    def key_id_of(self, stored: str) -> str | None:
        """The id of the key that wrapped ``stored``; None for a legacy plaintext value."""
        if not stored.startswith(PREFIX):
            return None
        return stored[len(PREFIX) :].partition(":")[0]

    def needs_rewrap(self, stored: str) -> bool:
        return self.key_id_of(stored) != self.primary


def _embedded_key(data_dir: Path) -> str:
    path = data_dir / EMBEDDED_KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Written whole under a private name, then linked into place: a process starting
        # at the same time never reads a half-written file, and the first link wins.
        tmp = data_dir / f".{EMBEDDED_KEY_FILE}.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(new_master_key("local1") + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text()


def load_keyring(settings: Settings) -> Keyring:
    """The configured keys (MASTER_KEY's first, then the file's); the first is primary."""
    conf = settings.secrets
    keys: list[tuple[str, bytes]] = []
    if conf.master_key:
        keys += parse_keys(conf.master_key, "PAGEMILL_SECRETS__MASTER_KEY")
    if conf.master_key_file:
        try:
            text = Path(conf.master_key_file).read_text()
        except OSError as exc:
            raise SecretsError(f"PAGEMILL_SECRETS__MASTER_KEY_FILE: cannot read it ({exc})") from None
        keys += parse_keys(text, str(conf.master_key_file))
    if not keys and settings.embedded:
        keys = parse_keys(_embedded_key(settings.data_dir), str(settings.data_dir / EMBEDDED_KEY_FILE))
    if not keys:
        raise SecretsError(
            "no master key for secrets at rest: set PAGEMILL_SECRETS__MASTER_KEY "
            "('id:base64 of 32 bytes', e.g. from `pagemill secrets new-key`) or "
            "PAGEMILL_SECRETS__MASTER_KEY_FILE (written by your KMS agent or secret mount)"
        )
    ring: dict[str, bytes] = {}
    for key_id, raw in keys:
        if key_id in ring:
            raise SecretsError(f"master key id {key_id!r} is configured twice")
        ring[key_id] = raw
    return Keyring(primary=keys[0][0], keys=ring)


_cache: dict[tuple[object, ...], Keyring] = {}


def keyring(settings: Settings | None = None) -> Keyring:
    """The process's keyring for ``settings`` (default: the environment's), read once."""
    settings = settings or get_settings()
    conf = settings.secrets
    cache_key = (conf.master_key, conf.master_key_file, settings.embedded, settings.data_dir.resolve())
    found = _cache.get(cache_key)
    if found is None:
        found = _cache[cache_key] = load_keyring(settings)
    return found
