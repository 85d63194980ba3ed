"""What every ``pagemill`` command shares: one-line errors and a transaction to run in."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any, NoReturn, TypeVar

import click
from click.exceptions import NoArgsIsHelpError
from sqlalchemy.orm import Session

T = TypeVar("T")


def fail(message: str, code: int = 1) -> NoReturn:
    """End the command with a one-line message on stderr: what went wrong and, where we
    know it, what to do (no traceback; a person reads this)."""
    click.echo(f"pagemill: error: {message}", err=True)
    sys.exit(code)


def run_db(fn: Callable[[Session], T]) -> T:
    """Run fn(session) in one transaction; domain errors become one-line messages."""
    from sqlalchemy.exc import OperationalError

    from common.core.db import get_database
    from common.core.errors import PagemillError

    try:
        with get_database().session_scope() as s:
            return fn(s)
    except PagemillError as exc:
        fail(exc.detail)
    except OperationalError as exc:
        fail(f"cannot reach the database ({str(exc.orig).strip().splitlines()[0]}); run `pagemill migrate`?")


class OneLineUsageError(click.UsageError):
    """A bad option or command, shown like every other error: one line, exit code 2."""

    def show(self, file: IO[Any] | None = None) -> None:
        hint = f" (see `{self.ctx.command_path} --help`)" if self.ctx is not None else ""
        click.echo(f"pagemill: error: {self.format_message()}{hint}", err=True)


@contextmanager
def _one_line_usage() -> Iterator[None]:
    try:
        yield
    except (OneLineUsageError, NoArgsIsHelpError):
        raise
    except click.UsageError as exc:
        raise OneLineUsageError(exc.format_message(), exc.ctx) from None


class Group(click.Group):
    """A command group whose usage errors are one line (click prints the usage, a hint
    and the error on three)."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        with _one_line_usage():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with _one_line_usage():
            return super().invoke(ctx)
