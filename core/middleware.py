from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
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
