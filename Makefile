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
CROSS_OUTLET := tests/data/cross_outlet.jsonl
CODE := $(shell find pipeline -type f ! -path '*/__pycache__/*' 2>/dev/null)
# Paths as the shell and make need them: q quotes a value for the shell, esc escapes the
# spaces of a target's name for make.
space := $(subst ,, )
q = '$(subst ','\'',$(1))'
esc = $(subst $(space),\$(space),$(1))
# Every file under INPUT (or INPUT itself, a .jsonl corpus): a file of any type changes the
# outputs (read, or a skipped.csv row), sources.csv too. Spaces and glob characters escaped.
RAW := $(shell find $(call q,$(INPUT)) -type f 2>/dev/null | sed 's/[][ *?]/\\&/g')
# ALL_SPEAKERS=1 XLSX=1 REPORT=1 pass --all-speakers, --xlsx, --report (0, no, false: off).
on = $(filter-out 0 no false,$(1))
EXTRACT := $(strip extract $(call q,$(INPUT)) --out $(call q,$(OUT)) \
           $(if $(call on,$(ALL_SPEAKERS)),--all-speakers) $(if $(call on,$(XLSX)),--xlsx) \
           $(if $(call on,$(REPORT)),--report))
# The last extract's command, rewritten when it changes: another command (other options,
# INPUT or OUT) makes the outputs out of date, so `make extract ALL_SPEAKERS=1` runs again.
OPTIONS := $(VENV)/.extract-options
ifneq ($(filter extract readme,$(or $(MAKECMDGOALS),extract)),)
  $(shell mkdir -p $(dir $(OPTIONS)) && echo $(call q,$(EXTRACT)) | cmp -s - $(call q,$(OPTIONS)) \
    || echo $(call q,$(EXTRACT)) > $(call q,$(OPTIONS)))
endif

.PHONY: extract test test-all eval lint bench readme clean

extract: $(call esc,$(OUT))/claims.csv ## Extract quotes and claims from INPUT (data/raw) into OUT (data/out)
	@echo "outputs:" $(foreach f,claims.csv mentions.csv clean/ skipped.csv \
	  $(if $(call on,$(XLSX)),claims.xlsx) $(if $(call on,$(REPORT)),report.html),$(call q,$(OUT)/$(f)))

$(call esc,$(OUT))/claims.csv: $(VENV)/.installed $(RAW) $(CODE) $(OPTIONS)
	$(PY) -m pipeline $(EXTRACT)

$(OPTIONS):
	@mkdir -p $(@D) && echo $(call q,$(EXTRACT)) > $@

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e '.[dev]'
	touch $(VENV)/.installed $@

test: $(VENV)/.dev-installed ## Run the test suite, but the slow tests (under 10 minutes)
	$(PY) -m pytest -m 'not slow'

test-all: $(VENV)/.dev-installed ## Run every test, the slow ones too (the accuracy gate...)
	$(PY) -m pytest

eval: $(VENV)/.installed ## Score every stage on the gold sets under ../shared
	@if [ -z "$(GOLD)" ]; then echo "no gold files under $(SHARED): nothing to evaluate"; \
	else { $(PY) -m pipeline eval $(GOLD) $(if $(CLUSTERS),--clusters $(CLUSTERS)); \
	  if [ -n "$(CLUSTERS)" ] && $(PY) -c 'import pipeline.semantic as s; exit(not s.available())'; \
	  then echo; echo "with --semantic (the semantic extra is installed):"; \
	    $(PY) -m pipeline eval $(SHARED)/gold/seeds.jsonl --clusters $(CLUSTERS) --semantic \
	    | grep -E '^(metric|---|cluster)'; fi; \
	  echo; echo "one statement, several outlets naming its speaker differently (tests/data):"; \
	  $(PY) -m pipeline eval $(CROSS_OUTLET) --clusters $(CROSS_OUTLET:.jsonl=_clusters.jsonl) \
	    | grep -E '^(metric|---|quote F1|speaker accuracy|cluster)'; } \
	  | tee $(call q,$(OUT)/eval.txt); fi

readme: eval extract ## Paste the eval table, sample claims and the last bench into README.md
	$(PY) scripts/update_readme.py $(foreach f,eval.txt claims.csv bench.txt,$(call q,$(OUT)/$(f)))

bench: $(VENV)/.installed ## Time extract against bare spaCy (SIZES="1000 10000" articles), and clustering
	@mkdir -p $(call q,$(OUT))
	$(PY) benchmarks/bench.py --sizes $(or $(SIZES),1000) | tee $(call q,$(OUT)/bench.txt)

lint: $(VENV)/.dev-installed ## ruff and mypy over the code and the tests
	$(VENV)/bin/ruff check pipeline tests benchmarks scripts
	$(VENV)/bin/mypy pipeline tests benchmarks scripts

clean:
	rm -rf $(call q,$(OUT))/* $(call q,$(OUT)/.cache) $(VENV)
