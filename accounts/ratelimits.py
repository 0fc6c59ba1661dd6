"""Rate limits per client address (django-ratelimit) for the log-in and
password-reset forms, answered with a 429 page."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited


def client_ip(request: HttpRequest) -> str:
    """The client's address: the connection's, or behind reverse proxies
    (AXES_PROXY_COUNT) the one django-axes reads from X-Forwarded-For, so
    that both count the same client. Without proxies the header is ignored:
    a client could otherwise pick a new address for every request."""
    if settings.AXES_IPWARE_PROXY_COUNT:
        address = get_client_ip_address(request)
        if address:
            return address
    return request.META["REMOTE_ADDR"]


def too_many_requests(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    """The 429 page."""
    return render(request, "429.html", status=429)


class PostRateLimitMixin:
    """Limit a view's POSTs per client address.

    `rate_setting` names the setting with the rate ("10/m"); the group is
    the view's own, so each form has its own counter.
    """

    rate_setting: str

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if request.method == "POST" and is_ratelimited(
            request,
            group=f"{type(self).__module__}.{type(self).__qualname__}",
            key="ip",
            rate=getattr(settings, self.rate_setting),
            method="POST",
            increment=True,
        ):
            return too_many_requests(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
