# Bitgoeul web and worker image: installed from requirements.lock (exact versions, hashes checked), run as a
# non-root user. The same image serves `bitgoeul serve`, `bitgoeul match worker` and `bitgoeul init`
# (see compose.yaml and docs/deploy.md).
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY requirements.lock ./
RUN python -m venv /opt/bitgoeul \
    && /opt/bitgoeul/bin/pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY src ./src
RUN /opt/bitgoeul/bin/pip install --no-deps . \
    && /opt/bitgoeul/bin/bitgoeul --version

FROM python:3.11-slim-bookworm
# kiwipiepy (the Korean analyser) links libstdc++; the other native wheels bundle their libraries.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libstdc++6 \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 bitgoeul \
    && useradd --system --uid 10001 --gid bitgoeul --home-dir /app --create-home --shell /usr/sbin/nologin bitgoeul
COPY --from=build /opt/bitgoeul /opt/bitgoeul
ENV PATH=/opt/bitgoeul/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    BITGOEUL_ENV=production \
    BITGOEUL_LOG_FORMAT=json
WORKDIR /app
USER bitgoeul
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:8000/readyz', timeout=4).status != 200)"]
CMD ["bitgoeul", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
