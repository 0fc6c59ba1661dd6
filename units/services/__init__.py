"""Every write of the units app (registry data, status applications, decisions)."""

from units.services.registry import (
    founding_body_create,
    founding_body_upsert,
    unit_upsert,
)
from units.services.status import (
    application_mark_complete,
    application_record_document,
    application_register,
    application_request_supplement,
    application_supplement_received,
    decision_issue_on_application,
    decision_record_existing,
    status_closure_decide,
    status_loss_decide,
)

__all__ = [
    "application_mark_complete",
    "application_record_document",
    "application_register",
    "application_request_supplement",
    "application_supplement_received",
    "decision_issue_on_application",
    "decision_record_existing",
    "founding_body_create",
    "founding_body_upsert",
    "status_closure_decide",
    "status_loss_decide",
    "unit_upsert",
]
