# Kashif: the front door. `make help` lists the targets.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE ?= 1
export WANDB_MODE ?= offline
export TOKENIZERS_PARALLELISM ?= false
PYTEST_ARGS ?=
CONFIG ?= configs/arabert-base.yaml
REPO_ID ?=

.DEFAULT_GOAL := help
.PHONY: help setup test test-all test-labelstudio lint data demo train publish bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null || { echo "error: $(PY) not found (Kashif needs Python 3.11)"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0   # first: any other spec pulls the CUDA wheels
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

setup: $(STAMP) ## create .venv: torch==2.13.0 first, then kashif with its dev extras

test: $(STAMP) ## run the test suite (offline; slow, GPU and Label Studio tests are opt-in)
	$(BIN)/pytest -q -m "not slow and not gpu and not labelstudio" $(PYTEST_ARGS)

test-all: $(STAMP) ## run every test that this machine can run, slow ones included
	$(BIN)/pytest -q -m "not gpu and not labelstudio" $(PYTEST_ARGS)

# Label Studio is a server with heavy dependencies of its own: it lives in .venv-ls, never in .venv
.venv-ls/.installed:
	$(PY) -m venv .venv-ls
	.venv-ls/bin/pip install -q label-studio
	@touch $@

$(VENV)/.review-installed: $(STAMP)
	$(BIN)/pip install -q -e '.[dev,review-test]'
	@touch $@

test-labelstudio: .venv-ls/.installed $(VENV)/.review-installed ## the review loop against a real Label Studio server + headless Chromium
	$(BIN)/pytest -q -m labelstudio $(PYTEST_ARGS)

lint: $(STAMP) ## ruff check
	$(BIN)/ruff check kashif tests benchmarks train.py evaluate.py

data: $(STAMP) ## weak-label the seed articles into data/processed/ (DatasetDict + JSONL)
	$(BIN)/kashif data --input data/raw/seeds --output data/processed

demo: $(STAMP) ## the whole path on CPU on the seed articles (weak labels -> tiny model -> evaluation -> extraction)
	$(BIN)/python -m kashif.demo

train: $(STAMP) ## fine-tune AraBERT on a GPU: accelerate launch train.py --config $(CONFIG)
	$(BIN)/accelerate launch train.py --config $(CONFIG)

publish: $(STAMP) ## publish runs/demo/model (or MODEL=...) to the Hub: make publish REPO_ID=owner/name [DRY_RUN=dir]
	@test -n "$(REPO_ID)" || { echo "error: set REPO_ID=owner/name"; exit 2; }
	HF_HUB_OFFLINE=0 $(BIN)/kashif publish --model $(or $(MODEL),runs/demo/model) --repo-id $(REPO_ID) \
		$(if $(DRY_RUN),--dry-run $(DRY_RUN))

bench: $(STAMP) ## run the benchmarks in benchmarks/ (figures quoted in the README)
	@for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean: ## remove runs, caches and processed data (keeps .venv)
	rm -rf runs data/processed .pytest_cache .ruff_cache .hypothesis wandb
