"""The README and docs/ say what the code does: every setting, engine and output format
is documented, and every link and code path they name exists.

Adding a setting, an engine or a format without a line of documentation fails here, and
so does moving a module that the docs still name at its old place.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from common.core import engines as catalog
from common.core.settings import Settings
from common.documents import schemas
from tests.helpers import cli

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CONFIGURATION = ROOT / "docs" / "configuration.md"
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]

# PAGEMILL_ variables that Settings does not read: build, CLI, compose and test options
# (docs/configuration.md lists them apart).
NOT_SETTINGS = {"PAGEMILL_PURE_PYTHON", "PAGEMILL_API_URL", "PAGEMILL_API_KEY", "PAGEMILL_MODELS_DIR"}
NOT_SETTINGS |= {"PAGEMILL_TEST_PG", "PAGEMILL_TEST_REDIS", "PAGEMILL_RELIABILITY_REPORT"}


def env_vars(model: type[BaseModel] = Settings, prefix: str = "PAGEMILL_") -> Iterator[tuple[str, object]]:
    """(variable, default) for every leaf field: a group's fields are PREFIX_GROUP__FIELD."""
    for name, field in model.model_fields.items():
        var = prefix + name.upper()
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            yield from env_vars(kind, var + "__")
        else:
            yield var, field.get_default(call_default_factory=True)


SETTINGS = dict(env_vars())


def table_rows(text: str, header: str) -> list[list[str]]:
    """The rows of the markdown table whose header row starts with ``header``."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(header)]
    assert starts, f"no table with the header {header!r}"
    rows = []
    for line in lines[starts[0] + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def variable_rows(text: str) -> dict[str, list[str]]:
    """Every table row whose first cell is one `PAGEMILL_...` variable, by variable."""
    rows = {}
    for line in text.splitlines():
        if m := re.match(r"\| `(PAGEMILL_\w+)` \|", line):
            rows[m.group(1)] = [cell.strip() for cell in line.strip("|").split(" | ")]
    return rows


def first_column_codes(text: str, header: str) -> set[str]:
    return {m.group(1) for row in table_rows(text, header) if (m := re.fullmatch(r"`([^`]+)`", row[0]))}


def flat(text: str) -> str:
    """Help text with click's line wrapping undone (it may break a name at a hyphen)."""
    return re.sub(r"\s+", " ", re.sub(r"-\n\s*", "-", text))


def engines() -> set[str]:
    """The engines a request may name (the test-only ``null`` is not documented)."""
    return set(catalog.PUBLIC)


def shown(default: object) -> str | None:
    """How the docs write a default, or None where they describe it in words."""
    if default is None or (isinstance(default, list) and not default):
        return None
    if isinstance(default, bool):
        return str(default).lower()
    if isinstance(default, float):
        return f"{default:g}"
    if isinstance(default, list):
        return ",".join(f"{v:g}" if isinstance(v, float) else str(v) for v in default)
    return str(default)


def test_every_setting_is_in_the_configuration_doc_with_its_default() -> None:
    rows = variable_rows(CONFIGURATION.read_text())
    missing = sorted(var for var in SETTINGS if var not in rows)
    assert not missing, f"settings without a row in docs/configuration.md: {missing}"
    wrong = [
        f"{var}: {rows[var][1]!r} does not show {expected!r}"
        for var, default in SETTINGS.items()
        if (expected := shown(default)) is not None and expected not in rows[var][1]
    ]
    # A setting whose default is None is described in words, never as a bare value.
    wrong += [
        f"{var}: {rows[var][1]!r}, but it is unset by default"
        for var, default in SETTINGS.items()
        if default is None and re.fullmatch(r"`[^`]*`", rows[var][1])
    ]
    assert not wrong, "\n".join(wrong)


def test_every_variable_the_docs_name_exists() -> None:
    known = set(SETTINGS) | NOT_SETTINGS
    stale = []
    for doc in DOCS:
        for name in set(re.findall(r"PAGEMILL_[A-Z0-9_]*[A-Z0-9_]", doc.read_text())):
            # PAGEMILL_MODELS__<ENGINE>__PATH and PAGEMILL_GPU__REPEAT_* name a prefix.
            partial = name.endswith("_") and any(var.startswith(name) for var in known)
            if name not in known and not partial:
                stale.append(f"{doc.relative_to(ROOT)}: {name}")
    assert not stale, f"variables no setting reads: {stale}"


def test_every_engine_is_in_the_readme_table_with_its_queue() -> None:
    rows = table_rows(README.read_text(), "| Engine |")
    listed = {row[0].strip("`"): row[1].strip("`") for row in rows}
    assert set(listed) == engines()
    assert listed == {name: catalog.get(name).queue for name in engines()}


def test_every_engine_is_in_convert_help() -> None:
    code, out, _ = cli("convert", "--help")
    assert code == 0
    help_text = flat(out)
    assert not [name for name in sorted(engines()) if name not in help_text]


def test_every_output_format_is_in_the_readme_table() -> None:
    formats = set(typing.get_args(schemas.OutputFormat))
    assert first_column_codes(README.read_text(), "| Format |") == formats


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(doc: Path) -> set[str]:
    prose = re.sub(r"^```.*?^```", "", doc.read_text(), flags=re.MULTILINE | re.DOTALL)
    return {slug(m.group(1)) for m in re.finditer(r"^#+ (.+)$", prose, re.MULTILINE)}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_point_at_files_that_exist(doc: Path) -> None:
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", doc.read_text()):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        where = (doc.parent / path).resolve() if path else doc
        if not where.exists() or (anchor and where.suffix == ".md" and anchor not in anchors(where)):
            broken.append(target)
    assert not broken, f"{doc.relative_to(ROOT)}: broken links {broken}"


# Backticked paths under these are code or files of this repository.
TOP = (
    *("api/", "bench/", "common/", "docs/", "examples/", "migrations/"),
    *("pagemill_client/", "scripts/", "tests/", "worker/", ".ci/"),
)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_code_paths_the_docs_name_exist(doc: Path) -> None:
    named = set(re.findall(r"`([\w./-]+)`", doc.read_text()))
    paths = {p for p in named if p.startswith(TOP)}
    assert not sorted(p for p in paths if not (ROOT / p).exists())
