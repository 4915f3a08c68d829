from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassesConfig(AppConfig):
    """Class mode: teachers' sessions that students join with a code, still anonymous.

    ``classes`` uses ``quiz`` (attempts, results) and ``careers`` (role profiles, charts); neither
    imports ``classes``: the results page reaches it through a template include.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "classes"
    verbose_name = _("Classes")

    def ready(self) -> None:
        from classes.lifecycle import on_purge_requested
        from quiz.lifecycle import purge_requested

        # purge_attempts also deletes expired class sessions, without the quiz importing classes.
        purge_requested.connect(on_purge_requested, dispatch_uid="classes-purge")
