"""The content's history: who changed what in the admin, when, the values before and after, and a
way to revert one change.

Django's admin already writes a ``LogEntry`` for every save (who, when, which fields). What it lacks
is the values: :class:`KeepsHistory` (a ``ModelAdmin`` mixin) takes a snapshot of the row when the
change form is posted and another once the row and its inlines are saved, and keeps both, beside
the log entry, in a :class:`core.models.ContentChange`. The history page of the row shows them, field
by field, with a button that puts this change's previous values back (and is logged in turn).

A snapshot is the row's own fields, plus what its model adds through ``history_parts()`` (a role's
profile, a question's choices and effects), restored through ``history_restore(name, value)``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import ContentChange

# Set by the model's save, never by an editor: a revert leaves them alone.
SKIPPED = (models.AutoField, models.BigAutoField)


def _fields(obj: models.Model) -> list[models.Field]:
    return [
        f
        for f in obj._meta.concrete_fields
        if not isinstance(f, SKIPPED)
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]


def snapshot(obj: models.Model) -> dict:
    """The row's values as plain JSON (foreign keys as ids), with its model's ``history_parts()``."""
    values = {f.attname: f.value_from_object(obj) for f in _fields(obj)}
    if hasattr(obj, "history_parts"):
        values.update(obj.history_parts())
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: object
    after: object


def normalize_newlines(obj: models.Model) -> None:
    """Browsers post a textarea's line breaks as CRLF; the content files and the seeds say LF. Saved
    as posted, a save that touched one field would change every multi-line field (in the history,
    and in the next export of the content files)."""
    for f in obj._meta.concrete_fields:
        value = getattr(obj, f.attname, None)
        if isinstance(value, str) and "\r" in value:
            setattr(obj, f.attname, value.replace("\r\n", "\n").replace("\r", "\n"))


def diff(obj_or_model, before: Mapping, after: Mapping) -> list[FieldChange]:
    """What differs between two snapshots, each with the field's name as editors read it."""
    meta = obj_or_model._meta
    labels = {f.attname: str(f.verbose_name) for f in meta.concrete_fields}
    return [
        FieldChange(name, labels.get(name, name.replace("_", " ")), before.get(name), after.get(name))
        for name in [*before, *(k for k in after if k not in before)]
        if before.get(name) != after.get(name)
    ]


def record(entry: LogEntry | None, obj: models.Model, before: dict | None) -> ContentChange | None:
    """Keep the values before and after of the change ``entry`` logged (none when nothing moved)."""
    if entry is None or before is None:
        return None
    after = snapshot(obj)
    if before == after:
        return None
    return ContentChange.objects.create(log_entry=entry, before=before, after=after)


@transaction.atomic
def revert(change: ContentChange, *, keep: tuple[str, ...] = ()) -> models.Model:
    """Put back the values this change replaced, in the fields it changed only (later changes to
    other fields stay), except the fields in ``keep`` (a role's status: only its publish page,
    which checks the role, changes it)."""
    entry = change.log_entry
    model = entry.content_type.model_class()
    obj = model._default_manager.select_for_update().get(pk=entry.object_id)
    # What already kept it from being published (an older role saved before a rule) does not
    # block a revert: only what the revert brings does.
    publishable = getattr(obj, "is_published", False) and hasattr(obj, "publication_problems")
    already = {str(problem) for problem in obj.publication_problems()} if publishable else set()
    own = {f.attname for f in _fields(obj)}
    changed = [item for item in diff(model, change.before, change.after) if item.name not in keep]
    for item in changed:
        if item.name in own:
            setattr(obj, item.name, item.before)
    obj.full_clean(validate_unique=False, validate_constraints=False)
    obj.save()
    for item in changed:
        if item.name not in own and hasattr(obj, "history_restore"):
            obj.history_restore(item.name, item.before)
    # A published role stays publishable: a revert that would take its profile or its last route
    # away, or make a route disagree with its steps, is refused, as the change form refuses such a save.
    if publishable:
        problems = [problem for problem in obj.publication_problems() if str(problem) not in already]
        if problems:
            raise ValidationError(problems)
    change.reverted_at = timezone.now()
    change.save(update_fields=["reverted_at"])
    return obj


def _key(obj: models.Model) -> str:
    return f"{obj._meta.label}:{obj.pk}"


def remember_before(request, obj: models.Model) -> None:
    """Keep ``obj``'s values before a change, for the log entry of that change (per row: a list's
    editable columns log several rows in one request, with no "before" of their own, so no values)."""
    if not hasattr(request, "_content_before"):
        request._content_before = {}
    request._content_before[_key(obj)] = snapshot(obj)


class KeepsHistory:
    """A ModelAdmin that keeps each change's values before and after, shows them on the history
    page, and reverts one change on request (POST, with the change permission)."""

    object_history_template = "admin/history_with_values.html"
    history_kept_fields: tuple[str, ...] = ()  # never reverted (see revert())

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST":
            remember_before(request, obj)
        return obj

    def save_model(self, request, obj, form, change):
        normalize_newlines(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            normalize_newlines(inline_form.instance)
        super().save_formset(request, form, formset, change)

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        befores = getattr(request, "_content_before", {})
        record(entry, obj, befores.get(_key(obj)))
        remember_before(request, obj)  # a second log of this row in the same request diffs from here
        return entry

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "<path:object_id>/history/<int:change_id>/revert/",
                self.admin_site.admin_view(self.revert_view),
                name=f"{info[0]}_{info[1]}_revert",
            )
        ]
        return own + super().get_urls()

    def history_view(self, request, object_id, extra_context=None):
        changes = {
            c.log_entry_id: c
            for c in ContentChange.objects.filter(
                log_entry__content_type=ContentType.objects.get_for_model(self.model),
                log_entry__object_id=str(object_id),
            ).select_related("log_entry")
        }
        rows = {
            entry_id: diff(self.model, change.before, change.after) for entry_id, change in changes.items()
        }
        context = {"content_changes": changes, "content_diffs": rows, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)

    def revert_view(self, request, object_id, change_id: int):
        return _revert_view(self, request, object_id, change_id)


def _revert_view(model_admin, request, object_id, change_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_change_permission(request, obj):
        raise PermissionDenied
    change = get_object_or_404(
        ContentChange,
        pk=change_id,
        log_entry__content_type=ContentType.objects.get_for_model(model_admin.model),
        log_entry__object_id=str(obj.pk),
    )
    try:
        obj = revert(change, keep=model_admin.history_kept_fields)
    except (ValidationError, IntegrityError) as error:
        # The old values no longer fit (a slug taken since, a published role left incomplete):
        # nothing changed, and the editor reads why.
        if isinstance(error, ValidationError):
            reasons = "; ".join(error.messages)
        else:
            reasons = _("the previous values clash with another row as the content is now")
        messages.error(request, _("This change cannot be reverted: %(reasons)s") % {"reasons": reasons})
        info = model_admin.opts.app_label, model_admin.opts.model_name
        return redirect(f"admin:{info[0]}_{info[1]}_history", obj.pk)
    when = change.log_entry.action_time
    model_admin.log_change(
        request,
        obj,
        _("Reverted the change of %(when)s by %(user)s.")
        % {"when": timezone.localtime(when).strftime("%d/%m/%Y %H:%M"), "user": change.log_entry.user},
    )
    messages.success(
        request, _("The change is reverted: the fields its entry lists have their previous values again.")
    )
    info = model_admin.opts.app_label, model_admin.opts.model_name
    return redirect(f"admin:{info[0]}_{info[1]}_history", obj.pk)
