"""Every write of the reporting app. The unit annual reports are in
reports.py."""

from reporting.services.reports import (
    report_accept,
    report_open,
    report_return,
    report_save_entered,
    report_submit,
)

__all__ = [
    "report_accept",
    "report_open",
    "report_return",
    "report_save_entered",
    "report_submit",
]
