"""A centre's CIS status as a pure function of its decisions and a date.

The same rule runs in Python (`cis_status_on`, for one centre and for tests)
and in the database (`status_annotations`, for lists and filters); a test
checks that they agree on every sequence of decisions.

- A grant makes the status active until its `valid_until` (five years,
  art. 5 ust. 2); an extension moves `valid_until`.
- A decision on loss of status (art. 6) or on closure ends it on the
  decision's date.
- An active status whose `valid_until` has passed has expired.
- A refusal changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, CharField, OuterRef, Q, Subquery, Value, When

from units.constants import STATUS_DECISIONS, CisStatus, DecisionKind


@dataclass(frozen=True)
class DecisionFact:
    """What the status rule needs of a decision."""

    kind: str
    issued_on: datetime.date
    valid_until: datetime.date | None = None
    order: int = 0  # tie-break for decisions of one day: creation order


@dataclass(frozen=True)
class StatusAt:
    status: CisStatus
    valid_until: datetime.date | None = None


def cis_status_on(decisions: Iterable[DecisionFact], day: datetime.date) -> StatusAt:
    """The status on `day` after `decisions` (in any order)."""
    last: DecisionFact | None = None
    for decision in sorted(decisions, key=lambda d: (d.issued_on, d.order)):
        if decision.issued_on > day:
            break
        if decision.kind in STATUS_DECISIONS:
            last = decision
    if last is None:
        return StatusAt(CisStatus.NONE)
    if last.kind == DecisionKind.LOSS:
        return StatusAt(CisStatus.LOST)
    if last.kind == DecisionKind.CLOSURE:
        return StatusAt(CisStatus.CLOSED)
    assert last.valid_until is not None  # noqa: S101 - a database constraint
    if last.valid_until < day:
        return StatusAt(CisStatus.EXPIRED, last.valid_until)
    return StatusAt(CisStatus.ACTIVE, last.valid_until)


def status_annotations(day: datetime.date) -> dict[str, object]:
    """Annotations for a Unit queryset: `cis_status` and `status_valid_until`."""
    from units.models import StatusDecision  # noqa: PLC0415 - models use this module

    last = StatusDecision.objects.filter(
        unit=OuterRef("pk"), kind__in=STATUS_DECISIONS, issued_on__lte=day
    ).order_by("-issued_on", "-pk")
    last_kind = Subquery(last.values("kind")[:1])
    valid_until = Subquery(last.values("valid_until")[:1])
    return {
        "last_status_kind": last_kind,
        "status_valid_until": valid_until,
        "cis_status": Case(
            When(Q(last_status_kind__isnull=True), then=Value(CisStatus.NONE)),
            When(Q(last_status_kind=DecisionKind.LOSS), then=Value(CisStatus.LOST)),
            When(
                Q(last_status_kind=DecisionKind.CLOSURE), then=Value(CisStatus.CLOSED)
            ),
            When(Q(status_valid_until__lt=day), then=Value(CisStatus.EXPIRED)),
            default=Value(CisStatus.ACTIVE),
            output_field=CharField(),
        ),
    }
