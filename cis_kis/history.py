"""The change history of a record, read from django-simple-history, as a list
of entries with the fields that changed (old and new value, as users see
them). Used by the history pages of officials and unit managers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

# Bookkeeping fields that say nothing to a reader.
_SKIPPED = {"id", "version", "updated_at", "created_at"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    user: str
    action: str
    changes: tuple[FieldChange, ...]
    reason: str


def _display(field: models.Field, value: Any, related: dict[tuple, str]) -> str:
    if value is None or value == "":
        return "—"
    # A model names the codes a list field keeps (`history_names`: field
    # name -> a function from the codes to their names).
    names = getattr(field.model, "history_names", {}).get(field.name)
    if names is not None and isinstance(value, list):
        return _plain([str(name) for name in names(value)])
    if field.is_relation:
        return related.get((field.name, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return _plain(value)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        text = _("yes") if value else _("no")
    elif isinstance(value, datetime.datetime):
        text = value.strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    elif isinstance(value, list):
        text = ", ".join(map(str, value))
    else:
        text = str(value)
    return text if len(text) <= 300 else f"{text[:300]}…"


def _related_names(model: type[models.Model], records: list[Any]) -> dict[tuple, str]:
    """The text of every related object the records name, one query per field."""
    names: dict[tuple, str] = {}
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.name in _SKIPPED:
            continue
        ids = {getattr(r, field.attname) for r in records} - {None}
        if not ids:
            continue
        target = field.related_model
        for obj in target._default_manager.filter(pk__in=ids):
            names[(field.name, obj.pk)] = str(obj)
    return names


def record_history(obj: models.Model, *, limit: int = 200) -> list[HistoryEntry]:
    """The newest `limit` changes of `obj`, newest first, each with its diff."""
    model = type(obj)
    records = list(
        obj.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )[: limit + 1]
    )
    related = _related_names(model, records)
    actions = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in _SKIPPED:
                    continue
                field = model._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        label=str(field.verbose_name),
                        old=_display(field, change.old, related),
                        new=_display(field, change.new, related),
                    )
                )
        elif record.history_type == "+":
            for field in model._meta.concrete_fields:
                if field.name in _SKIPPED:
                    continue
                value = getattr(record, field.attname)
                if value in (None, "", [], {}):
                    continue
                changes.append(
                    FieldChange(
                        label=str(field.verbose_name),
                        old="",
                        new=_display(field, value, related),
                    )
                )
        user = record.history_user
        entries.append(
            HistoryEntry(
                at=record.history_date,
                user=(user.full_name or user.email) if user else _("the system"),
                action=actions.get(record.history_type, record.history_type),
                changes=tuple(changes),
                reason=record.history_change_reason or "",
            )
        )
    return entries
