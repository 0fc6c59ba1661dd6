from programs.urls_activities import urlpatterns as activities_urls
from programs.urls_allowances import urlpatterns as allowances_urls

app_name = "programs"

urlpatterns = [*activities_urls, *allowances_urls]
