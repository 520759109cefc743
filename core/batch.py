"""Batch work in a worker process (the compile's data phase, rendering a document)."""

from __future__ import annotations

import gc
from contextlib import contextmanager

# The cyclic collector's thresholds during batch work (rare_collections).
BATCH_GC_THRESHOLDS = (20_000, 50, 100)


@contextmanager
def rare_collections():
    """Batch work makes hundreds of thousands of small objects (grouped rows, a renderer's boxes); with the
    collector's default thresholds Python walks the whole heap again and again (a third of a render's
    time, a tenth of the compile's data phase). The work runs with the thresholds raised, restored after:
    its objects are freed by reference counting anyway."""
    thresholds = gc.get_threshold()
    gc.set_threshold(*BATCH_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
