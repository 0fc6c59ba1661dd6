"""What the demo centres provided to their participants (art. 14 ust. 2-4):
the health and safety training on the day of admission, the medical
examination a couple of days before it (valid for a year), work clothing and
footwear, and protective equipment for the workshops that need it. A few
stories are left incomplete so that the list of missing provisions has rows:
the newest participant waits for the examination and the clothing, the
examination of the longest stint has expired, and one expires within weeks.
Every write goes through participants.services as the system (actor None); a
participation that already has an entry is left as it is, so loading the
demo again adds nothing."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cis_kis.demo_participants import (
    AMENDED,
    PROGRAMME,
    TOWNS,
    TRIAL,
    Slot,
    slots_for,
)
from participants.constants import ParticipationState
from participants.constants_provisions import ExaminationResult, ProvisionKind
from participants.models import Participation
from participants.services import (
    participation_meal_set,
    provision_record,
    provision_void,
)
from units.constants import UnitKind
from units.deadlines import add_months
from units.models import Unit

DAY = datetime.timedelta(days=1)
EXAMINATION_MONTHS = 12
PROTECTIVE_EQUIPMENT = {
    "remontowo-budowlany": "Kask, okulary ochronne, rękawice, nauszniki.",
    "porządkowo-gospodarczy": "Rękawice ochronne, kamizelka odblaskowa.",
    "ogrodniczy": "Rękawice ochronne, okulary ochronne.",
}
SIZES = ("S", "M", "L", "XL")
# The meal of some participants (art. 14 ust. 4), by (path, days ago).
MEALS = {
    (PROGRAMME, 95): (True, "Dieta lekkostrawna."),
    (PROGRAMME, 60): (True, "Dieta wegetariańska."),
    (PROGRAMME, 120): (False, "Rezygnuje z posiłku (oświadczenie na piśmie)."),
}


def load_provisions(units: dict[str, Unit]) -> None:
    """The provisions of the demo centres' participations that have none."""
    for key in TOWNS:
        unit = units[key]
        if unit.kind != UnitKind.CIS or not unit.is_open_on(timezone.localdate()):
            continue
        for number, slot in enumerate(slots_for(key), start=1):
            participation = (
                Participation.objects.filter(
                    unit=unit, ref=f"{key.upper()}/{number:02d}"
                )
                .select_related("participant", "unit")
                .first()
            )
            if (
                participation is None
                or participation.state
                not in (ParticipationState.ACTIVE, ParticipationState.EXITED)
                or participation.participant.is_anonymised
                or participation.provisions.exists()
            ):
                continue
            _provide(participation, slot, number)


def _provide(participation: Participation, slot: Slot, number: int) -> None:
    today = timezone.localdate()
    admitted = participation.admitted_on
    provision_record(
        actor=None,
        participation=participation,
        kind=ProvisionKind.OHS_TRAINING,
        provided_on=admitted,
        note="Szkolenie wstępne: instruktaż ogólny i stanowiskowy.",
    )
    if slot.path == TRIAL and not slot.draft:
        return  # admitted days ago: the examination is booked, the rest waits
    examined = admitted - DAY * 2
    # A year's validity: the examination of the longest stint (the extended
    # one, admitted over a year ago) has expired. For the participant longest
    # in the basic programme the doctor set a shorter one, which ends soon.
    short = slot.path == PROGRAMME and slot.days_ago == 200
    provision_record(
        actor=None,
        participation=participation,
        kind=ProvisionKind.MEDICAL_EXAMINATION,
        provided_on=examined,
        valid_until=(
            today + DAY * 21
            if short
            else add_months(examined, EXAMINATION_MONTHS) - DAY
        ),
        result=ExaminationResult.FIT,
        note="Kontrola po 7 miesiącach." if short else "",
    )
    size = SIZES[number % len(SIZES)]
    clothing = provision_record(
        actor=None,
        participation=participation,
        kind=ProvisionKind.WORK_CLOTHING,
        provided_on=admitted,
        note=f"Bluza i spodnie robocze rozm. {size}, obuwie robocze rozm. "
        f"{37 + number % 9}.",
    )
    if slot.path == PROGRAMME and slot.days_ago == 75:
        # Entered twice by mistake: the second entry is voided.
        duplicate = provision_record(
            actor=None,
            participation=participation,
            kind=ProvisionKind.WORK_CLOTHING,
            provided_on=admitted + DAY,
            note=clothing.note,
        )
        provision_void(
            actor=None,
            provision=duplicate,
            reason="Wpis zdublowany; odzież wydano w dniu przyjęcia.",
        )
    equipment = PROTECTIVE_EQUIPMENT.get(slot.workshop)
    if equipment:
        provision_record(
            actor=None,
            participation=participation,
            kind=ProvisionKind.PROTECTIVE_EQUIPMENT,
            provided_on=admitted,
            note=equipment,
        )
    if slot.path == AMENDED:
        # The change of workshop (see the amended programme) followed this.
        reexamined = today - DAY * 50
        provision_record(
            actor=None,
            participation=participation,
            kind=ProvisionKind.MEDICAL_EXAMINATION,
            provided_on=reexamined,
            valid_until=add_months(reexamined, EXAMINATION_MONTHS) - DAY,
            result=ExaminationResult.FIT_WITH_RESTRICTIONS,
            note="Przeciwwskazana praca w wysokiej temperaturze (kuchnia).",
        )
    meal = MEALS.get((slot.path, slot.days_ago))
    if meal is not None and participation.state == ParticipationState.ACTIVE:
        participation_meal_set(
            actor=None, participation=participation, takes_meal=meal[0], note=meal[1]
        )
