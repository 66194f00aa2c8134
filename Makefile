# readout — the two set-up commands are `make report` and `make test`; both install first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SEEDS := seeds
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install report test check bench clean

install: $(STAMP)

# torch first, pinned: the CPU wheel of 2.13.0 is on disk; any other version pulls GBs of CUDA.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Seed pairs: the Han–Blinken meeting (000, 001, 004) and two different Xi–Blinken meetings (002, 003).
PAIRS := 000:001 000:004 001:004 002:003

report: $(STAMP)
	@mkdir -p reports
	@set -e; for pair in $(PAIRS); do \
	  a=$${pair%%:*}; b=$${pair##*:}; \
	  fa=$$(ls $(SEEDS)/$${a}_*.txt); fb=$$(ls $(SEEDS)/$${b}_*.txt); \
	  echo "readout diff $$fa $$fb"; \
	  $(BIN)/readout diff $$fa $$fb --format json --output reports/diff_$${a}__$${b}.json; \
	  $(BIN)/readout diff $$fa $$fb --format markdown --output reports/diff_$${a}__$${b}.md; \
	done

check: $(STAMP)
	$(BIN)/ruff check compare tests
	$(BIN)/ruff format --check compare tests
	$(BIN)/mypy compare

test: $(STAMP) check
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
