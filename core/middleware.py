from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers


class FrenchFirstLocaleMiddleware:
    """French unless the visitor chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a
    phone set to English would get an English interface around French role
    content. Here the language switch (its cookie) is the only way to change it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        # The language comes from a cookie: a cache must keep one copy per cookie.
        patch_vary_headers(response, ["Cookie"])
        translation.deactivate()
        return response


class PrivateByDefaultMiddleware:
    """``Cache-Control: private`` on every page that says nothing else: each carries its visitor's
    CSRF token and nonce, so no shared cache may keep it (quiz and results pages say
    ``no-store`` themselves, with ``never_cache``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        return response


class MethodNotAllowedPageMiddleware:
    """Turns the bare 405 of ``require_POST`` and friends into the site's error page.

    A student who reloads a form's address or follows an old link gets words and a way
    back, not a blank screen; the ``Allow`` header is kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        page = render(request, "errors/405.html", status=405)
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page


# Browser features Cap IA never uses, denied to the page and to anything it could embed. Only
# names Chromium knows: an unknown one is an error in the browser's console.
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` on every response: no camera, microphone, location, payment…

    Django 6.1 has settings for CSP, HSTS, referrer and opener policies, not this one. First in
    the stack, so the health check and static files get it too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


DATE_PARTS = {"__year": range(1, 9999), "__month": range(1, 13), "__day": range(1, 32)}
BIGGEST_INTEGER = 2**63 - 1  # a database's bigint


class AdminQueryStringGuardMiddleware:
    """A query string Django's admin cannot take is a 400, not a 500.

    Django's admin passes its list filters to the database as they come. So, on admin pages:
    a NUL byte in a parameter's name or value (PostgreSQL refuses it in any text: ``?kind=%00``
    was a 500 there), a number too big for a database integer (``?groups=9999…``), a date part
    out of range (``…__year=99999999999``: the admin's date hierarchy computes dates from it
    without catching the overflow). Public pages validate their own parameters (forms).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get("QUERY_STRING") and request.path.startswith(self.admin_prefix):
            for name, values in request.GET.lists():
                if "\x00" in name or not all(_admin_value_fits(name, value) for value in values):
                    raise BadRequest(f"A value the admin cannot take in the query string: {name!r}.")
        return self.get_response(request)


def _admin_value_fits(name: str, value: str) -> bool:
    if "\x00" in value:
        return False
    for suffix, allowed in DATE_PARTS.items():
        if name.endswith(suffix):
            return value.isascii() and value.isdigit() and len(value) <= 4 and int(value) in allowed
    for piece in value.split(","):
        digits = piece.strip().removeprefix("-")
        if digits.isascii() and digits.isdigit() and (len(digits) > 19 or int(digits) > BIGGEST_INTEGER):
            return False
    return True
