"""``pagemill convert``: one file through the API, embedded unless --api-url, with the
Python client (pagemill_client). The result goes to stdout (or --output) and nothing
else does; progress goes to stderr.

Everything that can be checked without the stack is checked before it starts (about
8 s): the file, its type, the options. A mistake costs a line, not a wait.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from api.cli.shared import fail
from common.core import engines
from common.core.settings import Settings, get_settings
from common.documents.schemas import OUTPUT_FORMATS

if TYPE_CHECKING:
    from pagemill_client import Client

# Read from a file to decide its type, as the API does (the PDF header may follow up to
# 1 KB of junk).
_HEAD_BYTES = 2048
_ENGINES_HELP = "\b\nEngines:\n" + "\n".join(f"  {line}" for line in engines.help_lines())


@click.command(epilog=_ENGINES_HELP)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", default="markdown", show_default=True, type=click.Choice(OUTPUT_FORMATS))
@click.option(
    "--engine",
    type=click.Choice(engines.PUBLIC),
    default=None,
    help="The engine that reads the pages (see below) [default: the server's, normally auto].",
)
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
    """Convert FILE (PDF, PNG, JPEG or TIFF) and print the result."""
    settings = get_settings()
    check_file(file)
    check_options(settings, engine=engine, pages=pages, output=output, api_url=api_url, api_key=api_key)
    job = Job(file, fmt, engine, pages, output, timeout)
    if api_url:
        assert api_key is not None
        job.run(api_url, api_key)
        return
    from api.embedded import EmbeddedStack, local_api_key

    click.echo(f"starting embedded Pagemill (data in {settings.data_dir.resolve()}) …", err=True)
    with EmbeddedStack(settings) as stack:
        # The embedded API logs to this terminal too; progress lines are what a person wants here.
        logging.getLogger().setLevel(max(logging.WARNING, logging.getLogger().level))
        job.run(stack.url, local_api_key(settings))


def check_file(file: Path) -> None:
    """Fail at once on a file the API would refuse for what it is (not for its content,
    which only the API's confined inspection reads)."""
    from common.uploads.sniff import describe_unknown, sniff

    if not file.exists():
        fail(f"{file}: no such file")
    if file.is_dir():
        fail(f"{file}: is a directory")
    try:
        with file.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError as exc:
        fail(f"{file}: cannot read it ({exc.strerror or exc})")
    if not head:
        fail(f"{file.name}: the file is empty (0 bytes)")
    if sniff(head) is None:
        fail(f"{file.name}: the file is {describe_unknown(head)}, not a PDF, PNG, JPEG or TIFF")


def check_options(
    settings: Settings,
    *,
    engine: str | None,
    pages: str | None,
    output: Path | None,
    api_url: str | None,
    api_key: str | None,
) -> None:
    from common.core.errors import InvalidInput
    from common.documents.pages import parse_page_selection

    if api_url and not api_key:
        fail("--api-key (or PAGEMILL_API_KEY) is required with --api-url")
    if pages is not None:
        try:  # no upload has more pages than max_pages, so a page beyond it is out of range
            parse_page_selection(pages, settings.limits.max_pages)
        except InvalidInput as exc:
            fail(f"--{exc.detail}")
    if output is not None and not output.resolve().parent.is_dir():
        fail(f"--output: {output.parent} is not a directory")
    spec = engines.find(engine)
    if not api_url and spec is not None and spec.needs_worker and settings.engines.require_worker:
        fail(
            f"--engine {engine}: needs a worker of its own (`pagemill worker --engine {engine}`), "
            "which the embedded stack does not start; use --api-url with a stack that runs one"
        )


class Job:
    """One conversion: submit, follow the pages, fetch the result."""

    def __init__(
        self, file: Path, fmt: str, engine: str | None, pages: str | None, output: Path | None, timeout: float
    ) -> None:
        self.file, self.fmt, self.engine, self.pages = file, fmt, engine, pages
        self.output, self.timeout = output, timeout

    def run(self, url: str, key: str) -> None:
        import httpx

        from pagemill_client import Client, PagemillError

        try:
            with Client(url, key) as client:
                self._run(client)
        except PagemillError as exc:
            fail(f"{self.file.name}: {exc.problem.get('detail') or exc}")
        except httpx.HTTPError as exc:
            fail(f"cannot reach Pagemill at {url}: {exc}")

    def _run(self, client: Client) -> None:
        started = time.monotonic()
        doc = client.submit(self.file, engine=self.engine, output_formats=[self.fmt], pages=self.pages)
        click.echo(
            f"submitted {self.file.name} as {doc['id']} "
            f"({doc['pages']['total']} pages, engine {doc['engine']})",
            err=True,
        )
        progress = Progress()
        try:
            doc = client.wait(doc["id"], timeout=self.timeout, interval=0.2, on_poll=progress.update)
        except TimeoutError:
            fail(f"timed out after {self.timeout:g} s; the document {doc['id']} is not finished yet")
        if doc["status"] in ("failed", "cancelled"):
            fail(f"{self.file.name}: {doc['status']}: {(doc.get('error') or {}).get('message', '')}")
        click.echo(progress.summary(doc, time.monotonic() - started), err=True)
        body = client.result(doc["id"], self.fmt)
        if self.fmt == "json":
            body = json.dumps(json.loads(body), indent=2, ensure_ascii=False) + "\n"
        if self.output:
            self.output.write_bytes(body.encode("utf-8"))
            click.echo(f"wrote {self.output}", err=True)
        else:  # bytes: the terminal's locale must not decide whether the result prints
            sys.stdout.buffer.write(body.encode("utf-8"))
            sys.stdout.flush()


_FINISHED = ("done", "failed", "cancelled")


class Progress:
    """A line on stderr per page as it finishes, naming the engine that read it (with
    ``auto``, pages of one document may be read differently), and a summary."""

    def __init__(self) -> None:
        self.reported: set[int] = set()
        self.engines: Counter[str] = Counter()

    def update(self, doc: dict[str, Any]) -> None:
        finished = [p for p in doc.get("page_details") or [] if p["status"] in _FINISHED]
        for page in sorted(finished, key=lambda p: p["page_no"]):
            if page["page_no"] in self.reported:
                continue
            self.reported.add(page["page_no"])
            line = f"page {page['page_no']}/{doc['source_pages']} {page['status']}"
            if page.get("engine"):
                line += f" ({page['engine']})"
            if page["status"] == "done" and page.get("engine"):
                self.engines[page["engine"]] += 1
            if page.get("error"):
                line += f": {page['error']['message']}"
            click.echo(line, err=True)

    def summary(self, doc: dict[str, Any], elapsed: float) -> str:
        done, failed = doc["pages"]["done"], doc["pages"]["failed"]
        line = f"converted {done} page{'' if done == 1 else 's'} in {_took(doc, elapsed):.1f} s"
        if self.engines:
            used = (f"{name} ×{n}" for name, n in self.engines.most_common())  # noqa: RUF001  (a count)
            line += f" ({', '.join(used)})"
        if failed:
            line += f"; {failed} failed"
        return line


def _took(doc: dict[str, Any], elapsed: float) -> float:
    """How long the document took on the server (queued to finished); what this side
    waited where the server's timestamps are missing."""
    try:
        return (
            datetime.fromisoformat(doc["finished_at"]) - datetime.fromisoformat(doc["created_at"])
        ).total_seconds()
    except (KeyError, TypeError, ValueError):
        return elapsed
