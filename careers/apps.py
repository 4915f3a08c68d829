from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "careers"
    verbose_name = _("Careers")

    def ready(self) -> None:
        from careers.models import (
            CareerMove,
            Dimension,
            Role,
            RoleWeight,
            RomeCode,
            Route,
            SalaryRange,
            Source,
            TrainingStep,
        )
        from core import content_version

        content_version.watch(
            Dimension,
            Role,
            RoleWeight,
            SalaryRange,
            CareerMove,
            TrainingStep,
            Source,
            RomeCode,
            Route,
            m2m=(TrainingStep.dimensions.through, Role.sources.through),
        )
