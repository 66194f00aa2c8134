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

# Seed pairs: the Han–Blinken meeting of 18 Sept 2023 (000, 001, 004) and two different
# Xi–Blinken meetings (002, 003). Paths are relative so the committed reports are portable.
PAIRS := 000:001 000:004 001:004 002:003
seed = $(wildcard $(SEEDS)/$(1)_*.txt)

report: $(STAMP)
	@set -e; for pair in $(PAIRS); do \
	  a=$${pair%%:*}; b=$${pair##*:}; \
	  fa=$$(ls $(SEEDS)/$${a}_*.txt); fb=$$(ls $(SEEDS)/$${b}_*.txt); \
	  for fmt in json markdown; do \
	    ext=$$fmt; [ $$fmt = markdown ] && ext=md; \
	    $(BIN)/readout diff $$fa $$fb --format $$fmt --output reports/diff_$${a}__$${b}.$$ext; \
	  done; \
	  echo "wrote reports/diff_$${a}__$${b}.json and .md"; \
	done
	$(BIN)/readout report $(call seed,000) $(call seed,001) $(call seed,004) --out reports/han-blinken-2023-09-18
	$(BIN)/readout report $(call seed,002) $(call seed,003) --out reports/xi-blinken-002-vs-003

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
