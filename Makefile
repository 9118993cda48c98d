# Every target sets itself up: a fresh clone needs nothing but python3 (3.11+).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-browser browser bench lint clean venv libreoffice r-client

venv: $(STAMP)

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml
	@echo "setting up $(VENV) (first run only; log in $(VENV)/install.log)"
	@$(PYTHON) -m venv $(VENV)
	@($(BIN)/python -m pip install --upgrade pip && \
	  $(BIN)/python -m pip install -e '.[test]') > $(VENV)/install.log 2>&1 || \
	  (tail -30 $(VENV)/install.log; exit 1)
	@touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python -m prisma run

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The report's browser tests need Debian's Chromium and its driver (nothing is downloaded
# by Selenium); `make test` skips them, with the reason, where they are absent.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update && \
	  $$SUDO apt-get install -y --no-install-recommends chromium chromium-driver; \
	fi

test-browser: $(STAMP) browser
	PRISMA_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q tests/render/test_report_browser.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check prisma tests benchmarks examples
	$(BIN)/ruff format --check prisma tests benchmarks examples
	$(BIN)/mypy

# LibreOffice Calc for the spreadsheet round-trip test (tests skip with the reason without it).
libreoffice:
	@command -v soffice >/dev/null || \
	  (apt-get update && apt-get install -y --no-install-recommends libreoffice-calc)

# R and the packages the PRISMA2020 reader test needs (Debian, as root). The package's
# own R files are not shipped: point PRISMA2020_R_DIR at them (see tests/prisma2020_client.py).
r-client:
	apt-get install -y --no-install-recommends r-base-core r-cran-scales r-cran-dplyr

clean:
	rm -rf build $(VENV)
