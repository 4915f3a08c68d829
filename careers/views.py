from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from careers.models import Role


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    roles = Role.objects.published().prefetch_related("salaries")
    return render(request, "careers/catalogue.html", {"roles": roles})


@require_GET
def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    role = get_object_or_404(Role.objects.published(), slug=slug)
    return render(request, "careers/role_detail.html", {"role": role})
