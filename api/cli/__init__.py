"""The ``pagemill`` command. Its subcommands live by job: admin (database, tenants,
keys, workers), services (API, worker, beat, model server, the embedded stack) and
convert (one file, start to finish)."""

from __future__ import annotations

from importlib import metadata

import click

from api.cli import admin, services
from api.cli.convert import convert
from api.cli.shared import Group


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    try:
        version = metadata.version("pagemill")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        version = "(not installed)"
    click.echo(f"pagemill {version}")
    ctx.exit()


@click.group(cls=Group)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
def main() -> None:
    """Pagemill: documents to Markdown, DoclingDocument JSON, DocTags and text."""


for _command in (*admin.COMMANDS, *services.COMMANDS, convert):
    main.add_command(_command)

__all__ = ["main"]
