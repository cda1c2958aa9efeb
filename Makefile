# Two commands set everything up on a fresh machine: `make run` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast install ingest lint bench bench-scale eval peer fit clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

ingest: $(STAMP)
	$(BIN)/pressroom ingest

# Ingests corpus/, then starts the Telegram bot when a token is set (environment or .env), else a
# terminal chat: `pressroom run` reads the settings, so .env counts the same as the shell.
run: $(STAMP)
	$(BIN)/pressroom run

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# The inner loop: everything but the tests that load the real model or spawn processes.
test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not slow" -q

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

# The public peer benchmarks (docs/quality.md): make peer PEER=path/to/peer [SETS="xquad-en fr"]
peer: $(STAMP)
	$(BIN)/python -m bench.peer $(PEER) $(SETS)

# Refit the answer selector (docs/quality.md, "How the selector is fitted"): make fit QA_TRAIN=path/to/qa-train
# Embeds the training corpora with the real model: about 15 minutes on 2 cores.
FIT_DIR ?= data/fit
fit: $(STAMP)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev,train]'
	$(BIN)/python -m training.candidates $(QA_TRAIN) $(FIT_DIR)/qa
	$(BIN)/python -m training.candidates --set training/data/releases training/data/questions.jsonl $(FIT_DIR)/team
	$(BIN)/python -m training.candidates --set training/data2/releases training/data2/questions.jsonl $(FIT_DIR)/team2
	$(BIN)/python -m training.candidates --set training/data3/releases training/data3/questions.jsonl $(FIT_DIR)/team3
	$(BIN)/python -m training.candidates --set training/data4/releases training/data4/questions.jsonl $(FIT_DIR)/team4
	$(BIN)/python -m training.candidates --off-topic training/data/releases training/data2/questions.jsonl $(FIT_DIR)/team
	$(BIN)/python -m training.candidates --off-topic training/data2/releases training/data/questions.jsonl $(FIT_DIR)/team2
	$(BIN)/python -m training.candidates --off-topic training/data3/releases training/data4/questions.jsonl $(FIT_DIR)/team3
	$(BIN)/python -m training.candidates --off-topic training/data4/releases training/data3/questions.jsonl $(FIT_DIR)/team4
	$(BIN)/python -m training.fit_selector $(FIT_DIR)/qa --domain $(FIT_DIR)/team --domain $(FIT_DIR)/team2 \
		--domain $(FIT_DIR)/team3 --domain $(FIT_DIR)/team4 --precision 0.60 --write bot/selector.json

clean:
	rm -rf $(VENV) data
