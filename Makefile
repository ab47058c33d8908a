# The front door: `make extract` and `make test` are all a new machine needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
INPUT ?= data/raw
OUT ?= data/out
SHARED ?= ../shared
GOLD := $(wildcard $(SHARED)/gold/seeds.jsonl $(SHARED)/eval/polnear_dev.jsonl \
          $(SHARED)/eval/aeb_boilerplate.jsonl $(SHARED)/eval/aeb_html.jsonl)
CLUSTERS := $(wildcard $(SHARED)/gold/clusters.jsonl)
CODE := $(shell find pipeline -type f ! -path '*/__pycache__/*' 2>/dev/null)
RAW := $(shell find $(INPUT) -type f \( -name '*.txt' -o -name '*.md' -o -name '*.htm*' \) 2>/dev/null | grep -v ' ')

.PHONY: extract test eval lint bench readme clean

extract: $(OUT)/claims.csv ## Extract quotes and claims from data/raw into data/out
	@echo "outputs: $(OUT)/claims.csv $(OUT)/mentions.csv $(OUT)/clean/ $(OUT)/skipped.csv"

$(OUT)/claims.csv: $(VENV)/.installed $(RAW) $(CODE)
	$(PY) -m pipeline extract $(INPUT) --out $(OUT)

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e '.[dev]'
	touch $(VENV)/.installed $@

test: $(VENV)/.dev-installed ## Run the test suite
	$(PY) -m pytest

eval: $(VENV)/.installed ## Score every stage on the gold sets under ../shared
	@if [ -z "$(GOLD)" ]; then echo "no gold files under $(SHARED): nothing to evaluate"; \
	else { $(PY) -m pipeline eval $(GOLD) $(if $(CLUSTERS),--clusters $(CLUSTERS)); \
	  if [ -n "$(CLUSTERS)" ] && $(PY) -c 'import pipeline.semantic as s; exit(not s.available())'; \
	  then echo; echo "with --semantic (the semantic extra is installed):"; \
	    $(PY) -m pipeline eval $(SHARED)/gold/seeds.jsonl --clusters $(CLUSTERS) --semantic \
	    | grep -E '^(metric|---|cluster)'; fi; } | tee $(OUT)/eval.txt; fi

readme: eval extract ## Paste the eval table, sample claims and the last bench into README.md
	$(PY) scripts/update_readme.py $(OUT)/eval.txt $(OUT)/claims.csv $(OUT)/bench.txt

bench: $(VENV)/.installed ## Time extract against bare spaCy (SIZES="1000 10000" articles), and clustering
	@mkdir -p $(OUT)
	$(PY) benchmarks/bench.py --sizes $(or $(SIZES),1000) | tee $(OUT)/bench.txt

lint: $(VENV)/.dev-installed ## ruff and mypy over the code and the tests
	$(VENV)/bin/ruff check pipeline tests benchmarks scripts
	$(VENV)/bin/mypy pipeline tests benchmarks scripts

clean:
	rm -rf $(OUT)/* $(OUT)/.cache $(VENV)
