# One image for the API and the CPU worker. The GPU worker builds FROM a CUDA base with
# the same code (see docker-compose.yml, target "gpu").
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml setup.py README.md ./
COPY api ./api
COPY worker ./worker
COPY common ./common
COPY migrations ./migrations
COPY pagemill_client ./pagemill_client
# The int8 OCR models are derived here, once, from rapidocr's bundled models (offline,
# about a minute), so that workers of this image do not derive their own.
ENV PAGEMILL_ENGINES__OCR_MODEL_DIR=/opt/pagemill/ocr-models
# gcc only to build: setup.py compiles the layout with mypyc (see worker/engines/native.py).
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && pip install . \
    && apt-get purge -y gcc libc6-dev && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* \
    && pagemill ocr-models && useradd --system --uid 10001 pagemill
USER pagemill
EXPOSE 8000
CMD ["pagemill", "serve", "--host", "0.0.0.0", "--port", "8000"]

FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 AS gpu
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_BREAK_SYSTEM_PACKAGES=1
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=base /app /app
# A page a model cannot read falls back to the CPU engine (auto), which reads scans
# with the same int8 OCR models as the CPU image.
COPY --from=base /opt/pagemill /opt/pagemill
ENV PAGEMILL_ENGINES__OCR_MODEL_DIR=/opt/pagemill/ocr-models
RUN apt-get update && apt-get install -y --no-install-recommends gcc python3-dev \
    && pip install torch==2.11.0 ".[models]" \
    && apt-get purge -y gcc python3-dev && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 pagemill
USER pagemill
CMD ["pagemill", "worker", "--engine", "smoldocling"]
