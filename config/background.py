"""Work done off the request thread: mail, so that a page answers in the same time whether or not it sends any
(the password reset must not tell by its timing who has an account), and a slow mail server never holds a page.

One worker thread per process runs the jobs in order. A job that fails is logged by name and dropped: this is
not a queue that survives a restart, and a lost reset mail is simply asked for again.
"""

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.db import connections

logger = logging.getLogger(__name__)

_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="background")


def run_in_background(job: Callable[..., object], *args, **kwargs) -> None:
    def run() -> None:
        try:
            job(*args, **kwargs)
        except Exception:
            logger.exception("Background job %s failed", job.__name__)
        finally:
            connections.close_all()  # the worker thread's own database connections

    _worker.submit(run)


def wait_for_background_jobs() -> None:
    """Return once every job submitted so far has run (the worker takes them in order). For tests."""
    _worker.submit(lambda: None).result()
