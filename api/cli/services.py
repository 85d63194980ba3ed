"""The ``pagemill`` command."""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import click
import httpx

from common.core.settings import get_settings


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"pagemill: error: {message}", err=True)
    sys.exit(code)


def _run_db(fn: Any) -> Any:
    """Run fn(session) in one transaction; domain errors become one-line messages."""
    from sqlalchemy.exc import OperationalError

    from common.core.db import get_database
    from common.core.errors import PagemillError

    try:
        with get_database().session_scope() as s:
            return fn(s)
    except PagemillError as exc:
        _fail(exc.detail)
    except OperationalError as exc:
        _fail(f"cannot reach the database ({str(exc.orig).strip().splitlines()[0]}); run `pagemill migrate`?")


@click.group()
def main() -> None:
    """Pagemill: documents to Markdown, DoclingDocument JSON, DocTags and text."""


@main.command()
def migrate() -> None:
    """Apply database migrations (alembic upgrade head)."""
    from common.core import migrate as m

    m.upgrade(get_settings())
    click.echo("database is at the latest revision")


@main.group()
def tenants() -> None:
    """Manage tenants."""


@tenants.command("create")
@click.argument("name")
def tenants_create(name: str) -> None:
    """Create a tenant."""
    from common.tenants import service

    tenant = _run_db(lambda s: service.create_tenant(s, name))
    click.echo(f"created tenant {tenant.name} ({tenant.id})")


@tenants.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Confirm: this cannot be undone.")
def tenants_delete(name: str, yes: bool) -> None:
    """Offboard a tenant: revoke its keys, delete and purge every document, remove its
    webhook endpoint. The name stays taken."""
    from common.tenants import service

    if not yes:
        _fail(f"deleting tenant {name!r} revokes its keys and purges all its documents; add --yes to do it")
    done = _run_db(lambda s: service.delete_tenant(s, name))
    click.echo(
        f"deleted tenant {name}: {done.keys} keys revoked, {done.documents} documents deleted "
        "(their stored files are being purged)"
    )


@main.group()
def keys() -> None:
    """Manage API keys."""


@keys.command("create")
@click.option("--tenant", required=True, help="Tenant name.")
@click.option("--name", default=None, help="A label for the key.")
def keys_create(tenant: str, name: str | None) -> None:
    """Create an API key; it is printed once and only its hash is stored."""
    from common.tenants import service

    new = _run_db(lambda s: service.create_key(s, tenant, name=name))
    click.echo(new.key)
    click.echo(
        f"(key {new.record.prefix}… for tenant {tenant}: store it now, it cannot be shown again)", err=True
    )


@keys.command("list")
@click.option("--tenant", required=True, help="Tenant name.")
def keys_list(tenant: str) -> None:
    """List a tenant's keys: prefix, label, created, last used, and whether revoked."""
    from common.tenants import service

    def when(t: Any) -> str:
        return t.strftime("%Y-%m-%d %H:%M") if t is not None else "-"

    rows = _run_db(
        lambda s: [
            (k.prefix, k.name or "-", when(k.created_at), when(k.last_used_at), when(k.revoked_at))
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

    def revoke(session: Any) -> tuple[str, bool]:
        key, live = service.revoke_key(session, tenant, prefix)
        return key.prefix, live

    shown, live = _run_db(revoke)
    click.echo(f"revoked key {shown}… of tenant {tenant}" if live else f"key {shown}… was already revoked")


@main.command("workers")
def workers_list() -> None:
    """List the live workers and the queues each consumes (from their heartbeats)."""
    from datetime import timedelta

    from common.core.settings import get_settings
    from common.workers import service

    within = timedelta(seconds=get_settings().reliability.worker_stale_after)
    rows = _run_db(
        lambda s: [
            (w.id, ",".join(w.queues) or "(none: see its /readyz)", w.started_at, w.seen_at)
            for w in service.live(s, within)
        ]
    )
    click.echo(f"{'WORKER':<40} {'STARTED':<20} {'SEEN':<20} QUEUES")
    for wid, queues, started, seen in rows:
        click.echo(f"{wid:<40} {started:%Y-%m-%d %H:%M:%S}  {seen:%Y-%m-%d %H:%M:%S}  {queues}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="API processes.")
def serve(host: str, port: int, workers: int) -> None:
    """Run the API server only."""
    import uvicorn

    # access_log off: the API writes its own JSON line per request (with document_id).
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        access_log=False,
    )


@main.command()
@click.option(
    "--queues",
    "-Q",
    default=None,
    help="Comma-separated queues (default: cpu,webhooks; with --engine: that engine's queue).",
)
@click.option(
    "--engine",
    "-e",
    default=None,
    help="Serve one model engine (smoldocling, granite-docling, lightonocr, smolvlm) or openai: "
    "its queue, a thread pool, and the model loaded at start-up.",
)
@click.option("--concurrency", "-c", default=None, type=int, help="Worker processes (threads with --engine).")
@click.option("--loglevel", "-l", default="info", show_default=True)
@click.option(
    "--beat",
    "-B",
    is_flag=True,
    help="Also run Celery beat: the webhook sweep and the page reaper (one per deployment).",
)
@click.option(
    "--name", "-n", default=None, help="Worker node name, e.g. cpu@%h (default: pagemill-<pid>@%h)."
)
def worker(
    queues: str | None,
    engine: str | None,
    concurrency: int | None,
    loglevel: str,
    beat: bool,
    name: str | None,
) -> None:
    """Run a Celery worker on the given queues."""
    import os

    from api.embedded import worker_command
    from common.core.queue import MODEL_ENGINES, REMOTE_ENGINES, engine_queue

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)  # beat keeps its schedule there
    pool = None
    env = dict(os.environ)
    if engine is not None:
        if engine not in MODEL_ENGINES + REMOTE_ENGINES:
            raise click.UsageError(
                f"--engine: {engine!r} is not one of {', '.join(MODEL_ENGINES + REMOTE_ENGINES)}"
            )
        if engine in MODEL_ENGINES:
            # Fail here, in one line, rather than in a worker that would take pages it
            # cannot convert.
            from worker.engines.vlm.runtime import ModelMissing, locate, model_location

            try:
                locate(engine, model_location(settings.models, engine))
            except ModelMissing as exc:
                raise click.ClickException(str(exc)) from None
            # Enough pages in flight to fill two batches: one generating, one gathering.
            concurrency = concurrency or 2 * settings.gpu.max_batch
        else:
            concurrency = concurrency or settings.openai.max_in_flight
        queues = queues or engine_queue(engine)
        # Threads, not forked children: one process holds the model (loaded once, after
        # Celery starts, never in a parent that forks) and its batcher sees every page.
        pool = "threads"
        env["PAGEMILL_GPU__PRELOAD"] = engine
    cmd = worker_command(
        queues=queues or "cpu,webhooks",
        concurrency=concurrency,
        loglevel=loglevel,
        beat=beat,
        name=name,
        pool=pool,
    )
    os.execve(cmd[0], cmd, env)  # noqa: S606  (replace this process: signals go straight to Celery)


@main.command("model-server")
@click.option("--engine", "-e", required=True, help="smoldocling, granite-docling, lightonocr or smolvlm.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
def model_server(engine: str, host: str, port: int) -> None:
    """Serve a model engine as an OpenAI-compatible chat-completions endpoint."""
    import uvicorn

    from common.core.queue import MODEL_ENGINES
    from worker.engines.registry import get_engine
    from worker.engines.vlm.engines import ModelEngine
    from worker.engines.vlm.runtime import ModelMissing
    from worker.model_server import create_app

    if engine not in MODEL_ENGINES:
        raise click.UsageError(f"--engine: {engine!r} is not one of {', '.join(MODEL_ENGINES)}")
    eng = get_engine(engine)
    assert isinstance(eng, ModelEngine)
    try:
        eng.warm()
    except ModelMissing as exc:
        raise click.ClickException(str(exc)) from None
    uvicorn.run(create_app(eng), host=host, port=port)


@main.command("ocr-models")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to put them [default: engines.ocr_model_dir, else DATA_DIR/ocr-models].",
)
def ocr_models(directory: Path | None) -> None:
    """Derive the int8 OCR models from rapidocr's bundled ones (once; about 75 s, offline)."""
    from worker.engines import ocr_models as derive
    from worker.engines.rapidocr import bundled_models, default_model_dir

    target = directory or default_model_dir()
    sources = bundled_models()
    missing = [str(p) for p in sources.values() if not p.is_file()]
    if missing:
        _fail(f"rapidocr's bundled models are missing: {', '.join(missing)}")
    try:
        paths = derive.ensure(target, sources)
    except OSError as exc:  # the directory: not creatable, not writable, disk full
        _fail(f"cannot write the int8 OCR models to {target}: {exc.strerror or exc}")
    except Exception as exc:  # the quantiser or onnx: missing, or failing on these models
        _fail(f"cannot derive the int8 OCR models: {type(exc).__name__}: {exc}".splitlines()[0])
    for kind, path in paths.items():
        click.echo(f"{kind}: {path}")


@main.command()
@click.option("--loglevel", "-l", default="info", show_default=True)
def beat(loglevel: str) -> None:
    """Run Celery beat: the webhook outbox sweep and the page reaper (one per deployment)."""
    import os
    import sys

    get_settings().data_dir.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "celery", "-A", "worker.celery_app", "beat", "-l", loglevel]
    os.execv(cmd[0], cmd)  # noqa: S606


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--concurrency", "-c", default=None, type=int, help="Worker processes.")
def up(host: str, port: int, concurrency: int | None) -> None:
    """Start API + worker on this machine (state under PAGEMILL_DATA_DIR)."""
    from api.embedded import EmbeddedStack, local_api_key

    settings = get_settings()
    stack = EmbeddedStack(settings, host=host, port=port, concurrency=concurrency, quiet=False)
    stack.start()
    key = local_api_key(settings)
    click.echo(f"Pagemill is up at {stack.url} (data in {settings.data_dir.resolve()})", err=True)
    click.echo(f"API key of tenant 'local': {key}", err=True)
    try:
        stack.wait()
    finally:
        stack.stop()


def _problem_detail(resp: httpx.Response) -> str:
    try:
        body = resp.json()
        return str(body.get("detail") or body.get("title") or resp.text)
    except ValueError:
        return resp.text.strip()[:200] or f"HTTP {resp.status_code}"


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    default="markdown",
    show_default=True,
    type=click.Choice(["markdown", "json", "text", "doctags", "html"]),
)
@click.option("--engine", default=None, help="auto (default), pdf-text, …")
@click.option("--pages", default=None, help="Page selection, e.g. 1-3,7.")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here, not stdout."
)
@click.option(
    "--api-url", envvar="PAGEMILL_API_URL", default=None, help="A running Pagemill; default: embedded."
)
@click.option("--api-key", envvar="PAGEMILL_API_KEY", default=None)
@click.option("--timeout", default=600.0, show_default=True, help="Seconds to wait for the result.")
def convert(
    file: Path,
    fmt: str,
    engine: str | None,
    pages: str | None,
    output: Path | None,
    api_url: str | None,
    api_key: str | None,
    timeout: float,
) -> None:
    """Convert FILE and print the result (through the API, embedded unless --api-url)."""
    if not file.exists():
        _fail(f"{file}: no such file")
    if api_url:
        if not api_key:
            _fail("--api-key (or PAGEMILL_API_KEY) is required with --api-url")
        _convert_via(api_url, api_key, file, fmt, engine, pages, output, timeout)
        return
    from api.embedded import EmbeddedStack, local_api_key

    settings = get_settings()
    click.echo(f"starting embedded Pagemill (data in {settings.data_dir.resolve()}) …", err=True)
    with EmbeddedStack(settings) as stack:
        # The embedded API logs to this terminal too; progress lines are what a person wants here.
        logging.getLogger().setLevel(max(logging.WARNING, logging.getLogger().level))
        _convert_via(stack.url, local_api_key(settings), file, fmt, engine, pages, output, timeout)


def _convert_via(
    url: str,
    key: str,
    file: Path,
    fmt: str,
    engine: str | None,
    pages: str | None,
    output: Path | None,
    timeout: float,
) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    data = {"output_formats": fmt}
    if engine:
        data["engine"] = engine
    if pages:
        data["pages"] = pages
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        try:
            with file.open("rb") as fh:
                resp = client.post("/v1/documents", files={"file": (file.name, fh)}, data=data)
        except httpx.HTTPError as exc:
            _fail(f"cannot reach Pagemill at {url}: {exc}")
        if resp.status_code >= 400:
            _fail(f"{file.name}: {_problem_detail(resp)}")
        doc = resp.json()
        doc_id = doc["id"]
        click.echo(f"submitted {file.name} as {doc_id} ({doc['pages']['total']} pages)", err=True)
        deadline = time.monotonic() + timeout
        last = None
        while True:
            doc = client.get(f"/v1/documents/{doc_id}").json()
            progress = (doc["status"], doc["pages"]["done"], doc["pages"]["failed"])
            if progress != last:
                click.echo(
                    f"  {doc['status']}: {doc['pages']['done']}/{doc['pages']['total']} pages done"
                    + (f", {doc['pages']['failed']} failed" if doc["pages"]["failed"] else ""),
                    err=True,
                )
                last = progress
            if doc["status"] in ("succeeded", "partially_succeeded", "failed", "cancelled"):
                break
            if time.monotonic() > deadline:
                _fail(f"timed out after {timeout:.0f}s; the document {doc_id} is still {doc['status']}")
            time.sleep(0.2)
        for page in doc.get("page_details") or []:
            if page.get("error"):
                click.echo(f"  page {page['page_no']}: {page['error']['message']}", err=True)
        if doc["status"] in ("failed", "cancelled"):
            _fail(f"{file.name}: {doc['status']}: {(doc.get('error') or {}).get('message', '')}")
        resp = client.get(f"/v1/documents/{doc_id}/result", params={"format": fmt})
        if resp.status_code >= 400:
            _fail(_problem_detail(resp))
        body = resp.content
        if fmt == "json":
            body = json.dumps(resp.json(), indent=2, ensure_ascii=False).encode() + b"\n"
        if output:
            output.write_bytes(body)
            click.echo(f"wrote {output}", err=True)
        else:
            sys.stdout.buffer.write(body)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
