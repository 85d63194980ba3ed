"""Commands that run a part of Pagemill: the API, a worker, beat, a model server, or the
whole embedded stack on this machine."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from api.cli.shared import fail
from common.core import engines
from common.core.settings import get_settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="API processes.")
def serve(host: str, port: int, workers: int) -> None:
    """Run the API server only."""
    import uvicorn

    from api.limits import server_options

    # access_log off: the API writes its own JSON line per request (with document_id,
    # without the query string, where a client may have put its key by mistake).
    uvicorn.run(
        "api.app:create_served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        **server_options(get_settings().http),
    )


@click.command()
@click.option(
    "--queues",
    "-Q",
    default=None,
    help="Comma-separated queues (default: cpu,webhooks; with --engine: that engine's queue).",
)
@click.option(
    "--engine",
    "-e",
    type=click.Choice(engines.WORKER),
    default=None,
    help="Serve one engine that needs a worker of its own: its queue, a thread pool, and "
    "(a model engine) the model loaded at start-up.",
)
@click.option("--concurrency", "-c", default=None, type=int, help="Worker processes (threads with --engine).")
@click.option("--loglevel", "-l", default="info", show_default=True)
@click.option(
    "--beat",
    "-B",
    is_flag=True,
    help="Also run Celery beat: the webhook sweep and the page reaper.",
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
    from api.embedded import worker_command

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)  # beat keeps its schedule there
    pool = None
    env = dict(os.environ)
    if engine is not None:
        spec = engines.get(engine)
        if spec.kind == "model":
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
        queues = queues or spec.queue
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


@click.command("model-server")
@click.option("--engine", "-e", required=True, type=click.Choice(engines.MODEL), help="The model to serve.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
def model_server(engine: str, host: str, port: int) -> None:
    """Serve a model engine as an OpenAI-compatible chat-completions endpoint."""
    import uvicorn

    from worker.engines.registry import get_engine
    from worker.engines.vlm.engines import ModelEngine
    from worker.engines.vlm.runtime import ModelMissing
    from worker.model_server import create_app

    eng = get_engine(engine)
    assert isinstance(eng, ModelEngine)
    try:
        eng.warm()
    except ModelMissing as exc:
        raise click.ClickException(str(exc)) from None
    uvicorn.run(create_app(eng), host=host, port=port)


@click.command("ocr-models")
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
        fail(f"rapidocr's bundled models are missing: {', '.join(missing)}")
    try:
        paths = derive.ensure(target, sources)
    except OSError as exc:  # the directory: not creatable, not writable, disk full
        fail(f"cannot write the int8 OCR models to {target}: {exc.strerror or exc}")
    except Exception as exc:  # the quantiser or onnx: missing, or failing on these models
        fail(f"cannot derive the int8 OCR models: {type(exc).__name__}: {exc}".splitlines()[0])
    for kind, path in paths.items():
        click.echo(f"{kind}: {path}")


@click.command()
@click.option("--loglevel", "-l", default="info", show_default=True)
def beat(loglevel: str) -> None:
    """Run Celery beat: the webhook outbox sweep and the page reaper. A second beat, for
    availability, is safe: each pass holds a Postgres advisory lock (common/core/leader.py)."""
    get_settings().data_dir.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "celery", "-A", "worker.celery_app", "beat", "-l", loglevel]
    os.execv(cmd[0], cmd)  # noqa: S606


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--concurrency", "-c", default=None, type=int, help="Worker processes.")
def up(host: str, port: int, concurrency: int | None) -> None:
    """Start API + worker on this machine (state under PAGEMILL_DATA_DIR)."""
    from api.embedded import EmbeddedStack, ensure_local_api_key

    settings = get_settings()
    stack = EmbeddedStack(settings, host=host, port=port, concurrency=concurrency, quiet=False)
    stack.start()
    key_file, created = ensure_local_api_key(settings)
    click.echo(f"Pagemill is up at {stack.url} (data in {settings.data_dir.resolve()})", err=True)
    click.echo(f"Review page: {stack.url}/ui (paste the API key there; it stays in the tab)", err=True)
    # The key is shown once, when it is made; a terminal's scroll-back or a captured
    # stderr should not hold it on every start.
    if created is not None:
        click.echo(f"API key of tenant 'local' (shown once, kept in {key_file}): {created}", err=True)
    else:
        click.echo(f"API key of tenant 'local': in {key_file}", err=True)
    try:
        stack.wait()
    finally:
        stack.stop()


COMMANDS = (serve, worker, model_server, ocr_models, beat, up)
