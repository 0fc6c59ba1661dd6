"""The harness of the tests where two users act on one record at the same
moment (two officials deciding an application or reviewing a report, two
managers approving a month): each call runs in its own thread, so on its
own database connection, and the threads are released together. Row locks
(SELECT … FOR UPDATE) need PostgreSQL; on SQLite these tests are skipped."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

ROW_LOCK_MARKS = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (SELECT … FOR UPDATE) need PostgreSQL; CI runs it there",
    ),
]


def row_lock_test(test: Callable[..., Any]) -> Callable[..., Any]:
    """Mark one test as a row-lock test (a module uses ROW_LOCK_MARKS)."""
    for mark in reversed(ROW_LOCK_MARKS):
        test = mark(test)
    return test


def run_at_once(
    *calls: Callable[[], Any],
) -> tuple[list[Any], list[ValidationError]]:
    """Run the calls in threads released together; return what the winners
    returned and the ValidationErrors the others raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = []
    errors: list[ValidationError] = []

    def worker(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results.append(call())
        except ValidationError as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
