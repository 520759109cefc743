import gc

import pytest

from core.batch import BATCH_GC_THRESHOLDS, rare_collections


def test_batch_work_raises_the_collectors_thresholds_and_restores_them_after_even_on_error():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), rare_collections():
        assert gc.get_threshold() == BATCH_GC_THRESHOLDS != before
        raise RuntimeError
    assert gc.get_threshold() == before
