from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.views import bench_ping

admin.site.site_header = _("Cap IA administration")
admin.site.site_title = _("Cap IA administration")
admin.site.index_title = _("Roles, questionnaire and results")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("metiers/", include("careers.urls")),
    path("", include("quiz.urls")),
]

if settings.BENCH:
    urlpatterns.insert(0, path("bench/ping/", bench_ping))

handler400 = "quiz.views.bad_request"
handler403 = "quiz.views.permission_denied"
handler404 = "quiz.views.page_not_found"
handler500 = "quiz.views.server_error"
