"""The shape every list page shares: a django-filter form, a sortable and
paginated django-tables2 table that exports the filtered rows as CSV or XLSX,
and, under htmx, only the table fragment."""

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin

MAX_PAGE_SIZE = 200


class PageSizePaginator(Paginator):
    """A paginator that takes `?per_page=` below 1 as the default page size
    (django-tables2 passes any integer on, and a negative one crashes) and
    caps it, so that one request cannot ask for every row of a large list."""

    def __init__(self, object_list: Any, per_page: int, *args: Any, **kwargs: Any):
        if per_page < 1:
            per_page = settings.PAGE_SIZE
        per_page = min(per_page, MAX_PAGE_SIZE)
        super().__init__(object_list, per_page, *args, **kwargs)


class FilteredTableView(ExportMixin, SingleTableMixin, FilterView):
    """A list with filters, sorting, pagination, exports and htmx partials.

    `?_export=csv` or `?_export=xlsx` downloads every filtered row (not only
    the page); the queryset is the view's, so exports keep the user's scope.
    """

    partial_template_name = "includes/table_results.html"
    export_formats = ("csv", "xlsx")
    export_name = "export"

    def get_table_pagination(self, table: Any) -> dict[str, Any]:
        return {"per_page": settings.PAGE_SIZE, "paginator_class": PageSizePaginator}

    def get_template_names(self) -> list[str]:
        # Sorting, paging and filtering links ask for the results only.
        if getattr(self.request, "htmx", False):
            return [self.partial_template_name]
        return super().get_template_names()
