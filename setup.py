"""Builds Pagemill's hot code into C extensions: modules with mypyc, one in C.

The layout (text-layer and OCR line boxes to blocks: worker/engines/layout/, one module
per stage) and the rendering of its results run for every page; compiled from their own
typed source they are about 1.5x faster, with the same output. _pdfium_words.c makes the
text layer's per-word pdfium calls (tests/test_native.py compares all of it with the
interpreted code on real pages). The sources stay the reference: where no C compiler is
at hand, ``PAGEMILL_PURE_PYTHON=1 pip install .`` installs them interpreted, and workers
log which they run (worker/engines/native.py).

Everything else about the package is in pyproject.toml.
"""

import os
from typing import Any

from setuptools import Extension, setup

# Keep in step with worker/engines/native.py's COMPILED and C_EXTENSIONS, and with the
# Makefile's NATIVE_SRC (tests/test_native.py checks all three).
COMPILED = [
    "worker/engines/layout/thresholds.py",
    "worker/engines/layout/patterns.py",
    "worker/engines/layout/model.py",
    "worker/engines/layout/notes.py",
    "worker/engines/layout/fractions.py",
    "worker/engines/layout/rows.py",
    "worker/engines/layout/line_cuts.py",
    "worker/engines/layout/print_rows.py",
    "worker/engines/layout/page_marks.py",
    "worker/engines/layout/lone_heads.py",
    "worker/engines/layout/running.py",
    "worker/engines/layout/span_frags.py",
    "worker/engines/layout/turned_margin.py",
    "worker/engines/layout/spans.py",
    "worker/engines/layout/glyph_extents.py",
    "worker/engines/layout/cover.py",
    "worker/engines/layout/row_level.py",
    "worker/engines/layout/table_rows.py",
    "worker/engines/layout/cell_joins.py",
    "worker/engines/layout/table_wraps.py",
    "worker/engines/layout/span_heads.py",
    "worker/engines/layout/header_rows.py",
    "worker/engines/layout/header_stacks.py",
    "worker/engines/layout/band_rows.py",
    "worker/engines/layout/table_records.py",
    "worker/engines/layout/row_groups.py",
    "worker/engines/layout/row_offsets.py",
    "worker/engines/layout/group_labels.py",
    "worker/engines/layout/table_cuts.py",
    "worker/engines/layout/ruled_rows.py",
    "worker/engines/layout/key_cells.py",
    "worker/engines/layout/detail_blocks.py",
    "worker/engines/layout/key_value_blocks.py",
    "worker/engines/layout/table_cells.py",
    "worker/engines/layout/overprints.py",
    "worker/engines/layout/pair_grids.py",
    "worker/engines/layout/ruled_items.py",
    "worker/engines/layout/tables.py",
    "worker/engines/layout/table_feet.py",
    "worker/engines/layout/rule_groups.py",
    "worker/engines/layout/rows_below.py",
    "worker/engines/layout/boxed_forms.py",
    "worker/engines/layout/cell_sides.py",
    "worker/engines/layout/ruled_cells.py",
    "worker/engines/layout/framed_columns.py",
    "worker/engines/layout/crossing_rules.py",
    "worker/engines/layout/merged_cells.py",
    "worker/engines/layout/panel_grids.py",
    "worker/engines/layout/side_blocks.py",
    "worker/engines/layout/panels.py",
    "worker/engines/layout/stub_columns.py",
    "worker/engines/layout/grid_sections.py",
    "worker/engines/layout/grids.py",
    "worker/engines/layout/header_grids.py",
    "worker/engines/layout/leaders.py",
    "worker/engines/layout/row_marks.py",
    "worker/engines/layout/band_groups.py",
    "worker/engines/layout/column_sets.py",
    "worker/engines/layout/form_sections.py",
    "worker/engines/layout/caption_halves.py",
    "worker/engines/layout/segment.py",
    "worker/engines/layout/column_floats.py",
    "worker/engines/layout/flows.py",
    "worker/engines/layout/form_rows.py",
    "worker/engines/layout/label_values.py",
    "worker/engines/layout/not_items.py",
    "worker/engines/layout/field_heads.py",
    "worker/engines/layout/label_heads.py",
    "worker/engines/layout/not_headings.py",
    "worker/engines/layout/label_cuts.py",
    "worker/engines/layout/title_parts.py",
    "worker/engines/layout/columns.py",
    "worker/engines/layout/headings.py",
    "worker/engines/layout/flow_rows.py",
    "worker/engines/layout/label_lines.py",
    "worker/engines/layout/trailing_boxes.py",
    "worker/engines/layout/blocks.py",
    "worker/engines/layout/spreads.py",
    "worker/engines/layout/initials.py",
    "worker/engines/layout/frames.py",
    "worker/engines/layout/margin_column.py",
    "worker/engines/layout/note_order.py",
    "worker/engines/layout/page.py",
    "common/documents/page_blocks.py",
    "common/documents/renderings.py",
    "common/documents/results.py",
]
LAYOUT = [path for path in COMPILED if path.startswith("worker/engines/layout/")]

ext_modules: list[Any] = []
if os.environ.get("PAGEMILL_PURE_PYTHON") != "1":
    from mypyc.build import mypycify

    # The build environment has none of the runtime packages (pydantic's mypy plugin
    # among them), and types only need to be known for the compiled modules themselves;
    # mypy's strict checks of the whole tree are `make lint`'s job.
    ext_modules = [
        # The text layer's per-word, per-glyph and per-text-object pdfium calls
        # (hand-written C; ctypes twins in worker/engines/pdfium_chars.py run where it is
        # not built).
        Extension("worker.engines._pdfium_words", ["worker/engines/_pdfium_words.c"]),
        # The page-object walk of the text layer's rules (its ctypes twin in textlayer.py).
        Extension("worker.engines.layout._pdfium_paths", ["worker/engines/layout/_pdfium_paths.c"]),
    ]
    ext_modules += mypycify(
        ["--config-file=", "--ignore-missing-imports", *COMPILED],
        opt_level="3",
        # An extension per module, next to its source, and no shared library at the top
        # level of the install. The layout's modules share one library in their package:
        # calls between them then stay direct C calls, as within one module (built
        # apart, the layout ran 3 % slower).
        separate=[(LAYOUT, "worker.engines.layout._native")],
    )

setup(ext_modules=ext_modules)
