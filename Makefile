# readout — the two set-up commands are `make report` and `make test`; both install first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SEEDS := seeds
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install browser report test check bench clean

install: $(STAMP)

# torch first, pinned: the CPU wheel of 2.13.0 is on disk; any other version pulls GBs of CUDA.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Seed reports (pairs and events are listed in scripts/seed_reports.py).
report: $(STAMP)
	$(BIN)/python scripts/seed_reports.py reports

check: $(STAMP)
	$(BIN)/ruff check compare tests scripts benchmarks
	$(BIN)/ruff format --check compare tests scripts benchmarks
	$(BIN)/mypy compare

# The HTML report is tested in a real browser: Debian's chromium, and CJK fonts so Chinese
# statements render as text rather than empty boxes.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk; }

test: $(STAMP) check browser
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/corpus_bench.py --out benchmarks/corpus_results.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
