# Classifieur de stratégies numériques — `make` (or `make help`) lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
EXAMPLE ?= examples/plan-musee.pdf
STAMP := $(VENV)/.installed

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  /'

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $(STAMP)

## install: create the virtual environment and install the package with its dev tools
install: $(STAMP)

## run: install, then classify the example PDF shipped in examples/
run: $(STAMP)
	$(VENV)/bin/classify $(EXAMPLE)

## test: install, then run the whole test suite (real spaCy model, real files, notebooks)
test: $(STAMP)
	$(PY) -m pytest

## lint: ruff lint and format check
lint: $(STAMP)
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts

## check: lint + format check + tests (what CI runs)
check: lint test

## validate: check the labelled corpus (every problem with its row)
validate: $(STAMP)
	$(VENV)/bin/classifier validate --corpus data

## train: validate the corpus, train the default model, evaluate it, write src/classifier/models/default
train: $(STAMP)
	$(VENV)/bin/classifier train --corpus data --dev ../shared/realworld/dev.jsonl

## evaluate: model and both baselines on the test split and the real-world dev set
evaluate: $(STAMP)
	$(VENV)/bin/classifier evaluate --corpus data --dev ../shared/realworld/dev.jsonl

## bench: throughput, peak memory and cold start against spaCy baselines (docs/benchmarks.md, README speed paragraph)
bench: $(STAMP)
	$(PY) scripts/bench.py

## report-screenshot: render an HTML report of the examples and screenshot it in headless Chromium
report-screenshot: $(STAMP)
	$(VENV)/bin/classify examples data/raw/spv-001.pdf data/raw/mus-006.html --out out/rapport.html --quiet || test $$? -eq 1
	$(PY) scripts/screenshot_report.py out/rapport.html out/rapport.png

.PHONY: help install run test lint check validate train evaluate bench report-screenshot
