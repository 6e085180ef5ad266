# Safety Valve: gunicorn + whitenoise on Debian slim, with the Pango libraries WeasyPrint needs.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 app

WORKDIR /app
COPY requirements.lock pyproject.toml README.md ./
COPY config ./config
COPY intake ./intake
COPY analysis ./analysis
RUN pip install --no-cache-dir -c requirements.lock .
COPY manage.py ./
COPY templates ./templates
COPY static ./static
# collectstatic needs settings to import; the key is a build-time throwaway, never used at run time.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
 && mkdir -p /data/media && chown -R app /data
USER app
EXPOSE 8000
# Bind, workers (WEB_CONCURRENCY, default 4) and an access log without query strings: config/gunicorn.py.
CMD ["gunicorn", "--config", "python:config.gunicorn", "config.wsgi:application"]
