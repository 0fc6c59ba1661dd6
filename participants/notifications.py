"""Reminders of the checks after exit, sent by `send_follow_up_reminders`.

Every active member of a unit (staff and managers) with checks overdue or due
within two weeks gets one message a day with how many there are. The message
names no participant: personal data stay in the application, behind the log-in
and the access log.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Membership
from participants.models import FollowUp
from participants.selectors import FOLLOW_UP_SOON_DAYS
from units.notifications import Message


def follow_up_messages(*, day: datetime.date | None = None) -> list[Message]:
    """Every reminder of the day (nothing is sent here)."""
    day = day or timezone.localdate()
    soon = day + datetime.timedelta(days=FOLLOW_UP_SOON_DAYS)
    counts = {
        row["participation__unit"]: row
        for row in FollowUp.objects.filter(checked_on__isnull=True, due_on__lte=soon)
        .values("participation__unit")
        .annotate(
            overdue=Count("pk", filter=Q(due_on__lt=day)),
            due=Count("pk", filter=Q(due_on__gte=day)),
        )
    }
    memberships = (
        Membership.objects.filter(unit__in=counts, user__is_active=True)
        .select_related("user", "unit")
        .order_by("unit__name", "user__email")
    )
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for membership in memberships:
            row = counts[membership.unit_id]
            context = {
                "user": membership.user,
                "unit": membership.unit,
                "overdue": row["overdue"],
                "due": row["due"],
                "days": FOLLOW_UP_SOON_DAYS,
            }
            messages.append(
                Message(
                    to=membership.user.email,
                    subject=render_to_string(
                        "participants/email/follow_ups_subject.txt", context
                    ).strip(),
                    body=render_to_string("participants/email/follow_ups.txt", context),
                )
            )
    return messages


def send_follow_up_reminders(*, day: datetime.date | None = None) -> int:
    """Send the day's reminders; return how many messages went out."""
    messages = follow_up_messages(day=day)
    return send_mass_mail(
        [(m.subject, m.body, settings.DEFAULT_FROM_EMAIL, [m.to]) for m in messages]
    )
