# scatnet — every target creates/uses its own virtual environment in .venv
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test demo bench examples doc lint clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,plot]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest -q tests scatnet README.md --doctest-modules --doctest-glob='README.md'

demo: $(STAMP)
	$(BIN)/python -m scatnet.demo --output demo_output

bench: $(STAMP)
	$(BIN)/pip install -q -e '.[bench,mkl,fftw]'
	$(BIN)/python bench/fft_backends.py
	$(BIN)/python bench/run_bench.py
	$(BIN)/python bench/stream_bench.py --float32
	$(BIN)/python bench/stream_bench.py
	$(BIN)/python bench/scatnet_bench.py
	$(BIN)/python bench/kymatio_bench.py
	$(BIN)/python bench/batch_bench.py --json bench/results/batch_bench.json

# The tutorial scripts (examples/plot_*.py): measurements printed, figures into examples_output/
# (SCATNET_EXAMPLES_OUTPUT); SCATNET_EXAMPLES_SMALL=1 selects the small sizes.
examples: $(STAMP)
	$(BIN)/pip install -q -e '.[examples]'
	@set -e; for f in examples/plot_*.py; do echo "== $$f"; MPLBACKEND=Agg $(BIN)/python $$f; done

# HTML site in doc/_build/html: API reference, doc/*.md and the examples' gallery (run small).
# Warnings are errors.
doc: $(STAMP)
	$(BIN)/pip install -q -e '.[doc]'
	SCATNET_EXAMPLES_SMALL=1 $(BIN)/python -m sphinx -W --keep-going -q -b html doc doc/_build/html
	@echo "HTML site: doc/_build/html/index.html"

lint: $(STAMP)
	$(BIN)/pip install -q -e '.[lint]'
	$(BIN)/ruff check scatnet tests bench
	$(BIN)/numpydoc lint $$(find scatnet -name '*.py' | sort)

clean:
	rm -rf $(VENV) demo_output bench/results .pytest_cache
