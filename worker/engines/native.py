"""Which of Pagemill's hot modules run compiled, and whether a compiled one is out of date.

setup.py compiles the modules in :data:`COMPILED` with mypyc, from their own typed
source, into extensions that sit next to that source; Python imports the extension in
preference to the ``.py``. It also builds :data:`C_EXTENSIONS` from hand-written C.
Installs made with ``PAGEMILL_PURE_PYTHON=1`` run the sources (and the C's Python twin)
instead, with the same output, only slower. In a source checkout an extension goes out of
date when its ``.py`` is edited (or checked out) after the build: Python would still load
the old extension, so tests refuse to run then and workers log it.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Literal

log = logging.getLogger(__name__)

# Keep in step with setup.py's COMPILED.
COMPILED = (
    "worker.engines.layout.thresholds",
    "worker.engines.layout.patterns",
    "worker.engines.layout.model",
    "worker.engines.layout.notes",
    "worker.engines.layout.fractions",
    "worker.engines.layout.rows",
    "worker.engines.layout.line_cuts",
    "worker.engines.layout.print_rows",
    "worker.engines.layout.page_marks",
    "worker.engines.layout.lone_heads",
    "worker.engines.layout.running",
    "worker.engines.layout.span_frags",
    "worker.engines.layout.turned_margin",
    "worker.engines.layout.spans",
    "worker.engines.layout.glyph_extents",
    "worker.engines.layout.cover",
    "worker.engines.layout.row_level",
    "worker.engines.layout.table_rows",
    "worker.engines.layout.cell_joins",
    "worker.engines.layout.table_wraps",
    "worker.engines.layout.span_heads",
    "worker.engines.layout.header_rows",
    "worker.engines.layout.header_stacks",
    "worker.engines.layout.band_rows",
    "worker.engines.layout.table_records",
    "worker.engines.layout.row_groups",
    "worker.engines.layout.row_offsets",
    "worker.engines.layout.group_labels",
    "worker.engines.layout.table_cuts",
    "worker.engines.layout.ruled_rows",
    "worker.engines.layout.key_cells",
    "worker.engines.layout.detail_blocks",
    "worker.engines.layout.key_value_blocks",
    "worker.engines.layout.table_cells",
    "worker.engines.layout.overprints",
    "worker.engines.layout.pair_grids",
    "worker.engines.layout.ruled_items",
    "worker.engines.layout.tables",
    "worker.engines.layout.table_feet",
    "worker.engines.layout.rule_groups",
    "worker.engines.layout.rows_below",
    "worker.engines.layout.boxed_forms",
    "worker.engines.layout.cell_sides",
    "worker.engines.layout.ruled_cells",
    "worker.engines.layout.framed_columns",
    "worker.engines.layout.crossing_rules",
    "worker.engines.layout.merged_cells",
    "worker.engines.layout.panel_grids",
    "worker.engines.layout.side_blocks",
    "worker.engines.layout.panels",
    "worker.engines.layout.stub_columns",
    "worker.engines.layout.grid_sections",
    "worker.engines.layout.grids",
    "worker.engines.layout.header_grids",
    "worker.engines.layout.leaders",
    "worker.engines.layout.row_marks",
    "worker.engines.layout.band_groups",
    "worker.engines.layout.column_sets",
    "worker.engines.layout.form_sections",
    "worker.engines.layout.caption_halves",
    "worker.engines.layout.segment",
    "worker.engines.layout.column_floats",
    "worker.engines.layout.flows",
    "worker.engines.layout.form_rows",
    "worker.engines.layout.label_values",
    "worker.engines.layout.not_items",
    "worker.engines.layout.field_heads",
    "worker.engines.layout.label_heads",
    "worker.engines.layout.not_headings",
    "worker.engines.layout.label_cuts",
    "worker.engines.layout.title_parts",
    "worker.engines.layout.columns",
    "worker.engines.layout.headings",
    "worker.engines.layout.flow_rows",
    "worker.engines.layout.label_lines",
    "worker.engines.layout.trailing_boxes",
    "worker.engines.layout.blocks",
    "worker.engines.layout.spreads",
    "worker.engines.layout.initials",
    "worker.engines.layout.frames",
    "worker.engines.layout.margin_column",
    "worker.engines.layout.note_order",
    "worker.engines.layout.page",
    "common.documents.page_blocks",
    "common.documents.renderings",
    "common.documents.results",
)
# Hand-written C (setup.py's Extension): no Python source of its own; where it is not
# built, its twin in another module runs instead (pdfium_chars.py's and path_reads.py's ctypes loops).
C_EXTENSIONS = ("worker.engines._pdfium_words", "worker.engines.layout._pdfium_paths")

# An install writes a module's source and its extension within moments of each other; a
# source newer than its extension by more than this was edited or checked out afterwards.
_STALE_AFTER_S = 2.0

State = Literal["compiled", "interpreted", "stale"]


def state(name: str) -> State:
    """How module ``name`` runs: its compiled extension, its source, or an extension built
    from an older version of its source."""
    try:
        module = importlib.import_module(name)
    except ImportError:
        if name in C_EXTENSIONS:
            return "interpreted"
        raise
    return file_state(Path(module.__file__ or ""))


def file_state(loaded: Path) -> State:
    """The state of a module loaded from ``loaded``, judged by its neighbouring source."""
    if loaded.suffix == ".py":
        return "interpreted"
    stem = loaded.name.split(".", 1)[0]
    for source in (loaded.with_name(stem + ".py"), loaded.with_name(stem + ".c")):
        try:
            if source.stat().st_mtime > loaded.stat().st_mtime + _STALE_AFTER_S:
                return "stale"
        except FileNotFoundError:  # an install without sources: nothing to be out of date with
            pass
    return "compiled"


def states() -> dict[str, State]:
    return {name: state(name) for name in (*COMPILED, *C_EXTENSIONS)}


def log_states() -> None:
    """One log line per process start: which layout code this worker runs."""
    found = states()
    stale = sorted(name for name, s in found.items() if s == "stale")
    if stale:
        log.warning(
            "compiled modules older than their source: %s; the old code runs (rebuild with `make native`)",
            ", ".join(stale),
        )
    else:
        log.info("native modules: %s", ", ".join(f"{n} {s}" for n, s in found.items()))


class _SourcesFirst(importlib.abc.MetaPathFinder):
    """Finds the compiled modules as their source files, ahead of Python's own finders."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname in C_EXTENSIONS:  # its importer falls back to its Python twin
            raise ImportError(f"{fullname}: compiled code is off (native.use_sources)", name=fullname)
        if fullname not in COMPILED:
            return None
        source = _ROOT.joinpath(*fullname.split(".")).with_suffix(".py")
        return importlib.util.spec_from_file_location(fullname, source)


_ROOT = Path(__file__).resolve().parents[2]


def use_sources() -> None:
    """From now on, import the compiled modules from their sources: the interpreted twin
    of this install, for benchmarks and for tests that compare the two. Call it before
    anything imports them."""
    loaded = [name for name in (*COMPILED, *C_EXTENSIONS) if name in sys.modules]
    if loaded:
        raise RuntimeError(f"already imported: {', '.join(loaded)}")
    sys.meta_path.insert(0, _SourcesFirst())
