"""How many digits ccg keeps: every number written to the store or printed, and every ranking key.

Rankings compare numbers rounded to :data:`DIGITS`, and ties go to the smaller IRI, so that ordering
the stored (rounded) values in SPARQL gives the same order as the analysis.
"""

from __future__ import annotations

import math

#: Decimal digits kept for every number written to the store or printed, so bytes are stable.
DIGITS = 6


def rounded(value: float | None) -> float | None:
    """``value`` rounded to :data:`DIGITS` digits; ``None`` and ``nan`` become ``None``; no ``-0.0``.

    Examples
    --------
    >>> rounded(0.12345678), rounded(-0.0000001), rounded(float("nan"))
    (0.123457, 0.0, None)
    """
    if value is None or math.isnan(value):
        return None
    return round(float(value), DIGITS) + 0.0


def rank_key(value: float) -> float:
    """The descending sort key of a score: its negated rounded value.

    Examples
    --------
    >>> sorted([0.3000001, 0.3, 0.5], key=rank_key)
    [0.5, 0.3000001, 0.3]
    """
    return -(rounded(value) or 0.0)
