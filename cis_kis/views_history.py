"""History pages: every recorded change of a register record, with who made
it and when, for the voivodeship's officials and the unit's managers
(DESIGN section 3; the trust issue's "history page for officials and
managers"). Participants' records show their history on their own pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from accounts.access import Level, ScopeRequiredMixin, scope_for
from cis_kis.history import record_history
from units.models import (
    FoundingBody,
    KisNotification,
    StatusApplication,
    StatusDecision,
    Unit,
)


@dataclass(frozen=True)
class HistoryKind:
    model: type[Model]
    title: Any
    # Path from the model to the unit(s) whose managers may read the history;
    # empty when only officials may.
    unit_field: str


KINDS = {
    "unit": HistoryKind(Unit, _("History of the unit"), "pk"),
    "founding-body": HistoryKind(FoundingBody, _("History of the founding body"), ""),
    "decision": HistoryKind(StatusDecision, _("History of the decision"), "unit"),
    "application": HistoryKind(
        StatusApplication, _("History of the status application"), ""
    ),
    "kis-notification": HistoryKind(
        KisNotification, _("History of the KIS notification"), ""
    ),
}


def history_queryset(kind: HistoryKind, user: Any) -> QuerySet[Model]:
    """The records of `kind` whose history `user` may read: officials those of
    their voivodeship, managers those of the units they manage."""
    scope = scope_for(user)
    rows = kind.model._default_manager.visible_to(user)
    if scope.level is Level.VOIVODESHIP:
        return rows
    if scope.level is Level.UNITS and kind.unit_field:
        field = f"{kind.unit_field}__in"
        return rows.filter(**{field: scope.managed_unit_ids}).distinct()
    return rows.none()


class RecordHistoryView(ScopeRequiredMixin, TemplateView):
    template_name = "history/record_history.html"
    allowed_levels = (Level.UNITS, Level.VOIVODESHIP)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # The record is found before the method is checked, so that a POST
        # about a record outside the scope is a 404 like a GET.
        if request.user.is_authenticated:
            self.kind = KINDS.get(kwargs["kind"])
            if self.kind is None:
                raise Http404
            self.record = get_object_or_404(
                history_queryset(self.kind, request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        record = self.record
        context.update(
            title=self.kind.title,
            record=record,
            back_url=getattr(record, "get_absolute_url", lambda: "")(),
            entries=record_history(record),
        )
        return context
