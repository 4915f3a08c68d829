from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Site-wide pieces: error pages, request ids, the health check, rate limits, the content version.

    ``careers`` and ``quiz`` import ``core``; ``core`` imports neither.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Site")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from core.ratelimit import forget_own_login_failures

        user_logged_in.connect(forget_own_login_failures, dispatch_uid="core.forget_own_login_failures")
