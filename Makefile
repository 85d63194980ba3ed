# The two commands of the README:
#   make demo   installs Pagemill and converts examples/invoice.pdf on the embedded default
#   make test   installs Pagemill, starts Postgres/Redis if they are down, runs ruff, mypy, pytest
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint services bench clean native

OCR_MODELS := .pagemill/ocr-models/manifest.json

# The modules setup.py compiles with mypyc, built in place next to their sources. pip
# builds them on install; this rebuilds them when a source changes, since Python would
# otherwise keep importing the old extension. PAGEMILL_PURE_PYTHON=1 runs the sources.
NATIVE_SRC := worker/engines/layout.py common/documents/results.py worker/engines/_pdfium_words.c
ifneq ($(PAGEMILL_PURE_PYTHON),1)
EXT_SUFFIX := $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
NATIVE := $(addsuffix $(EXT_SUFFIX),$(basename $(NATIVE_SRC)))
endif

setup: $(VENV)/.installed $(OCR_MODELS) native

native: $(NATIVE)

$(NATIVE) &: $(NATIVE_SRC) setup.py | $(VENV)/.installed
	$(BIN)/python setup.py -q build_ext --inplace
	rm -rf build
	touch $(NATIVE)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

# The int8 OCR models, derived offline from rapidocr's bundled ones (about a minute, once).
$(OCR_MODELS): $(VENV)/.installed
	$(BIN)/pagemill ocr-models --dir $(dir $@)
	touch $@

demo: setup
	$(BIN)/pagemill convert examples/invoice.pdf

services:
	bash scripts/services.sh

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

test: setup services lint
	$(BIN)/pytest -q

bench: setup services
	$(BIN)/python bench/orchestration.py

clean:
	rm -rf $(VENV) .pagemill .mypy_cache .ruff_cache .pytest_cache build
	find api worker common -name '*.so' -delete
