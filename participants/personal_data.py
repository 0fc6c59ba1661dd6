"""Personal data of a participation that other apps hold (attendance,
allowances, supported employment…), so that the export of everything held
about a person (GDPR art. 15) and the anonymisation reach it without this app
depending on theirs: each app registers its sections when it is ready."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Section:
    """One kind of row held about a participation.

    `rows` gives the participation's rows in the order they are shown;
    `columns` are the fields the PDF shows as a table (the JSON has every
    field but `exclude`); `title` is the PDF's Polish heading, `empty` what it
    says when there is nothing; `centre_only` hides the section of a club's
    participation. `anonymise` erases what was written about the person in
    the rows of the given participations, and their history."""

    key: str
    title: str
    empty: str
    model: type[models.Model]
    rows: Callable[[models.Model], Iterable[models.Model]]
    columns: Sequence[str]
    anonymise: Callable[[list[int]], None]
    exclude: Sequence[str] = ("participation",)
    centre_only: bool = False


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add (or replace, by key) a section; apps call it from `ready()`."""
    _SECTIONS[section.key] = section


def sections() -> tuple[Section, ...]:
    return tuple(_SECTIONS.values())
