"""Site-wide models: the content version."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """One row whose ``token`` changes with every change to the content (dimensions, roles and
    their parts, the questionnaire). Cached fragments and data built from the content carry it in
    their keys (:mod:`core.content_version`), so a change shows on the very next request in every
    process. A random token rather than a counter: a rolled-back change can never bring an old
    token back with other content."""

    token = models.BigIntegerField(_("token"), default=0)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self) -> str:
        return f"{self.token:x}"
