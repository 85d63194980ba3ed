# The two commands of the README:
#   make demo   installs what the embedded default runs (no model stack: no torch) and
#               converts examples/invoice.pdf, saying how long each step took
#   make test   installs Pagemill with the model stack and the test tools, starts
#               Postgres/Redis if they are down, runs ruff, mypy and pytest
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test test-fast lint services bench clean native

OCR_MODELS := .pagemill/ocr-models/manifest.json

# The modules setup.py compiles with mypyc, built in place next to their sources. pip
# builds them on install; this rebuilds them when a source changes, since Python would
# otherwise keep importing the old extension. PAGEMILL_PURE_PYTHON=1 runs the sources.
NATIVE_SRC := worker/engines/layout/thresholds.py worker/engines/layout/patterns.py worker/engines/layout/model.py worker/engines/layout/notes.py worker/engines/layout/fractions.py worker/engines/layout/rows.py worker/engines/layout/line_cuts.py worker/engines/layout/print_rows.py worker/engines/layout/page_marks.py worker/engines/layout/lone_heads.py worker/engines/layout/running.py worker/engines/layout/turned_margin.py worker/engines/layout/span_frags.py worker/engines/layout/spans.py worker/engines/layout/glyph_extents.py worker/engines/layout/cover.py worker/engines/layout/row_level.py worker/engines/layout/table_rows.py worker/engines/layout/cell_joins.py worker/engines/layout/table_wraps.py worker/engines/layout/span_heads.py worker/engines/layout/header_rows.py worker/engines/layout/header_stacks.py worker/engines/layout/band_rows.py worker/engines/layout/table_records.py worker/engines/layout/row_groups.py worker/engines/layout/row_offsets.py worker/engines/layout/group_labels.py worker/engines/layout/table_cuts.py worker/engines/layout/ruled_rows.py worker/engines/layout/key_cells.py worker/engines/layout/detail_blocks.py worker/engines/layout/key_value_blocks.py worker/engines/layout/table_cells.py worker/engines/layout/overprints.py worker/engines/layout/pair_grids.py worker/engines/layout/ruled_items.py worker/engines/layout/tables.py worker/engines/layout/table_feet.py worker/engines/layout/rule_groups.py worker/engines/layout/rows_below.py worker/engines/layout/boxed_forms.py worker/engines/layout/cell_sides.py worker/engines/layout/ruled_cells.py worker/engines/layout/framed_columns.py worker/engines/layout/crossing_rules.py worker/engines/layout/merged_cells.py worker/engines/layout/panel_grids.py worker/engines/layout/side_blocks.py worker/engines/layout/panels.py worker/engines/layout/stub_columns.py worker/engines/layout/grid_sections.py worker/engines/layout/grids.py worker/engines/layout/header_grids.py worker/engines/layout/leaders.py worker/engines/layout/row_marks.py worker/engines/layout/band_groups.py worker/engines/layout/column_sets.py worker/engines/layout/form_sections.py worker/engines/layout/caption_halves.py worker/engines/layout/segment.py worker/engines/layout/column_floats.py worker/engines/layout/flows.py worker/engines/layout/form_rows.py worker/engines/layout/label_values.py worker/engines/layout/not_items.py worker/engines/layout/field_heads.py worker/engines/layout/label_heads.py worker/engines/layout/not_headings.py worker/engines/layout/label_cuts.py worker/engines/layout/title_parts.py worker/engines/layout/columns.py worker/engines/layout/headings.py worker/engines/layout/flow_rows.py worker/engines/layout/label_lines.py worker/engines/layout/trailing_boxes.py worker/engines/layout/blocks.py worker/engines/layout/spreads.py worker/engines/layout/initials.py worker/engines/layout/frames.py worker/engines/layout/margin_column.py worker/engines/layout/note_order.py worker/engines/layout/page.py common/documents/page_blocks.py common/documents/renderings.py common/documents/results.py worker/engines/_pdfium_words.c worker/engines/layout/_pdfium_paths.c
ifneq ($(PAGEMILL_PURE_PYTHON),1)
EXT_SUFFIX := $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
NATIVE := $(addsuffix $(EXT_SUFFIX),$(basename $(NATIVE_SRC)))
endif

# The full install for tests, benchmarks and model workers.
setup: $(VENV)/.installed-dev $(OCR_MODELS) native

native: $(NATIVE)

# A fresh mypy cache and build folder each time: mypyc's incremental build crashed
# (ValueError: value is not in list) on a cache from an earlier build of the layout.
$(NATIVE) &: $(NATIVE_SRC) setup.py | $(VENV)/.installed
	rm -rf build
	cache=$$(mktemp -d) && MYPY_CACHE_DIR=$$cache $(BIN)/python setup.py -q build_ext --inplace; \
		status=$$?; rm -rf "$$cache" build; exit $$status
	touch $(NATIVE)

# What the embedded default runs: the API, the CPU engines and the worker; no torch.
# mypyc (setup.py) reads and writes mypy's cache: a private one, since `make lint`'s mypy
# cache in the tree (other options, the runtime packages installed) crashes its code
# generator.
$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	cache=$$(mktemp -d) && MYPY_CACHE_DIR=$$cache $(BIN)/python -m pip install -q -e .; \
		status=$$?; rm -rf "$$cache"; exit $$status
	touch $@

# The model stack ([models]: torch, transformers) and the test tools ([dev]).
$(VENV)/.installed-dev: $(VENV)/.installed
	cache=$$(mktemp -d) && MYPY_CACHE_DIR=$$cache $(BIN)/python -m pip install -q -e '.[dev,models]'; \
		status=$$?; rm -rf "$$cache"; exit $$status
	touch $@

# The int8 OCR models, derived offline from rapidocr's bundled ones (about a minute, once).
$(OCR_MODELS): $(VENV)/.installed
	$(BIN)/pagemill ocr-models --dir $(dir $@)
	touch $@

# The invoice has a text layer, so the demo needs neither the OCR models nor a model: the
# embedded worker derives the int8 OCR models itself the first time a scan arrives.
demo:
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory $(VENV)/.installed native && \
	echo "installed in $$(( $$(date +%s) - start )) s" && \
	$(BIN)/pagemill convert examples/invoice.pdf

services:
	bash scripts/services.sh

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

# Two processes (pytest-xdist), a test file each at a time: each has its own database,
# Redis database, S3 server, API and workers (tests/conftest.py), and a file's module
# fixtures (a model server, a taught model) are made once. Much of the suite waits on
# workers and services, so two processes use the machine's cores where one left them idle.
PYTEST_PROCS ?= 2

test: setup services lint
	$(BIN)/pytest -q -n $(PYTEST_PROCS) --dist loadfile

# The inner loop: no browser, chaos or other slow tests (CI runs everything).
test-fast: setup services
	$(BIN)/pytest -q -n $(PYTEST_PROCS) --dist loadfile -m "not slow and not browser"

bench: setup services
	$(BIN)/python bench/orchestration.py

clean:
	rm -rf $(VENV) .pagemill .mypy_cache .ruff_cache .pytest_cache build
	find api worker common -name '*.so' -delete
