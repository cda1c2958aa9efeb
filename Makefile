# Two commands set everything up on a fresh machine: `make run` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install ingest lint bench bench-scale eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

ingest: $(STAMP)
	$(BIN)/pressroom ingest

# Ingests corpus/, then starts the Telegram bot when a token is set, else a terminal chat.
run: $(STAMP)
	$(BIN)/pressroom ingest
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ]; then $(BIN)/pressroom bot; else $(BIN)/pressroom chat; fi

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench.ingest
	$(BIN)/python -m bench.ask
	$(BIN)/python -m bench.bot

# Corpus-size benchmark (docs/benchmarks.md, "Scale"): hashed passage vectors, real query model, and 100
# releases added to each size with the real model; ~25 min.
bench-scale: $(STAMP)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev,bench]'
	$(BIN)/python -m bench.scale --embedder hybrid --sizes 100,1000,10000 --add 100 \
		--out bench/results/scale.json --plot docs/scale.png

eval: $(STAMP)
	$(BIN)/pressroom eval $(QUESTIONS)

clean:
	rm -rf $(VENV) data
