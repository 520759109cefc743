# Production image: gunicorn web, Celery worker and beat all run from it (docker-compose.yml).

# 1. Front-end packages from the npm registry (never committed).
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# 2. The application.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=tamky_kdc.settings.production \
    VAR_DIR=/data \
    MEDIA_ROOT=/data/media \
    STATIC_ROOT=/app/staticfiles

# WeasyPrint's libraries (Pango, HarfBuzz), a Times-compatible serif font, gettext for the catalogue,
# and the PostgreSQL client for `make backup`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation gettext \
        postgresql-client make curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN pip install --no-cache-dir uv==0.13.8 \
    && uv sync --frozen --no-dev --no-install-project

# Exactly what .ci/production-path runs: the application packages, templates, static sources and the
# Makefile's asset step (tests, benchmarks and CI scripts stay out of the image).
COPY manage.py Makefile ./
COPY core ./core
COPY dashboards ./dashboards
COPY programs ./programs
COPY reorganisation ./reorganisation
COPY reports ./reports
COPY tamky_kdc ./tamky_kdc
COPY wards ./wards
COPY templates ./templates
COPY static ./static
COPY --from=assets /build/node_modules ./node_modules
RUN make -o node_modules/.package-lock.json -o .venv/.synced BIN=/opt/venv/bin static/vendor/.built \
    && rm -rf node_modules \
    && SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
       python manage.py compilemessages --locale vi --ignore '/opt/venv/*' --verbosity 0 \
    && SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
       python manage.py collectstatic --noinput --verbosity 0

RUN useradd --system --uid 1000 --home /app kdc && mkdir -p /data && chown kdc /data
USER kdc
EXPOSE 8000
CMD ["gunicorn", "tamky_kdc.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--forwarded-allow-ips", "*"]
