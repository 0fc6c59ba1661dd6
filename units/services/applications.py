"""What an application for CIS status states (art. 4 ust. 2 of the Act): the
contents an official records on registration and corrects until the decision.

The rules on the contents (target groups of art. 1 ust. 2, results within the
expected participants, reintegration costs within the budget, amounts and
shares in range) sit on the model (`StatusApplication.clean` and its field
validators), so that registration, correction and the administration site
check them alike.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from units.constants import ApplicationKind, ApplicationState, DecisionKind
from units.models import (
    APPLICATION_CONTENTS_FIELDS,
    PROPOSED_CENTRE_FIELDS,
    StatusApplication,
    StatusDecision,
)
from units.services.common import (
    invalid_transition,
    lock_application,
    require_official_of,
)


@dataclass(frozen=True)
class ApplicationContents:
    """The items of art. 4 ust. 2 beyond the centre's name, address and
    places; any of them may be left unstated (None, "" or no groups)."""

    planned_start_on: datetime.date | None = None
    expected_participants: int | None = None
    target_groups: list[str] = field(default_factory=list)
    planned_activity: str = ""
    reintegration_programme: str = ""
    planned_staff_count: int | None = None
    planned_staff: str = ""
    activity_schedule: str = ""
    expected_trained: int | None = None
    expected_employed: int | None = None
    expected_independent: int | None = None
    annual_budget: Decimal | None = None
    reintegration_costs: Decimal | None = None
    founder_setup_funds: Decimal | None = None
    founder_running_share: Decimal | None = None
    other_funding: str = ""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ApplicationContents:
        """The contents among a form's cleaned data (other keys are ignored)."""
        return cls(
            **{name: data[name] for name in APPLICATION_CONTENTS_FIELDS if name in data}
        )

    def apply_to(self, application: StatusApplication) -> None:
        for name, value in asdict(self).items():
            setattr(
                application, name, list(value) if isinstance(value, tuple) else value
            )


@transaction.atomic
def application_contents_update(
    *,
    actor: Any,
    application: StatusApplication,
    proposed_name: str,
    proposed_address: str,
    proposed_municipality: str,
    proposed_places: int,
    contents: ApplicationContents,
) -> StatusApplication:
    """Correct what a pending application states; a decided one is closed,
    since its decision was taken on what it stated."""
    application = lock_application(application, actor)
    require_official_of(actor, application.voivodeship_id)
    if application.state == ApplicationState.DECIDED:
        raise invalid_transition(
            _(
                "The application has been decided; what it states can no "
                "longer be changed."
            )
        )
    application.proposed_name = proposed_name
    application.proposed_address = proposed_address
    application.proposed_municipality = proposed_municipality
    application.proposed_places = proposed_places
    contents.apply_to(application)
    application.full_clean()
    # A correction changes the centre as proposed and the contents only.
    application.save(
        update_fields=[*PROPOSED_CENTRE_FIELDS, *APPLICATION_CONTENTS_FIELDS]
    )
    return application


@transaction.atomic
def application_record_decided(
    *,
    decision: StatusDecision,
    received_on: datetime.date,
    proposed_places: int,
    contents: ApplicationContents,
    case_number: str = "",
) -> StatusApplication:
    """Record the application on which a grant or extension was decided
    before the centre was in this system (demo data, earlier registers), with
    what it stated, so that supervision can compare it with the reports.
    Matched on the decision: recording it again updates it."""
    decision = (
        StatusDecision.objects.select_for_update(of=("self",))
        .select_related("unit__founding_body", "application")
        .get(pk=decision.pk)
    )
    if decision.kind not in (DecisionKind.GRANT, DecisionKind.EXTENSION):
        raise invalid_transition(
            _("Only a grant or an extension of status is decided on an application.")
        )
    if decision.issued_by_id is not None:
        # Issued here: its application was registered here and is kept as
        # it was decided.
        raise invalid_transition(
            _("The decision was issued in the system; its application cannot change.")
        )
    unit = decision.unit
    assert unit is not None  # noqa: S101 - a database constraint
    application = decision.application or StatusApplication(
        kind=ApplicationKind.GRANT
        if decision.kind == DecisionKind.GRANT
        else ApplicationKind.EXTENSION,
        voivodeship=decision.voivodeship,
        founding_body=unit.founding_body,
        unit=unit,
        state=ApplicationState.DECIDED,
    )
    if received_on > decision.issued_on:
        raise ValidationError(
            {"received_on": _("A decision cannot precede the application.")},
            code="decision_before_receipt",
        )
    application.received_on = received_on
    application.case_number = case_number
    application.proposed_name = unit.name
    application.proposed_address = unit.address or unit.municipality
    application.proposed_municipality = unit.municipality
    application.proposed_places = proposed_places
    contents.apply_to(application)
    application.full_clean()
    application.save()
    if decision.application_id != application.pk:
        decision.application = application
        decision.save(update_fields=["application"])
    return application
