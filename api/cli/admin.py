"""Commands an operator runs against the database: migrations, tenants, keys, workers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

import click
from sqlalchemy.orm import Session

from api.cli.shared import Group, fail
from api.cli.shared import run_db as _run_db
from common.core.settings import get_settings

T = TypeVar("T")


def run_db(fn: Callable[[Session], T]) -> T:
    """As shared.run_db, with what it records in the audit trail done by "cli"."""
    from common.audit.context import acting

    with acting("cli"):
        return _run_db(fn)


@click.command()
def migrate() -> None:
    """Apply database migrations (alembic upgrade head)."""
    from common.core import migrate as m

    m.upgrade(get_settings())
    click.echo("database is at the latest revision")


@click.group(cls=Group)
def tenants() -> None:
    """Manage tenants."""


@tenants.command("create")
@click.argument("name")
def tenants_create(name: str) -> None:
    """Create a tenant."""
    from common.tenants import service

    tenant = run_db(lambda s: service.create_tenant(s, name))
    click.echo(f"created tenant {tenant.name} ({tenant.id})")


@tenants.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Confirm: this cannot be undone.")
def tenants_delete(name: str, yes: bool) -> None:
    """Offboard a tenant: revoke its keys, delete and purge every document, remove its
    webhook endpoint. The name stays taken."""
    from common.tenants import service

    if not yes:
        fail(f"deleting tenant {name!r} revokes its keys and purges all its documents; add --yes to do it")
    done = run_db(lambda s: service.delete_tenant(s, name))
    click.echo(
        f"deleted tenant {name}: {done.keys} keys revoked, {done.documents} documents deleted "
        "(their stored files are being purged)"
    )


@click.group(cls=Group)
def keys() -> None:
    """Manage API keys."""


@keys.command("create")
@click.option("--tenant", required=True, help="Tenant name.")
@click.option("--name", default=None, help="A label for the key.")
def keys_create(tenant: str, name: str | None) -> None:
    """Create an API key; it is printed once and only its hash is stored."""
    from common.tenants import service

    new = run_db(lambda s: service.create_key(s, tenant, name=name))
    click.echo(new.key)
    click.echo(
        f"(key {new.record.prefix}… for tenant {tenant}: store it now, it cannot be shown again)", err=True
    )


def _when(t: datetime | None) -> str:
    return t.strftime("%Y-%m-%d %H:%M") if t is not None else "-"


@keys.command("list")
@click.option("--tenant", required=True, help="Tenant name.")
def keys_list(tenant: str) -> None:
    """List a tenant's keys: prefix, label, created, last used, and whether revoked."""
    from common.tenants import service

    rows = run_db(
        lambda s: [
            (k.prefix, k.name or "-", _when(k.created_at), _when(k.last_used_at), _when(k.revoked_at))
            for k in service.list_keys(s, tenant)
        ]
    )
    click.echo(f"{'KEY':<13} {'NAME':<20} {'CREATED':<16} {'LAST USED':<16} REVOKED")
    for prefix, name, created, used, revoked in rows:
        click.echo(f"{prefix + '…':<13} {name[:20]:<20} {created:<16} {used:<16} {revoked}")


@keys.command("revoke")
@click.option("--tenant", required=True, help="Tenant name.")
@click.argument("prefix")
def keys_revoke(tenant: str, prefix: str) -> None:
    """Revoke the key that starts with PREFIX (as `keys list` shows it); it stops working at once."""
    from common.tenants import service

    def revoke(session: Session) -> tuple[str, bool]:
        key, live = service.revoke_key(session, tenant, prefix)
        return key.prefix, live

    shown, live = run_db(revoke)
    click.echo(f"revoked key {shown}… of tenant {tenant}" if live else f"key {shown}… was already revoked")


@click.command("workers")
def workers_list() -> None:
    """List the live workers and the queues each consumes (from their heartbeats)."""
    from datetime import timedelta

    from common.workers import service

    within = timedelta(seconds=get_settings().reliability.worker_stale_after)
    rows = run_db(
        lambda s: [
            (w.id, ",".join(w.queues) or "(none: see its /readyz)", w.started_at, w.seen_at)
            for w in service.live(s, within)
        ]
    )
    click.echo(f"{'WORKER':<40} {'STARTED':<20} {'SEEN':<20} QUEUES")
    for wid, queues, started, seen in rows:
        click.echo(f"{wid:<40} {started:%Y-%m-%d %H:%M:%S}  {seen:%Y-%m-%d %H:%M:%S}  {queues}")


@click.group(cls=Group)
def secrets() -> None:
    """Master keys for the secrets stored encrypted (webhook signing secrets)."""


@secrets.command("new-key")
@click.option("--id", "key_id", required=True, help="Its id, stored beside every value it wraps.")
def secrets_new_key(key_id: str) -> None:
    """Print a new master key entry ('id:base64'), to put first in PAGEMILL_SECRETS__MASTER_KEY."""
    from common.core.secrets import SecretsError, new_master_key

    try:
        click.echo(new_master_key(key_id))
    except SecretsError as exc:
        fail(str(exc))


@secrets.command("rotate")
def secrets_rotate() -> None:
    """Re-encrypt every stored secret with the primary (first) master key, and encrypt
    legacy plaintext ones. The older keys may be removed once this has run."""
    from common.core import secrets as keys_at_rest
    from common.webhooks.endpoints import rewrap_secrets

    try:
        ring = keys_at_rest.keyring(get_settings())
        changed = run_db(lambda s: rewrap_secrets(s, ring))
    except keys_at_rest.SecretsError as exc:
        fail(str(exc))
    click.echo(f"{changed} webhook endpoints re-encrypted with master key {ring.primary!r}")


COMMANDS = (migrate, tenants, keys, workers_list, secrets)
