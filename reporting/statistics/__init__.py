"""Statistics of social employment for a year and a scope (issue #8):
selectors counting in the database (selectors.py), the typed result
(types.py) and the tables every output renders (tables.py)."""

from reporting.statistics.selectors import annual_statistics
from reporting.statistics.types import (
    AnnualStatistics,
    KindFigures,
    StatisticsScope,
)

__all__ = ["AnnualStatistics", "KindFigures", "StatisticsScope", "annual_statistics"]
