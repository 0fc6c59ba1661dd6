"""Request middleware of the project."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class PolishByDefaultMiddleware:
    """Serve Polish unless the user chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language
    header; offices often run browsers set to English, and the product's
    language is Polish, so the header is ignored. The language cookie set by
    the PL/EN switch still wins. Must come before LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
