"""What the property tests share: bounded Hypothesis settings, and every code point."""

from __future__ import annotations

import sys

from hypothesis import HealthCheck, settings

EVERY_CHARACTER = [chr(c) for c in range(sys.maxunicode + 1)]


def bounded(max_examples: int) -> settings:
    """Derandomized (the suite tries the same examples on every run, so a failure
    reproduces), without deadlines or a database; bench/fuzz_ingest.py and a raised
    `max_examples` explore further."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
