from reporting.urls_reports import urlpatterns as reports_urls
from reporting.urls_statistics import urlpatterns as statistics_urls

app_name = "reporting"

urlpatterns = [*statistics_urls, *reports_urls]
