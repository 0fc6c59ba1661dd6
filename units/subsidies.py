"""The return of unused subsidies when a centre loses its status (art. 6
ust. 3 of the Act: the unused money that came from subsidies goes back to
the bodies that granted them, in proportion to the subsidy each granted).
Pure: no database, so it is tested by worked examples."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

GROSZ = Decimal("0.01")


class SubsidyError(ValueError):
    """Amounts from which no return can be computed; `code` names why."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def proportional_returns(unused: Decimal, granted: Sequence[Decimal]) -> list[Decimal]:
    """Each grantor's share of `unused`, to the grosz, summing exactly to it.

    Every share is first cut down to the grosz; the grosze left over go one
    each to the largest remainders (ties: the larger subsidy, then the earlier
    row), so no grantor gets a grosz more than its exact share rounded up."""
    if not granted:
        raise SubsidyError("No subsidy is given.", "no_subsidies")
    if any(amount <= 0 for amount in granted):
        raise SubsidyError(
            "Every subsidy is a positive amount.", "subsidy_not_positive"
        )
    if unused < 0:
        raise SubsidyError("The unused amount cannot be negative.", "unused_negative")
    total = sum(granted, Decimal(0))
    if unused > total:
        raise SubsidyError(
            "More cannot be unused than was granted.", "unused_above_granted"
        )
    exact = [
        Fraction(unused) * Fraction(amount) / Fraction(total) for amount in granted
    ]
    shares = [
        (Decimal(share.numerator) / Decimal(share.denominator)).quantize(
            GROSZ, rounding=ROUND_DOWN
        )
        for share in exact
    ]
    left = int((unused - sum(shares, Decimal(0))) / GROSZ)
    order = sorted(
        range(len(granted)),
        key=lambda i: (-(exact[i] - Fraction(shares[i])), -granted[i], i),
    )
    for i in order[:left]:
        shares[i] += GROSZ
    return shares
