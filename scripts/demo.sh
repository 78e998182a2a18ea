#!/usr/bin/env bash
# `make demo`: Elasticsearch up, mappings installed, samples ingested, facets shown.
# Uses Docker Compose when a Docker engine answers; otherwise the local node.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

if docker info >/dev/null 2>&1; then
  echo "== Docker engine found: docker compose up"
  if [ ! -f .env ]; then
    cp .env.example .env
    sed -i "s/^ELASTIC_PASSWORD=.*/ELASTIC_PASSWORD=$(openssl rand -hex 16)/; \
            s/^KIBANA_PASSWORD=.*/KIBANA_PASSWORD=$(openssl rand -hex 16)/" .env
    for key in XPACK_ENCRYPTEDSAVEDOBJECTS_ENCRYPTIONKEY XPACK_SECURITY_ENCRYPTIONKEY \
               XPACK_REPORTING_ENCRYPTIONKEY; do
      sed -i "s/^$key=.*/$key=$(openssl rand -hex 32)/" .env
    done
    echo "   wrote .env with fresh random passwords and Kibana keys (git-ignored)"
  fi
  docker compose up -d --build --wait es01 kibana
  docker compose up --exit-code-from ingest setup ingest
  set -a; . ./.env; set +a
  mkdir -p .certs && docker compose cp es01:/usr/share/elasticsearch/config/certs/ca/ca.crt .certs/ca.crt
  export ES_URL="https://127.0.0.1:${ES_PORT:-9200}" ES_USERNAME=elastic ES_PASSWORD="$ELASTIC_PASSWORD" ES_CA_CERTS=.certs/ca.crt
else
  echo "== No Docker engine: starting a local Elasticsearch node (first run downloads it from Maven Central)"
  make -s es-start
  export ES_URL="http://127.0.0.1:${PORT:-9200}"
  echo "== es-ingest setup"
  $BIN/es-ingest setup
  echo "== es-ingest ingest src/es_ingest/samples"
  $BIN/es-ingest ingest src/es_ingest/samples --rejects .demo-rejects.jsonl --pending .demo-pending.jsonl
fi
echo "== the latest articles and facet counts over all of them"
$BIN/es-ingest search --size 3 --sort date
echo
echo "Try: $BIN/es-ingest search \"partenariat\" --country GE --alliance NATO"
