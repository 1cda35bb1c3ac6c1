"""Python's cyclic garbage collector, paused while the site model is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(enabled: bool = True, *, keep: bool = False) -> Iterator[None]:
    """Python's cyclic collector off while the model is built: the model is millions of
    long-lived objects, and scanning them again and again as they were being made cost more
    than making them (planning the scale corpus: 1.4 s with it, 0.4 s without). The model
    has little cyclic garbage, and the collector runs again afterwards. `enabled` False
    leaves the collector alone (tuning.Tuning.collector).

    `keep`: what is made meanwhile lives on (the first build of the preview, whose site
    the updates build on), so it is moved out of the collector's sight (`gc.freeze`) before
    the collector runs again. Left in sight, the model was scanned by every full collection
    after each update: 4 s on the scale corpus, at random in a save's latency. What an
    update replaces of it is never collected if it is in a cycle: a one-time cost of at most
    one model's size.
    """
    if not enabled:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if enabled:
            gc.enable()
