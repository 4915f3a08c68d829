from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Site-wide pieces: error pages, request ids, the health check, rate limits, the content version.

    ``careers`` and ``quiz`` import ``core``; ``core`` imports neither.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Site")
