"""The dashboard tests look at the portal on 20 May 2025, 13 days before the six-month due date."""

import pytest
import time_machine

from .factories import TODAY


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield
