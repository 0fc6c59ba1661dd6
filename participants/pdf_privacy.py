"""The PDF of everything a unit holds about one person (GDPR art. 15), laid
out from `participant_data`, so that the JSON and the PDF show the same data.
It is written in Polish whatever language the manager reads."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import weasyprint
from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import capfirst

from participants import personal_data
from participants.constants import Benefit
from participants.eligibility import describe
from participants.models import (
    DataExport,
    ExclusionGround,
    FollowUp,
    IndividualProgramme,
    Participant,
    Participation,
    ParticipationGround,
    Provision,
    Referral,
)
from participants.services import participant_data
from units.pdf import polish_date

TEMPLATE = "participants/pdf/data_export.html"


@dataclass(frozen=True)
class Item:
    """One datum as the PDF shows it: the field's name and its value."""

    label: str
    value: str


@dataclass(frozen=True)
class Block:
    """A titled group of data: the referral, one ground, one programme…"""

    title: str
    items: list[Item] = field(default_factory=list)


def _day(value: str) -> str:
    return f"{datetime.date.fromisoformat(value):%d.%m.%Y}"


def _moment(value: str) -> str:
    moment = timezone.localtime(datetime.datetime.fromisoformat(value))
    return f"{moment:%d.%m.%Y %H:%M}"


def _display(model_field: models.Field, row: dict[str, Any]) -> str:
    """The value of one field of `row` (a row of `participant_data`) in words."""
    name = model_field.name
    value = row[name]
    if f"{name}_label" in row:
        text = str(row[f"{name}_label"])
    elif isinstance(value, bool):
        text = "tak" if value else "nie"
    elif name == "benefits":
        labels = dict(Benefit.choices)
        text = ", ".join(str(labels.get(code, code)) for code in value)
    elif name == "eligibility_problems":
        text = "; ".join(describe(problem) for problem in value)
    elif isinstance(model_field, models.DateTimeField):
        text = _moment(value)
    elif isinstance(model_field, models.DateField):
        text = _day(value)
    elif isinstance(model_field, models.DecimalField):
        text = str(value).replace(".", ",")
    else:
        text = str(value)
    return text


def _items(model: type[models.Model], row: dict[str, Any]) -> list[Item]:
    """The non-empty fields of `row`, in the model's order, with their names."""
    items = []
    for model_field in model._meta.concrete_fields:
        value = row.get(model_field.name)
        if model_field.name not in row or value in (None, "", [], {}):
            continue
        items.append(
            Item(str(capfirst(model_field.verbose_name)), _display(model_field, row))
        )
    return items


@dataclass(frozen=True)
class Table:
    """A section another app holds (participants.personal_data) as a table."""

    title: str
    empty: str
    headers: list[str]
    rows: list[list[str]]


def _table(section: personal_data.Section, rows: list[dict[str, Any]]) -> Table:
    model_fields = [section.model._meta.get_field(name) for name in section.columns]
    return Table(
        title=section.title,
        empty=section.empty,
        headers=[str(capfirst(field.verbose_name)) for field in model_fields],
        rows=[
            [
                _display(field, row) if row.get(field.name) not in (None, "") else "—"
                for field in model_fields
            ]
            for row in rows
        ],
    )


def _ground_names(data: dict[str, Any]) -> dict[str, str]:
    codes = {
        row["ground"]
        for participation in data["participations"]
        for row in participation["grounds"]
    }
    return {
        ground.code: ground.name
        for ground in ExclusionGround.objects.filter(code__in=codes)
    }


def _participation(row: dict[str, Any], grounds: dict[str, str]) -> dict[str, Any]:
    referral = row["referral"]
    return {
        "items": _items(Participation, row),
        "referral": _items(Referral, referral) if referral else [],
        "grounds": [
            Block(
                grounds.get(ground["ground"], ground["ground"]),
                _items(ParticipationGround, {**ground, "ground": None}),
            )
            for ground in row["grounds"]
        ],
        "programmes": [
            Block(
                f"Wersja {programme['version']}: {programme.get('kind_label', '')}",
                _items(IndividualProgramme, programme),
            )
            for programme in row["programmes"]
        ],
        "follow_ups": [
            Block(
                f"Sprawdzenie po {follow_up['months_after']} mies. od zakończenia",
                _items(FollowUp, follow_up),
            )
            for follow_up in row["follow_ups"]
        ],
        # Only a centre's participation holds the meal and the provisions.
        "is_centre": "takes_meal" in row,
        "provisions": [
            Block(
                f"{provision.get('kind_label', provision['kind'])}, "
                f"{_day(provision['provided_on'])}"
                + (" (wpis unieważniony)" if provision["voided_at"] else ""),
                _items(Provision, provision),
            )
            for provision in row["provisions"]
        ],
        "tables": [
            _table(section, row[section.key])
            for section in personal_data.sections()
            if section.key in row
        ],
    }


def data_export_context(participant: Participant) -> dict[str, Any]:
    """Everything the template shows; call it with Polish active."""
    data = participant_data(participant)
    grounds = _ground_names(data)
    generated_at = timezone.localtime(
        datetime.datetime.fromisoformat(data["generated_at"])
    )
    return {
        "controller": data["controller"],
        "person": _items(Participant, data["person"]),
        "participations": [
            _participation(row, grounds) for row in data["participations"]
        ],
        "access_log": [
            {
                "at": _moment(entry["at"]),
                "user": entry["user"],
                "action": entry["action_label"],
                "what": entry["what"],
            }
            for entry in data["access_log"]
        ],
        "generated_on": polish_date(generated_at.date()),
        "generated_at": f"{generated_at:%d.%m.%Y %H:%M}",
    }


def render_data_export_pdf(export: DataExport) -> bytes:
    """The export's PDF, in Polish, as bytes."""
    with translation.override("pl"):
        context = data_export_context(export.participant)
        context["requested_by"] = str(export.requested_by or "")
        html = render_to_string(TEMPLATE, context)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
