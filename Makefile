# Neural Networks, from NumPy to Keras — build and test.
#   make book    set up .venv (if needed) and build the book strictly into _build/html
#   make test    set up .venv (if needed), run all tests, then the strict full-book build
#   make serve   serve _build/html on http://127.0.0.1:8000 for local reading
#   make bench   lessons_code vs scikit-learn vs Keras (speed and accuracy)
#   make clean   remove the built site (keeps the execution cache); make distclean: everything
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

# TensorFlow's C++ and oneDNN start-up messages, silenced at their source. The build passes the
# environment to the notebook kernels, so these apply to every chapter.
export TF_CPP_MIN_LOG_LEVEL  := 2
export TF_ENABLE_ONEDNN_OPTS := 0
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup book test unit build chapter serve bench clean distclean lock

help:
	@echo "make book   - set up .venv and build the book strictly into _build/html"
	@echo "make test   - set up .venv, run the unit tests and the strict full-book build"
	@echo "make serve  - serve the built book on http://127.0.0.1:$(PORT)"
	@echo "make bench  - benchmark lessons_code against scikit-learn and Keras"
	@echo "make chapter CH=book/NN_name.md - build the book, executing only that chapter"
	@echo "make clean  - remove _build/html (keep the execution cache); distclean removes .venv too"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required, found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

setup: $(STAMP)

book: setup build

build:
	$(BIN)/python tools/build_book.py

chapter: setup
	@test -n "$(CH)" || { echo "usage: make chapter CH=book/05_shallow_networks.md"; exit 1; }
	$(BIN)/python tools/build_chapter.py $(CH)

unit: setup
	$(BIN)/python -m pytest

test: setup
	$(BIN)/python -m pytest --cov --cov-report=term
	$(BIN)/python tools/build_book.py

serve:
	@test -f _build/html/index.html || { echo "No built book: run 'make book' first."; exit 1; }
	@echo "Serving the book on http://127.0.0.1:$(PORT) (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

bench: setup
	$(BIN)/python -m lessons_code.bench

clean:
	rm -rf _build/html _build/jupyter_execute _build/.doctrees

distclean:
	rm -rf _build $(VENV) .pytest_cache .hypothesis .coverage *.egg-info

lock: setup
	{ sed -n '1,3p' requirements.txt; $(BIN)/python -m pip freeze --all --exclude-editable | grep -v -E "^(pip|wheel)=="; } > requirements.lock.tmp
	mv requirements.lock.tmp requirements.txt
