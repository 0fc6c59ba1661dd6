"""Inserting many new records at once with their history entries: the rows
`simple_history.utils.bulk_create_with_history` writes, without its cost.

Django's `bulk_create` compiles every value through the SQL compiler and, on
SQLite, sends at most 999 parameters a statement (about forty participations);
for an import of 20,000 participants that compilation is most of the time.
Here each value is prepared once by its field (`get_db_prep_save`, as
`bulk_create` does), the keys are taken first (on SQLite the next free ones
inside the import's write transaction, on PostgreSQL from the sequence), and
the rows go to the database with `executemany`. The historical rows hold the
same values, as `bulk_history_create` would write them: type "+", the date
of the insert, the acting user, no change reason.

Other database backends use `bulk_create_with_history` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

_ROWS_PER_CALL = 2000


def insert_with_history(
    objs: Sequence[models.Model], model: type[models.Model], *, user: Any = None
) -> None:
    """Insert the unsaved `objs` of `model` and one history entry each, in the
    caller's transaction; each object gets its primary key."""
    if not objs:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor not in ("sqlite", "postgresql"):
        bulk_create_with_history(list(objs), model, batch_size=500, default_user=user)
        return
    opts = model._meta
    pks = _take_keys(connection, opts, len(objs))
    fields = list(opts.concrete_fields)
    converters = [_converter(field, connection) for field in fields]
    relations = [field for field in fields if field.is_relation]
    rows = []
    for obj, pk in zip(objs, pks, strict=True):
        _take_related_keys(obj, relations)
        setattr(obj, opts.pk.attname, pk)
        values = obj.__dict__
        rows.append(
            [
                convert(values[field.attname])
                for field, convert in zip(fields, converters, strict=True)
            ]
        )
        obj._state.adding = False
        obj._state.db = alias
    _insert(connection, opts.db_table, [field.column for field in fields], rows)

    history = model.history.model  # type: ignore[attr-defined]
    position = {field.attname: index for index, field in enumerate(fields)}
    tracked = [field.attname for field in history.tracked_fields]
    when = history._meta.get_field("history_date").get_db_prep_save(
        timezone.now(), connection
    )
    user_id = getattr(user, "pk", None)
    extra = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    history_rows = []
    for obj, row in zip(objs, rows, strict=True):
        user_pk = getattr(getattr(obj, "_history_user", user), "pk", user_id)
        history_rows.append(
            [*(row[position[name]] for name in tracked), when, None, "+", user_pk]
        )
    history_opts = history._meta
    columns = [history_opts.get_field(name).column for name in tracked] + [
        history_opts.get_field(name.removesuffix("_id")).column for name in extra
    ]
    _insert(connection, history_opts.db_table, columns, history_rows)


_AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)


def _converter(field: models.Field, connection: Any) -> Callable[[Any], Any]:
    """How a value of `field` goes to the database: as `get_db_prep_save`
    would send it, with the common types prepared without its layers (a model
    field's value that passed `full_clean` is already of the right type)."""
    internal = field.get_internal_type()
    if internal in _AS_IS:
        return _as_is
    if internal == "DateField":
        return connection.ops.adapt_datefield_value
    if internal == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if internal == "FileField":
        return str  # the stored name ("" for none), as FileField.get_prep_value
    return lambda value: field.get_db_prep_save(value, connection)


def _as_is(value: Any) -> Any:
    return value


def _take_related_keys(obj: models.Model, relations: list[Any]) -> None:
    """The key of a related object saved after it was assigned (as
    `Model._prepare_related_fields_for_save` does for `bulk_create`)."""
    for field in relations:
        if getattr(obj, field.attname) is not None or not field.is_cached(obj):
            continue
        related = field.get_cached_value(obj)
        if related is None:
            continue
        if related.pk is None:
            raise ValueError(
                f"{obj._meta.label}.{field.name}: the related object is unsaved."
            )
        setattr(obj, field.attname, related.pk)


def _take_keys(connection: Any, opts: Any, count: int) -> list[int]:
    """`count` primary keys no other row has or will be given."""
    table = connection.ops.quote_name(opts.db_table)
    column = connection.ops.quote_name(opts.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                "FROM generate_series(1, %s)",
                [opts.db_table, opts.pk.column, count],
            )
            return [key for (key,) in cursor.fetchall()]
        # SQLite: one writer at a time; the import holds the write lock from
        # its first write, and an earlier read in its transaction makes a
        # concurrent writer fail ("database is locked") rather than collide.
        cursor.execute(f"SELECT MAX({column}) FROM {table}")  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        # AUTOINCREMENT never gives a deleted row's key again: neither here
        # (its history entries keep that key).
        cursor.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = %s", [opts.db_table]
        )
        given = cursor.fetchone()
        start = max(highest, given[0] if given else 0) + 1
    return list(range(start, start + count))


def _insert(
    connection: Any, table: str, columns: list[str], rows: list[list[Any]]
) -> None:
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (quoted names)
        quote(table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _ROWS_PER_CALL):
            cursor.executemany(sql, rows[start : start + _ROWS_PER_CALL])
