# The two commands of the README:
#   make demo   installs Pagemill and converts examples/invoice.pdf on the embedded default
#   make test   installs Pagemill, starts Postgres/Redis if they are down, runs ruff, mypy, pytest
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint services bench clean

OCR_MODELS := .pagemill/ocr-models/manifest.json

setup: $(VENV)/.installed $(OCR_MODELS)

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
	rm -rf $(VENV) .pagemill .mypy_cache .ruff_cache .pytest_cache
