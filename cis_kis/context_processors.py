"""Template context shared by every page."""

from django.http import HttpRequest

from accounts.access import Level, scope_for
from cis_kis import __version__


def site(request: HttpRequest) -> dict[str, object]:
    """The application version for the footer and the user's scope for the menu."""
    scope = scope_for(getattr(request, "user", None))
    return {"app_version": __version__, "scope": scope, "Level": Level}
