"""Loaded first (``-p tests.environment`` in pyproject) so that settings see these before Django starts.

The suite runs with DEBUG off, like production; only the secret key is a test value.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
# Production redirects HTTP to HTTPS; the test client and the live server speak plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
