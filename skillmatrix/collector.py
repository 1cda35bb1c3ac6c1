"""Python's cyclic garbage collector, paused while the site model is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# A pause stopped early left the collector off for the next one to switch on (`hand_over`).
_owed = False


@contextmanager
def collector_paused(enabled: bool = True, *, hand_over: bool = False) -> Iterator[None]:
    """Python's cyclic collector off while the model is built: the model is millions of
    long-lived objects, and scanning them again and again as they were being made cost more
    than making them (planning the scale corpus: 1.4 s with it, 0.4 s without). The model
    has little cyclic garbage, and the collector runs again afterwards. `enabled` False
    leaves the collector alone (tuning.Tuning.collector).

    `hand_over`: the paused code is a generator that a newer one replaces when it is stopped
    (serve's updates): stopped, it leaves the collector off, and the next pause switches it
    on at its own end. Switched on in between, the collector's first run would sweep all
    that the stopped update made (130 ms on the scale corpus) in the newer update's first
    step, the one a browser waits for."""
    global _owed
    if not enabled:
        yield
        return
    was_enabled = gc.isenabled() or _owed
    _owed = False
    gc.disable()
    stopped = False
    try:
        yield
    except GeneratorExit:
        stopped = hand_over
        raise
    finally:
        if stopped:
            _owed = was_enabled
        elif was_enabled:
            gc.enable()
