# Two commands: `make run` (set up, import the catalogue, serve on http://127.0.0.1:5000)
# and `make test` (set up with the test and neural extras, run the whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
TORCH ?= torch==2.13.0
CHROMIUM ?= /usr/bin/chromium
MO := web/translations/en/LC_MESSAGES/messages.mo

.PHONY: run lint test test-fast mutation import check-data bench clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps: reinstall only when the package metadata changes.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

# The tests cover the optional neural backend too. Its sentence-transformers needs torch,
# installed first as $(TORCH) (the CPU build), or pip would fetch a CUDA build of several GB.
$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check $(TORCH)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test,neural]"
	touch $@ $(VENV)/.installed

# The English catalogue of the interface (French is the source language), compiled for gettext.
$(MO): web/translations/en/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d web/translations

# Developers: collect the interface's strings after changing templates or views, then translate the new ones.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location -o web/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i web/translations/messages.pot -d web/translations

# The browser tests drive Debian's Chromium (never a browser download); installed when missing.
$(CHROMIUM):
	apt-get update && apt-get install -y --no-install-recommends chromium

run: $(VENV)/.installed $(MO)
	$(BIN)/matcher db upgrade
	$(BIN)/matcher import
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) --worker-class gthread --threads 4 web.wsgi:app

# Lint and layers first: ruff (pyproject.toml) and import-linter's contracts (setup.cfg).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports --config setup.cfg

test: lint $(MO) $(CHROMIUM)
	TANDEM_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -n auto

# The daily loop: every test but those marked slow (notebooks, browser, schemathesis, the wheel).
test-fast: $(VENV)/.installed-test $(MO)
	$(BIN)/python -m pytest -n auto -m "not slow"

# Mutation testing (benchmarks/README.md, "Mutation testing"): mutmut changes the scoring,
# ranking, eligibility, event solver and benchmark metrics one small bug at a time, in a copy
# under mutants/, and runs the tests that reach each one ([mutmut] in setup.cfg); then lists
# the survivors. mutmut comes with the test extra.
mutation: $(VENV)/.installed-test $(MO)
	rm -rf mutants
	$(BIN)/mutmut run
	$(BIN)/mutmut export-cicd-stats
	$(BIN)/mutmut results
	$(BIN)/python benchmarks/mutation_score.py

import: $(VENV)/.installed
	$(BIN)/matcher import

check-data: $(VENV)/.installed
	$(BIN)/matcher check-data

# On top of the test install (torch CPU first), so that the neural tests still run after it.
$(VENV)/.installed-bench: setup.cfg pyproject.toml $(VENV)/.installed-test
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test,neural,bench]"
	touch $@

# The gold standard is read from ../shared (benchmarks/README.md); --data for another place.
bench: $(VENV)/.installed-bench /usr/bin/wrk
	$(BIN)/python benchmarks/inhouse.py --json benchmarks/results/inhouse.json
	$(BIN)/python benchmarks/goldstandard.py --variants
	$(BIN)/python benchmarks/cross_language.py --json benchmarks/results/cross_language.json
	$(BIN)/python benchmarks/speed_match.py --json benchmarks/results/speed_match.json
	$(BIN)/python benchmarks/speed_scale.py --json benchmarks/results/speed_scale.json
	$(BIN)/python benchmarks/graph_temporal.py --json benchmarks/results/graph_temporal.json
	$(BIN)/python benchmarks/load.py --json benchmarks/results/load.json
	$(BIN)/python benchmarks/events.py --json benchmarks/results/events.json
	$(BIN)/python benchmarks/event_cli.py --json benchmarks/results/event_cli.json

# The load benchmark's generator (Debian package), installed when missing.
/usr/bin/wrk:
	apt-get update && apt-get install -y --no-install-recommends wrk

clean:
	rm -rf $(VENV) instance build *.egg-info
