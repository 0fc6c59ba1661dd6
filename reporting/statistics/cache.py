"""The statistics of a year and a scope kept for a few minutes in the default
cache: the dashboard computes them once and its charts, tables and
downloads, requested one by one right after it, read the same result
instead of counting again. `STATISTICS_CACHE_SECONDS` sets how long (0: no
caching); a change to the records shows after at most that long. The PDF
publication and the `annual_report` command always count afresh."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from reporting.statistics.scopes import scope_code
from reporting.statistics.selectors import annual_statistics
from reporting.statistics.types import AnnualStatistics, StatisticsScope
from reporting.suppression import threshold

VERSION = 1  # bump when AnnualStatistics changes shape


def cache_key(scope: StatisticsScope, year: int) -> str:
    return f"cis-kis:statistics:v{VERSION}:{scope_code(scope)}:{year}:{threshold()}"


def cached_annual_statistics(*, scope: StatisticsScope, year: int) -> AnnualStatistics:
    """`annual_statistics`, from the cache while it is fresh."""
    seconds = settings.STATISTICS_CACHE_SECONDS
    if seconds <= 0:
        return annual_statistics(scope=scope, year=year)
    key = cache_key(scope, year)
    stats = cache.get(key)
    if stats is None:
        stats = annual_statistics(scope=scope, year=year)
        cache.set(key, stats, seconds)
    return stats
