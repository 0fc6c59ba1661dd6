"""Every write of the units app (registry data, status applications, decisions,
supervision, the register of KIS)."""

from units.services.applications import (
    ApplicationContents,
    application_contents_update,
    application_record_decided,
)
from units.services.kis import (
    kis_closure_record,
    kis_notification_completed,
    kis_notification_register,
    kis_notification_request_completion,
    kis_register_entry,
)
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
from units.services.supervision import (
    inspection_list_for_user,
    inspection_record,
    minimum_deadline_days,
    overdue_recommendations,
    recommendation_issue,
    recommendation_list_for_user,
    recommendation_mark_met,
    unit_inspections,
)

__all__ = [
    "ApplicationContents",
    "application_contents_update",
    "application_mark_complete",
    "application_record_decided",
    "application_record_document",
    "application_register",
    "application_request_supplement",
    "application_supplement_received",
    "decision_issue_on_application",
    "decision_record_existing",
    "founding_body_create",
    "founding_body_upsert",
    "inspection_list_for_user",
    "inspection_record",
    "kis_closure_record",
    "kis_notification_completed",
    "kis_notification_register",
    "kis_notification_request_completion",
    "kis_register_entry",
    "minimum_deadline_days",
    "overdue_recommendations",
    "recommendation_issue",
    "recommendation_list_for_user",
    "recommendation_mark_met",
    "status_closure_decide",
    "status_loss_decide",
    "unit_inspections",
    "unit_upsert",
]

# Imports of registry data (import_units).
from units.services.imports import (
    FoundingBodyIndex,
    Outcome,
    UnitImportResult,
    founding_body_import_upsert,
    units_import,
)

__all__ += [
    "FoundingBodyIndex",
    "Outcome",
    "UnitImportResult",
    "founding_body_import_upsert",
    "units_import",
]
