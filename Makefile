# Two commands: `make run` (install + main job on the sample corpus) and `make test` (install + every test).
# Both are idempotent: the virtual environment is reinstalled only when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= out/store
OUT ?= out

.PHONY: run test browser screenshot clean help

help:
	@echo "make run   - install and build the graph, page and bridge report from data/sample into $(OUT)/"
	@echo "make test  - install the test extra and run every test (unit, doctests, CLI, HTTP, browser, notebooks)"
	@echo "make screenshot - retake docs/img/network-overview.png (the README's picture of the sample overview)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/ccg --store $(STORE) --out $(OUT) build data/sample

# Headless Chromium from Debian's packages for the page tests (no browser download at run time).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: install Debian's 'chromium' package (browser tests will be skipped)"; fi; }

test: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest -n 2 --dist loadgroup

screenshot: $(VENV)/.installed-test browser
	CCG_UPDATE_SCREENSHOT=1 $(BIN)/python -m pytest tests/test_page_browser.py -k sample_overview_screenshot

clean:
	rm -rf $(OUT) $(VENV)
