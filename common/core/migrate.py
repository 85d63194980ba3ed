"""Run Alembic migrations programmatically (``pagemill migrate``, embedded start-up, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

import migrations
from common.core.settings import Settings


def alembic_config(settings: Settings) -> Config:
    folder = Path(migrations.__file__).parent
    cfg = Config(str(folder / "alembic.ini"))
    cfg.set_main_option("script_location", str(folder))
    cfg.attributes["configure_logger"] = False
    return cfg


def upgrade(settings: Settings, revision: str = "head") -> None:
    settings.ensure_dirs()
    command.upgrade(alembic_config(settings), revision)
