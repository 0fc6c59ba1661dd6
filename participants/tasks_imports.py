"""Background tasks of the upload pages of the imports (run by
`manage.py db_worker`): the check of an uploaded file and its import."""

from __future__ import annotations

from django_tasks import task


@task()
def check_import_job_task(job_id: int) -> None:
    from participants.services.imports import import_job_check  # noqa: PLC0415

    import_job_check(job_id=job_id)


@task()
def run_import_job_task(job_id: int) -> None:
    from participants.services.imports import import_job_run  # noqa: PLC0415

    import_job_run(job_id=job_id)


def enqueue_import_check(job_id: int) -> None:
    check_import_job_task.enqueue(job_id)


def enqueue_import_run(job_id: int) -> None:
    run_import_job_task.enqueue(job_id)
