"""Small-cell suppression of counts of persons in outputs below national level.

A count from 1 to threshold - 1 (default 3) is shown as "<3" and its
percentage is not given (DESIGN section 3). Where the cells of a column add up
to a total that is shown, a single suppressed cell could be recovered by
subtraction, so the smallest other non-zero cell of that column is suppressed
too (secondary suppression). Totals are shown unless they are themselves small.
Counts of units and finance figures are not personal data and are never
suppressed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

DEFAULT_THRESHOLD = 3


@dataclass(frozen=True)
class Suppressed:
    """A count withheld because it is small (or would reveal a small one)."""

    threshold: int

    def __str__(self) -> str:
        return f"<{self.threshold}"


Count = int | Suppressed


def threshold() -> int:
    """The smallest count shown below national level (setting, default 3)."""
    return int(getattr(settings, "STATISTICS_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))


def is_small(value: int, limit: int) -> bool:
    return 0 < value < limit


def suppress_value(value: int, *, active: bool) -> Count:
    """`value`, or Suppressed when suppression is on and the value is small."""
    limit = threshold()
    if active and is_small(value, limit):
        return Suppressed(limit)
    return value


def suppress_partition(
    values: Mapping[str, int], *, active: bool, total: int | None = None
) -> dict[str, Count]:
    """Suppress the small cells of categories that add up to `total`.

    When exactly one cell is withheld and the total is shown, the smallest
    other non-zero cell is withheld too, so that the first cannot be
    recovered by subtraction. Pass `total=None` for categories that overlap
    (a person with several grounds), where no subtraction is possible.
    """
    if not active:
        return dict(values)
    limit = threshold()
    out: dict[str, Count] = {}
    hidden: list[str] = []
    for key, value in values.items():
        if is_small(value, limit):
            out[key] = Suppressed(limit)
            hidden.append(key)
        else:
            out[key] = value
    total_shown = total is not None and not is_small(total, limit)
    if len(hidden) == 1 and total_shown:
        candidates = [
            (value, key)
            for key, value in values.items()
            if key not in hidden and value > 0
        ]
        if candidates:
            _, key = min(candidates)
            out[key] = Suppressed(limit)
    return out


ONE_PLACE = Decimal("0.1")


def percent(part: Count, whole: Count) -> Decimal | None:
    """`part` as a percentage of `whole`, one decimal place rounded half up;
    None when either is withheld or the whole is zero."""
    if isinstance(part, Suppressed) or isinstance(whole, Suppressed):
        return None
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(
        ONE_PLACE, rounding=ROUND_HALF_UP
    )
