"""The daily digest of CIS-status deadlines, sent by `send_status_digest`.

- Each active voivodeship official gets the applications of their voivodeship
  whose decision is overdue or due within a week, and the centres whose status
  ends within six months (art. 5 ust. 2: status is granted for five years and
  can be extended on the founder's application).
- The managers of a centre whose status ends within six months are reminded to
  apply for the extension.
Nothing is sent to a person with nothing to report.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.constants import MembershipRole, Role
from accounts.models import Membership, User
from units.models import Unit
from units.selectors import applications_due, statuses_ending, statuses_expiring


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


def digest_messages(*, day: datetime.date | None = None) -> list[Message]:
    """Every message of the day's digest (nothing is sent here)."""
    day = day or timezone.localdate()
    messages: list[Message] = []
    with translation.override(settings.LANGUAGE_CODE):
        officials = User.objects.filter(
            is_active=True, role=Role.VOIVODESHIP_OFFICIAL
        ).select_related("voivodeship")
        for official in officials:
            due = list(applications_due(user=official, day=day))
            expiring = list(statuses_expiring(user=official, day=day))
            if not (due or expiring):
                continue
            context = {"user": official, "due": due, "expiring": expiring, "day": day}
            messages.append(
                Message(
                    to=official.email,
                    subject=render_to_string(
                        "units/email/digest_subject.txt", context
                    ).strip(),
                    body=render_to_string("units/email/digest.txt", context),
                )
            )
        expiring_units = statuses_ending(Unit.objects.all(), day=day)
        managers = (
            Membership.objects.filter(
                unit__in=expiring_units,
                role=MembershipRole.MANAGER,
                user__is_active=True,
            )
            .select_related("user", "unit")
            .order_by("unit__name", "user__email")
        )
        valid_until = dict(expiring_units.values_list("pk", "status_valid_until"))
        for membership in managers:
            context = {
                "user": membership.user,
                "unit": membership.unit,
                "valid_until": valid_until[membership.unit_id],
            }
            messages.append(
                Message(
                    to=membership.user.email,
                    subject=render_to_string(
                        "units/email/expiry_subject.txt", context
                    ).strip(),
                    body=render_to_string("units/email/expiry.txt", context),
                )
            )
    return messages


def send_digest(*, day: datetime.date | None = None) -> int:
    """Send the day's digest; return how many messages went out."""
    messages = digest_messages(day=day)
    return send_mass_mail(
        [(m.subject, m.body, settings.DEFAULT_FROM_EMAIL, [m.to]) for m in messages]
    )
