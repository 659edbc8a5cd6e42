# Two commands: `make run` (set up, import the catalogue, serve on http://127.0.0.1:5000)
# and `make test` (set up with the test extras, run the whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test import check-data bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps: reinstall only when the package metadata changes.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/matcher import
	$(BIN)/waitress-serve --host=$(HOST) --port=$(PORT) --threads=8 web.wsgi:app

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

import: $(VENV)/.installed
	$(BIN)/matcher import

check-data: $(VENV)/.installed
	$(BIN)/matcher check-data

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/speed_match.py
	$(BIN)/python benchmarks/cross_language.py

clean:
	rm -rf $(VENV) instance build *.egg-info
