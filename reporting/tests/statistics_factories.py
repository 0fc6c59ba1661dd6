"""Rows for the statistics tests, written directly (no services) so that a
test can build exactly the situation its hand computation describes."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable

from participants.identity import pesel_hash
from participants.models import (
    ExclusionGround,
    FollowUp,
    Participant,
    Participation,
    ParticipationGround,
    Referral,
)
from participants.tests.factories import make_pesel
from reporting.models import UnitAnnualReport
from units.models import Unit
from units.tests.factories import FoundingBodyFactory, UnitFactory, voivodeship

D = datetime.date
_serial = itertools.count(100)
OPENED = D(2015, 1, 1)
BORN = D(1980, 5, 17)


def make_unit(
    *,
    kind: str = "CIS",
    teryt: str = "14",
    founder_type: str = "ngo",
    opened_on: datetime.date = OPENED,
    closed_on: datetime.date | None = None,
    name: str | None = None,
) -> Unit:
    region = voivodeship(teryt)
    extra = {"name": name} if name else {}
    return UnitFactory(
        kind=kind,
        voivodeship=region,
        founding_body=FoundingBodyFactory(
            founder_type=founder_type, voivodeship=region
        ),
        opened_on=opened_on,
        closed_on=closed_on,
        **extra,
    )


def make_person(
    unit: Unit,
    *,
    birth_date: datetime.date = BORN,
    sex: str = "F",
    pesel: str | None = "auto",
    last_name: str = "Kowalska",
    first_name: str = "Anna",
) -> Participant:
    """A participant of `unit`; `pesel=None` for a person without PESEL
    (identified by a passport), "auto" for a fresh valid one."""
    if pesel == "auto":
        pesel = make_pesel(birth_date, sex, next(_serial))
    document = {}
    if not pesel:
        document = {"document_type": "passport", "document_number": f"P{next(_serial)}"}
    return Participant.objects.create(
        unit=unit,
        pesel=pesel or "",
        pesel_hash=pesel_hash(pesel or ""),
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        sex=sex,
        **document,
    )


def make_participation(
    participant: Participant,
    *,
    admitted_on: datetime.date | None,
    exited_on: datetime.date | None = None,
    exit_reason: str = "completed",
    outcome: str = "",
    primary: str | None = "long_term_unemployed",
    others: Iterable[str] = (),
    requested_by: str | None = "ops",
) -> Participation:
    if admitted_on is None:
        state = "referred"
    elif exited_on is None:
        state = "active"
    else:
        state = "exited"
    participation = Participation.objects.create(
        participant=participant,
        unit=participant.unit,
        state=state,
        admitted_on=admitted_on,
        exited_on=exited_on,
        exit_reason=exit_reason if exited_on else "",
        outcome=outcome if exited_on else "",
    )
    if primary:
        ParticipationGround.objects.create(
            participation=participation,
            ground=ExclusionGround.objects.get(code=primary),
            is_primary=True,
        )
    for code in others:
        ParticipationGround.objects.create(
            participation=participation,
            ground=ExclusionGround.objects.get(code=code),
        )
    if requested_by:
        Referral.objects.create(
            participation=participation,
            requested_by=requested_by,
            issued_by="ops" if requested_by != "pup" else "pup",
            referred_on=admitted_on or D(2025, 1, 1),
        )
    return participation


def make_follow_up(
    participation: Participation,
    *,
    months_after: int,
    outcome: str = "",
    checked_on: datetime.date | None = None,
) -> FollowUp:
    return FollowUp.objects.create(
        participation=participation,
        months_after=months_after,
        due_on=participation.exited_on + datetime.timedelta(days=30 * months_after),
        checked_on=checked_on,
        outcome=outcome,
    )


def build_world() -> dict:
    """The world described in test_statistics.py (year 2025)."""
    u1 = make_unit(name="CIS Jeden")
    u2 = make_unit(founder_type="gmina", closed_on=D(2025, 6, 30), name="CIS Dwa")
    u3 = make_unit(
        kind="KIS", teryt="12", founder_type="jst_unit", opened_on=D(2025, 3, 1)
    )
    make_unit(teryt="12", opened_on=D(2026, 2, 1))
    make_unit(kind="KIS", founder_type="church", closed_on=D(2024, 12, 31))
    x_pesel = make_pesel(D(1980, 5, 17), "F", 1)
    p1 = make_participation(
        make_person(u1, pesel=x_pesel),
        admitted_on=D(2024, 3, 1),
        exited_on=D(2025, 1, 1),
        exit_reason="completed",
        outcome="open_market",
        primary="homeless",
        others=["disabled"],
    )
    make_follow_up(p1, months_after=3, outcome="open_market", checked_on=D(2025, 4, 2))
    p2 = make_participation(
        make_person(u2, pesel=x_pesel),
        admitted_on=D(2025, 2, 1),
        exited_on=D(2025, 6, 30),
        exit_reason="employment",
        outcome="supported_employment",
        primary="long_term_unemployed",
        requested_by="pup",
    )
    make_follow_up(p2, months_after=3)  # not yet checked: not counted
    make_participation(
        make_person(u1, pesel=None, sex="M", birth_date=D(2000, 1, 2)),
        admitted_on=D(2025, 12, 31),
        primary="refugee",
    )
    make_participation(
        make_person(u1), admitted_on=D(2024, 1, 1), exited_on=D(2024, 12, 31)
    )
    make_participation(make_person(u1), admitted_on=None)
    v = make_person(u1, sex="M", birth_date=D(1960, 8, 9), last_name="Wiśniewski")
    make_participation(
        v,
        admitted_on=D(2023, 5, 5),
        primary="alcohol_addiction",
        others=["disabled"],
        requested_by=None,
    )
    Participant.objects.filter(pk=v.pk).update(
        pesel="",
        first_name="",
        last_name="",
        birth_date=D(1960, 1, 1),
        anonymised_at=datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC),
    )
    make_participation(
        make_person(u3, pesel=x_pesel),
        admitted_on=D(2025, 9, 1),
        primary="mental_illness",
        requested_by="self",
    )
    make_participation(make_person(u1), admitted_on=D(2026, 1, 1))
    finance = {
        "local_government": "1000.50",
        "esf": "200.25",
        "labour_fund": "0",
        "own_revenue": "10",
        "other": "",
    }
    UnitAnnualReport.objects.create(
        unit=u1, year=2025, state="accepted", snapshot={"entered": {"finance": finance}}
    )
    UnitAnnualReport.objects.create(
        unit=u2,
        year=2025,
        state="submitted",
        snapshot={"entered": {"finance": {"local_government": "999"}}},
    )
    UnitAnnualReport.objects.create(
        unit=u3,
        year=2024,
        state="accepted",
        snapshot={"entered": {"finance": {"local_government": "5"}}},
    )
    return {
        "u1": u1,
        "u2": u2,
        "u3": u3,
        "v": v,
        "x_pesel": x_pesel,
        "p1": p1,
    }


def build_years_world() -> dict:
    """The world of the comparison of years 2023-2025 described in
    test_comparison.py (its docstring has the hand computation)."""
    c1 = make_unit(name="CIS Pierwszy")
    c2 = make_unit(founder_type="gmina", opened_on=D(2024, 3, 1), name="CIS Drugi")
    k1 = make_unit(
        kind="KIS",
        teryt="12",
        founder_type="jst_unit",
        opened_on=D(2020, 1, 1),
        closed_on=D(2024, 6, 30),
        name="KIS Pierwszy",
    )
    k2 = make_unit(
        kind="KIS", founder_type="church", opened_on=D(2025, 2, 1), name="KIS Drugi"
    )
    make_participation(
        make_person(c1),
        admitted_on=D(2022, 6, 1),
        exited_on=D(2024, 5, 31),
        exit_reason="completed",
        outcome="open_market",
    )
    make_participation(make_person(c1), admitted_on=D(2023, 3, 1), primary="homeless")
    make_participation(
        make_person(c2),
        admitted_on=D(2024, 4, 1),
        exited_on=D(2025, 3, 31),
        exit_reason="employment",
        outcome="supported_employment",
        primary="homeless",
    )
    make_participation(make_person(c2), admitted_on=D(2025, 1, 10), primary=None)
    make_participation(make_person(c1), admitted_on=D(2025, 5, 5), primary="disabled")
    make_participation(
        make_person(k1),
        admitted_on=D(2023, 1, 15),
        exited_on=D(2024, 6, 30),
        exit_reason="completed",
        outcome="continued_activation",
        primary="mental_illness",
    )
    make_participation(
        make_person(k2), admitted_on=D(2025, 3, 1), primary="mental_illness"
    )
    for unit, year, state, finance in (
        (c1, 2023, "accepted", {"local_government": "1000.00"}),
        (c1, 2025, "accepted", {"local_government": "1500.50"}),
        (c2, 2025, "accepted", {"esf": "500"}),
        (c2, 2024, "submitted", {"local_government": "999"}),
        (k1, 2023, "accepted", {"local_government": "200"}),
    ):
        UnitAnnualReport.objects.create(
            unit=unit,
            year=year,
            state=state,
            snapshot={"entered": {"finance": finance}},
        )
    return {"c1": c1, "c2": c2, "k1": k1, "k2": k2}
