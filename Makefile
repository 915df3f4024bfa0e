# Neural Networks, from NumPy to Keras — build and test.
#   make book    set up .venv (if needed), build the book strictly into _build/html, then its PDF
#   make test    set up .venv (if needed), run all tests, then the strict full-book build
#   make serve   serve _build/html on http://127.0.0.1:8000 for local reading
#   make bench   lessons_code vs a hand-fused NumPy loop, scikit-learn, Keras (speed, accuracy)
#   make clean   remove the built site (keeps the execution cache); make distclean: everything
#   make site-report  sizes of the built site against its budgets (LIGHTHOUSE=1: Lighthouse scores;
#                RUNS=3: the median of 3 Lighthouse runs per page)
#   make browser-test the browser tests alone, against the built _build/html
#   make pdf     the PDF edition, _build/pdf/neural-networks-from-numpy-to-keras.pdf (after the strict build)
#   LITE=0       (make book/test/build) build without the JupyterLite in-browser notebooks
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

# Reader experience (tools/reader_experience.py, tests/browser/): KaTeX (math typeset at build time)
# is vendored from npm, and the wheel of `comm` that the in-browser notebooks' kernel needs from PyPI,
# into the git-ignored .vendor/, so the site is self-contained; the browser tests use Debian's Chromium.
VENDOR     := .vendor
KATEX      := $(VENDOR)/node_modules/katex/dist/katex-swap.min.css
KATEX_VERSION      := 0.19.1
COMM_VERSION       := $(shell sed -n 's/^comm==//p' requirements.txt)
COMM_WHEEL         := $(VENDOR)/wheels/comm-$(COMM_VERSION)-py3-none-any.whl
LIGHTHOUSE_VERSION := 12.8.2
# JupyterLite is built unless LITE=0 (or BOOK_LITE=0); `make chapter` skips it (a quick rebuild)
LITE ?= $(or $(BOOK_LITE),$(if $(filter chapter,$(MAKECMDGOALS)),0,1))
export BOOK_LITE := $(LITE)

export PYTHONDONTWRITEBYTECODE := 1
# The environment of the book's kernels (TensorFlow quiet, one BLAS thread) is kernel_environment in
# _config.yml: the build and the tests set it themselves; `make bench` reads it here.
KERNEL_ENV = $(shell $(BIN)/python -c 'import os, yaml; c = yaml.safe_load(open("_config.yml")); \
  print(*(f"{k}={v}" for k, v in c["sphinx"]["config"]["kernel_environment"].items() if k not in os.environ))')

.PHONY: help setup book test unit build chapter serve bench clean distclean lock
.PHONY: vendor playground-deps browser-deps browser-test site-report lighthouse-setup

help:
	@echo "make book   - set up .venv and build the book strictly into _build/html"
	@echo "make test   - set up .venv, run the unit tests and the strict full-book build"
	@echo "make serve  - serve the built book on http://127.0.0.1:$(PORT)"
	@echo "make bench  - benchmark lessons_code against a hand-fused NumPy loop, scikit-learn and Keras"
	@echo "make chapter CH=book/NN_name.md - build the book, executing only that chapter"
	@echo "make clean  - remove _build/html (keep the execution cache); distclean removes .venv too"
	@echo "make site-report - site size, largest pages and images, budgets (LIGHTHOUSE=1 adds Lighthouse)"
	@echo "make browser-test - check the built book in headless Chromium (part of make test)"
	@echo "make pdf   - the strict build, then the PDF edition into _build/pdf/ (part of make test)"
	@echo "LITE=0      - with book/test/build: skip the JupyterLite (in-browser notebooks) part"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required, found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

setup: $(STAMP) vendor playground-deps

# KaTeX, run by the build (npm is used once, here; never at build time). Without npm the book still
# builds, with MathJax from its CDN typesetting in the browser, but the browser tests will fail.
vendor: $(KATEX) $(COMM_WHEEL)

$(COMM_WHEEL): | $(STAMP)
	$(BIN)/python -m pip download --quiet --no-deps --only-binary=:all: -d $(VENDOR)/wheels comm==$(COMM_VERSION)

$(KATEX):
	@command -v npm >/dev/null || { \
	  echo "KaTeX is vendored from npm: installing Debian's npm (apt-get)..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends npm; } \
	    || echo "Could not install npm."; }
	@if command -v npm >/dev/null; then \
	  echo "Vendoring KaTeX $(KATEX_VERSION) from npm into $(VENDOR)/"; \
	  npm install --silent --no-audit --no-fund --save-exact --prefix $(VENDOR) katex@$(KATEX_VERSION); \
	else \
	  echo "WARNING: npm not found: KaTeX is not vendored (the book will typeset math in the browser"; \
	  echo "         with MathJax from its CDN, and the browser tests will fail). Install npm and run 'make setup'."; \
	fi

# The network playground (playground/, bundled into the pages that embed it by
# tools/playground_ext.py): its npm packages, pinned by playground/package-lock.json, installed once
# here with `npm ci` (npm itself comes with the KaTeX step above); the build only runs them.
PLAYGROUND_DEPS := playground/node_modules/.package-lock.json
playground-deps: $(PLAYGROUND_DEPS)

$(PLAYGROUND_DEPS): playground/package.json playground/package-lock.json | $(KATEX)
	npm ci --silent --no-audit --no-fund --prefix playground
	@touch $@

# Debian's Chromium and chromedriver for the browser tests, installed only when missing.
browser-deps:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; else \
	  echo "The browser tests need Chromium: installing Debian's chromium and chromium-driver (apt-get)..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver; } \
	    || echo "Could not install chromium/chromium-driver: the browser tests will be skipped (and fail in CI)."; \
	fi

# The PDF edition (tools/build_pdf.py): the pages of the strict build, bound into one document and
# printed by Debian's headless Chromium, with the same outputs (nothing is executed again). Its tests
# (tests/test_pdf.py) read text positions with poppler's pdftotext; the fonts are Debian's.
.PHONY: pdf pdf-deps
pdf: setup pdf-deps build
	$(BIN)/python tools/build_pdf.py

# Pyodide as the in-browser notebooks' kernel loads it from its CDN, and the pure-Python wheels the
# kernel needs to start, for tests/browser/test_lite_offline.py (which plays the CDN, since it tests
# what a reader sees when the CDN is blocked): the npm package of the version the pinned
# jupyterlite-pyodide-kernel asks for, and PyPI's wheels at the versions of its pyodide-lock.json.
PYODIDE_VERSION = $(shell $(BIN)/python -c 'from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION as v; print(v)')
PYODIDE_STAMP  := $(VENDOR)/pyodide/.installed
.PHONY: lite-offline-deps
lite-offline-deps: $(PYODIDE_STAMP)

$(PYODIDE_STAMP): requirements.txt | $(STAMP) $(KATEX)
	npm install --silent --no-audit --no-fund --save-exact --prefix $(VENDOR)/pyodide pyodide@$(PYODIDE_VERSION)
	$(BIN)/python tests/browser/test_lite_offline.py
	@touch $@

pdf-deps: browser-deps
	@if command -v pdftotext >/dev/null && fc-list -q "Liberation Serif" && fc-list -q "DejaVu Sans Mono"; then :; else \
	  echo "The PDF edition needs poppler-utils and its fonts: installing them (apt-get)..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq poppler-utils fontconfig fonts-liberation fonts-dejavu-core; } \
	    || echo "Could not install poppler-utils and the fonts: the PDF tests will fail."; \
	fi

# The site, then its PDF edition (the landing page links it). Without Chromium (e.g. no apt-get) the
# PDF is skipped with a note and the site is still complete; in CI (CI set) a failed PDF fails.
book: setup build
	@$(MAKE) --no-print-directory pdf || { [ -z "$${CI:-}" ] || exit 1; \
	  echo "The PDF edition could not be built (see above): the site in _build/html is complete, but its PDF link needs 'make pdf'."; }

build:
	$(BIN)/python tools/build_book.py

chapter: setup
	@test -n "$(CH)" || { echo "usage: make chapter CH=book/05_shallow_networks.md"; exit 1; }
	$(BIN)/python tools/build_chapter.py $(CH)

# Types and style of the library (tools pinned in requirements.txt, configured in pyproject.toml).
.PHONY: lint
lint: setup
	$(BIN)/ruff check lessons_code tests
	$(BIN)/mypy --strict lessons_code

unit: setup
	$(BIN)/python -m pytest --ignore=tests/browser

test: setup browser-deps pdf-deps lite-offline-deps lint
	$(BIN)/python -m pytest --cov --cov-report=term --ignore=tests/browser --ignore=tests/test_pdf.py
	node --test playground/test
	$(BIN)/python tools/build_book.py
	$(BIN)/python tools/build_pdf.py
	$(BIN)/python -m pytest tests/test_pdf.py
	$(BIN)/python -m pytest tests/browser

browser-test: setup browser-deps lite-offline-deps
	$(BIN)/python -m pytest tests/browser

site-report:
	$(BIN)/python tools/site_report.py _build/html $(if $(filter 1,$(LIGHTHOUSE)),--lighthouse) $(if $(RUNS),--runs $(RUNS))

# Lighthouse (optional, for make site-report LIGHTHOUSE=1): npm package into .vendor/, run offline
# against Debian's Chromium.
lighthouse-setup:
	npm install --silent --no-audit --no-fund --save-exact --prefix $(VENDOR) lighthouse@$(LIGHTHOUSE_VERSION)

serve:
	@test -f _build/html/index.html || { echo "No built book: run 'make book' first."; exit 1; }
	@echo "Serving the book on http://127.0.0.1:$(PORT) (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

bench: setup
	env $(KERNEL_ENV) $(BIN)/python -m lessons_code.bench

clean:
	rm -rf _build/html _build/jupyter_execute _build/.doctrees _build/lite_src _build/screenshots

distclean:
	rm -rf _build $(VENV) $(VENDOR) .pytest_cache .hypothesis .coverage *.egg-info

lock: setup
	{ sed -n '1,3p' requirements.txt; $(BIN)/python -m pip freeze --all --exclude-editable | grep -v -E "^(pip|wheel)=="; } > requirements.lock.tmp
	mv requirements.lock.tmp requirements.txt
