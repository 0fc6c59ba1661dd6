"""The shape every list page shares: a django-filter form, a sortable and
paginated django-tables2 table that exports the filtered rows as CSV or XLSX,
and, under htmx, only the table fragment."""

from typing import Any

from django.conf import settings
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin


class FilteredTableView(ExportMixin, SingleTableMixin, FilterView):
    """A list with filters, sorting, pagination, exports and htmx partials.

    `?_export=csv` or `?_export=xlsx` downloads every filtered row (not only
    the page); the queryset is the view's, so exports keep the user's scope.
    """

    partial_template_name = "includes/table_results.html"
    export_formats = ("csv", "xlsx")
    export_name = "export"

    def get_table_pagination(self, table: Any) -> dict[str, Any]:
        return {"per_page": settings.PAGE_SIZE}

    def get_template_names(self) -> list[str]:
        # Sorting, paging and filtering links ask for the results only.
        if getattr(self.request, "htmx", False):
            return [self.partial_template_name]
        return super().get_template_names()
