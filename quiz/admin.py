from __future__ import annotations

import csv
import secrets
import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from careers.admin import RoleAdmin as CareersRoleAdmin
from careers.charts import Series, bar_chart
from careers.forms import PublishForm
from careers.models import Dimension, Role
from core.history import KeepsHistory, remember_before
from quiz import content_files, usage
from quiz.content import questionnaire_copy, questionnaire_publish
from quiz.forms import ContentUploadForm, UsageFilterForm
from quiz.impact import profile_change_impact, questionnaire_impact, role_impact
from quiz.models import MAX_EFFECT, Answer, Attempt, Choice, ChoiceEffect, Question, Questionnaire, Result
from quiz.quality import distinctness_warnings, quality_check

EFFECT_PREFIX = "effect_"

# Questions and choices students answered, and questionnaires they took, are protected from deletion
# (on_delete=PROTECT): their answers and results depend on them. The admin says why, and what to do.
COPY_ACTION = _("Copy as a new unpublished questionnaire")
KEPT_QUESTION = _(
    "Students answered this question, so it cannot be deleted: their answers and results depend on it. "
    "Reword it instead, or retire it: copy the questionnaire (action “%(action)s”), delete the question "
    "in the copy, unpublish this questionnaire, then publish the copy."
)
KEPT_CHOICE = _(
    "Students ticked this choice, so it cannot be deleted: their answers and results depend on it. "
    "Reword it instead, or retire it: copy the questionnaire (action “%(action)s”), delete the choice "
    "in the copy, unpublish this questionnaire, then publish the copy."
)
KEPT_QUESTIONNAIRE = _(
    "Students took this questionnaire, so it cannot be deleted: their answers and results depend on it. "
    "Unpublish it instead; students who took it keep their results."
)


CONTENT_FILES_VIEW = "quiz.view_content_files"
CONTENT_FILES_CHANGE = "quiz.change_content_files"
CONTENT_UPLOAD_SESSION_KEY = "quiz_content_upload"


def can_download_content(user) -> bool:
    return user.has_perm(CONTENT_FILES_VIEW) or user.has_perm(CONTENT_FILES_CHANGE)


def report_quality(request, *, questionnaire: Questionnaire | None, role: Role | None = None) -> None:
    """Run the quality check after an editor's save and say its outcome on that save: each problem
    with its likely fix, or that none was found (and how long the check took)."""
    if questionnaire is None:
        return
    warnings, seconds = quality_check(questionnaire, with_role=role)
    draft = role is not None and not role.is_published
    for warning in warnings:
        messages.warning(request, (_("Once published: ") + warning) if draft else warning)
    if not warnings:
        messages.info(
            request,
            _(
                "Quick check: no two roles have profiles the questionnaire cannot tell apart (checked in "
                "%(seconds).1f s). The simulated figures (recovery, fairness, robustness) are on the "
                "“Preview and publish” page."
            )
            % {"seconds": seconds},
        )


class ExplainsKeptRows:
    """A model admin whose rows students may have answered: a refused deletion says why."""

    kept_message = ""
    # A question answered by thousands: the confirmation lists a few protected answers, not all.
    delete_confirmation_max_display = 10

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            messages.error(request, self.kept_message % {"action": COPY_ACTION})
        return deleted, model_count, perms_needed, protected


class KeepsAnsweredRowsInline:
    """An inline whose rows students may have answered: deleting one is refused, and says why
    (Django's own error lists the protected answers; this one says what to do instead)."""

    kept_message = ""
    delete_confirmation_max_display = 10

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        message = self.kept_message % {"action": COPY_ACTION}

        class RefusesDeletingAnsweredRows(formset):
            def clean(self) -> None:
                # Before Django's own check, which raises its list of protected rows from inside.
                for form in self.initial_forms:
                    if self._should_delete_form(form) and form.instance.answers.exists():
                        raise ValidationError(message, code="answered")
                super().clean()

        return RefusesDeletingAnsweredRows


class ChoiceForm(forms.ModelForm):
    """A choice with one small field per dimension: the effects, edited as a grid."""

    dimensions: list[Dimension] = []

    class Meta:
        model = Choice
        fields = ["order", "key", "text", "diploma", "situation", "dont_know"]

    @classmethod
    def for_dimensions(cls, dimensions: list[Dimension]) -> type[ChoiceForm]:
        """A subclass declaring one effect field per dimension, so the admin's form factory knows them."""
        fields = {
            EFFECT_PREFIX + dimension.slug: forms.IntegerField(
                label=dimension.name,
                required=False,
                min_value=-MAX_EFFECT,
                max_value=MAX_EFFECT,
                widget=forms.NumberInput(attrs={"class": "vIntegerField"}),
            )
            for dimension in dimensions
        }
        return type("ChoiceFormWithDimensions", (cls,), {"dimensions": dimensions, **fields})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for effect in self.instance.effects.all():
                name = EFFECT_PREFIX + effect.dimension.slug
                if name in self.fields:
                    self.fields[name].initial = effect.value

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("dont_know") and any(cleaned.get(EFFECT_PREFIX + d.slug) for d in self.dimensions):
            raise forms.ValidationError(
                _("A “don't know” choice says nothing about the student: leave its effects empty.")
            )
        return cleaned

    def save_effects(self) -> None:
        for dimension in self.dimensions:
            value = self.cleaned_data.get(EFFECT_PREFIX + dimension.slug)
            if value:
                ChoiceEffect.objects.update_or_create(
                    choice=self.instance, dimension=dimension, defaults={"value": value}
                )
            else:
                ChoiceEffect.objects.filter(choice=self.instance, dimension=dimension).delete()


CHOICE_FIELDS = [("order", "key", "dont_know"), "text", ("diploma", "situation")]


class ChoiceInline(KeepsAnsweredRowsInline, admin.StackedInline):
    """One block per choice: its text on top, its effects below in a grid of small boxes (six a line
    at 1280 px, static/css/admin.css), each with its own error, instead of twelve table columns that
    ran off the screen."""

    model = Choice
    form = ChoiceForm
    extra = 0
    # A question needs something to choose between: with fewer, a student could never go on.
    min_num = 2
    kept_message = KEPT_CHOICE
    verbose_name_plural = _("choices, and what each says about the student (-2 to +2 per dimension)")
    classes = ["choice-blocks"]

    def get_fieldsets(self, request, obj=None):
        effects = tuple(EFFECT_PREFIX + d.slug for d in Dimension.objects.all())
        return [
            (None, {"fields": CHOICE_FIELDS}),
            (_("What it says about the student"), {"fields": [effects], "classes": ["effect-grid"]}),
        ]

    def get_formset(self, request, obj=None, **kwargs):
        dimensions = list(Dimension.objects.all())
        kwargs["form"] = ChoiceForm.for_dimensions(dimensions)
        kwargs["validate_min"] = True  # the admin passes min_num on, but not this
        kwargs["fields"] = ["order", "key", "text", "diploma", "situation", "dont_know"] + [
            EFFECT_PREFIX + d.slug for d in dimensions
        ]
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("effects__dimension")


@admin.register(Question)
class QuestionAdmin(KeepsHistory, ExplainsKeptRows, admin.ModelAdmin):
    kept_message = KEPT_QUESTION
    list_display = ["text", "questionnaire", "order", "kind", "asks"]
    list_filter = ["questionnaire", "kind", "asks"]
    list_editable = ["order"]
    search_fields = ["text", "key", "help_text", "choices__text"]
    prepopulated_fields = {"key": ["text"]}
    inlines = [ChoiceInline]
    list_select_related = ["questionnaire"]

    @transaction.atomic
    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for choice_form in formset.forms:
            if (
                isinstance(choice_form, ChoiceForm)
                and choice_form.instance.pk
                and not (formset.can_delete and formset._should_delete_form(choice_form))
            ):
                choice_form.save_effects()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        questionnaire = form.instance.questionnaire
        # The check measures this question's questionnaire as it stands: the published one, or a draft.
        report_quality(request, questionnaire=questionnaire)
        if questionnaire.is_published:
            messages.info(
                request,
                _(
                    "Students take this questionnaire now, so this change reached them. For a larger change, "
                    "copy the questionnaire (action “%(action)s”), edit the copy, then publish it from its "
                    "page: its quality is shown next to today's first."
                )
                % {"action": COPY_ACTION},
            )


class QuestionInline(KeepsAnsweredRowsInline, admin.TabularInline):
    """The questions in order, to reorder or open. New questions are added from the question page,
    which asks for their choices in the same save."""

    model = Question
    extra = 0
    kept_message = KEPT_QUESTION
    fields = ["order", "text", "kind", "asks"]
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(KeepsHistory, ExplainsKeptRows, admin.ModelAdmin):
    kept_message = KEPT_QUESTIONNAIRE
    list_display = ["title", "is_published", "created_at", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title"]
    # Published from its "Preview and publish" page only, which measures the switch first.
    fields = ["title", "status", "content_key"]
    readonly_fields = ["status", "content_key"]
    inlines = [QuestionInline]
    actions = ["copy"]

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="quiz_questionnaire_publish",
            ),
            path(
                "content-files/",
                self.admin_site.admin_view(self.content_files_view),
                name="quiz_content_files",
            ),
            path(
                "content-files/download/",
                self.admin_site.admin_view(self.content_files_download),
                name="quiz_content_files_download",
            ),
            path(
                "content-files/apply/",
                self.admin_site.admin_view(self.content_files_apply),
                name="quiz_content_files_apply",
            ),
        ]
        return own + super().get_urls()

    # The content files in and out: download for ``quiz.view_content_files`` (the editors), upload
    # with a dry run, then apply, for ``quiz.change_content_files`` (superusers, or given by name).

    def _content_files_context(self, request, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Content files"),
            "file_names": content_files.FILE_NAMES,
            "can_upload": request.user.has_perm(CONTENT_FILES_CHANGE),
            **extra,
        }

    def content_files_view(self, request):
        """Download the content files; upload them, and see what loading them would change."""
        if not can_download_content(request.user):
            raise PermissionDenied
        if request.method != "POST":
            form = ContentUploadForm() if request.user.has_perm(CONTENT_FILES_CHANGE) else None
            return TemplateResponse(
                request, "admin/quiz/content_files.html", self._content_files_context(request, form=form)
            )
        if not request.user.has_perm(CONTENT_FILES_CHANGE):
            raise PermissionDenied
        form = ContentUploadForm(request.POST, request.FILES)
        diff = None
        if form.is_valid():
            with tempfile.TemporaryDirectory(prefix="cap-ia-dry-run-") as tmp:
                content_files.write_files(Path(tmp), form.contents)
                try:
                    diff = content_files.dry_run(directory=Path(tmp), reset=form.reset)
                except content_files.UploadError as error:
                    form.add_error("files", str(error))
        if diff is None:
            context = self._content_files_context(request, form=form)
            return TemplateResponse(request, "admin/quiz/content_files.html", context, status=400)
        previous = request.session.get(CONTENT_UPLOAD_SESSION_KEY)
        if previous:
            content_files.unstash(previous.get("token", ""))
        token, sha = content_files.stash(form.contents)
        request.session[CONTENT_UPLOAD_SESSION_KEY] = {"token": token, "sha": sha, "reset": form.reset}
        context = self._content_files_context(
            request,
            title=_("What loading these files would change"),
            diff=diff,
            token=token,
            reset=form.reset,
        )
        return TemplateResponse(request, "admin/quiz/content_files_confirm.html", context)

    def content_files_download(self, request):
        """The four files in one zip, or ``?file=roles.json`` for one of them."""
        if not can_download_content(request.user):
            raise PermissionDenied
        name = request.GET.get("file")
        try:
            if name:
                data, kind = content_files.content_file(name), "application/json"
            else:
                name, data, kind = "cap-ia-content.zip", content_files.content_zip(), "application/zip"
        except KeyError:
            raise Http404 from None
        except ValueError as error:  # no published questionnaire
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:quiz_content_files")
        response = HttpResponse(data, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def content_files_apply(self, request):
        """Load the files the dry run showed, for real, and log what changed in the admin's history."""
        if not request.user.has_perm(CONTENT_FILES_CHANGE):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        pending = request.session.get(CONTENT_UPLOAD_SESSION_KEY) or {}
        token = request.POST.get("token", "")
        directory = (
            content_files.stashed(token, pending.get("sha", ""))
            if token and secrets.compare_digest(token, pending.get("token", ""))
            else None
        )
        if directory is None:
            self.message_user(
                request,
                _(
                    "These files are no longer waiting to be loaded (already loaded, or too old): upload them again."
                ),
                messages.ERROR,
            )
            return redirect("admin:quiz_content_files")
        reset = bool(pending.get("reset"))
        try:
            with transaction.atomic():
                diff = content_files.apply(directory=directory, reset=reset)
                logged = content_files.log_load(user_id=request.user.pk, diff=diff, reset=reset)
        except content_files.UploadError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:quiz_content_files")
        finally:
            content_files.unstash(token)
            request.session.pop(CONTENT_UPLOAD_SESSION_KEY, None)
        self.message_user(
            request,
            ngettext(
                "The content files are loaded. %(count)d change is in the admin's history.",
                "The content files are loaded. %(count)d changes are in the admin's history.",
                logged,
            )
            % {"count": logged},
            messages.SUCCESS,
        )
        for note in diff.notes:
            self.message_user(request, note, messages.WARNING)
        return redirect("admin:quiz_content_files")

    @admin.display(description=_("status"))
    def status(self, obj: Questionnaire) -> str:
        if obj is None or obj.pk is None:
            return _("Draft: students take the published questionnaire until this one is published.")
        if obj.is_published:
            return _(
                "Published: students take it now. To change it safely, copy it (action “%(action)s”), edit "
                "the copy, then publish the copy from its page."
            ) % {"action": COPY_ACTION}
        return format_html(
            '{} <a href="{}">{}</a>',
            _("Draft: students do not take it."),
            reverse("admin:quiz_questionnaire_publish", args=[obj.pk]),
            _("Preview and publish"),
        )

    def publish_view(self, request, object_id: int):
        """A draft questionnaire: the quality figures of the published one and of this draft side by
        side, then one button that publishes it in place of the other (the other is kept for the
        attempts in progress on it)."""
        questionnaire = get_object_or_404(Questionnaire, pk=object_id)
        if not self.has_change_permission(request, questionnaire) or questionnaire.is_published:
            raise PermissionDenied
        impact = questionnaire_impact(questionnaire)
        form = PublishForm(
            request.POST if request.method == "POST" else None,
            risks=impact.broken if impact else [],
            problems=questionnaire.publication_problems(),
        )
        if request.method == "POST" and form.is_valid():
            remember_before(request, questionnaire)
            questionnaire_publish(questionnaire=questionnaire)
            self.log_change(request, questionnaire, [{"changed": {"fields": ["is_published"]}}])
            self.message_user(
                request,
                _("“%(title)s” is published: new quizzes take it; quizzes in progress keep theirs.")
                % {"title": questionnaire},
                messages.SUCCESS,
            )
            return redirect("admin:quiz_questionnaire_change", questionnaire.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": questionnaire,
            "questionnaire": questionnaire,
            "title": _("Preview and publish “%(title)s”") % {"title": questionnaire},
            "impact": impact,
            "form": form,
        }
        return TemplateResponse(request, "admin/quiz/questionnaire/publish.html", context)

    @admin.action(description=COPY_ACTION, permissions=["add"])
    def copy(self, request, queryset) -> None:
        copies = [questionnaire_copy(questionnaire=questionnaire) for questionnaire in queryset]
        messages.success(
            request,
            ngettext(
                "%(count)d unpublished copy created: edit it, then publish it.",
                "%(count)d unpublished copies created: edit them, then publish one.",
                len(copies),
            )
            % {"count": len(copies)},
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        questionnaire = self.get_object(request, object_id)
        if request.method == "GET" and questionnaire is not None:
            for warning in distinctness_warnings(questionnaire):
                messages.warning(request, warning)
        return super().change_view(request, object_id, form_url, extra_context)


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ["question", "created_at", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


# A result's public id is its secret link: whoever knows it reads and deletes the result. Only
# users allowed to view results see it (superusers); for everyone else the attempt is "Quiz #12".
RESULT_LINK_PERMISSION = "quiz.view_result"


def sees_result_links(request) -> bool:
    return request.user.has_perm(RESULT_LINK_PERMISSION)


USAGE_PERMISSION = "quiz.view_usage"


def usage_charts(report: usage.Usage) -> dict:
    """The usage page's charts: per day, how far students get, first roles against fairness."""
    reached = (
        bar_chart(
            [(str(q.position), f"{q.position}. {q.text}") for q in report.questions],
            [
                Series(
                    gettext("Share of those who started who answered it"),
                    "series-1",
                    {
                        str(q.position): q.reached / report.started if report.started else 0
                        for q in report.questions
                    },
                )
            ],
            title=gettext("How far students get, question by question"),
        )
        if report.questions
        else None
    )
    firsts = (
        bar_chart(
            [(r.slug, r.title) for r in report.first_roles],
            [
                Series(
                    gettext("Students' results"), "series-1", {r.slug: r.share for r in report.first_roles}
                ),
                Series(
                    gettext("Random answers (fairness)"),
                    "series-2",
                    {r.slug: r.predicted for r in report.first_roles},
                ),
            ],
            title=gettext("The role ranked first, against what fairness predicts"),
        )
        if report.first_roles
        else None
    )
    return {"days_chart": usage.day_chart(report.days), "reached_chart": reached, "firsts_chart": firsts}


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "questionnaire",
        "language",
        "diploma",
        "situation",
        "created_at",
        "finished_at",
    ]
    list_filter = ["language", "diploma", "situation", "questionnaire"]
    readonly_fields = ["questionnaire", "language", "diploma", "situation", "created_at", "finished_at"]
    inlines = [AnswerInline]
    date_hierarchy = "created_at"
    view_on_site = False

    def get_list_display(self, request):
        if sees_result_links(request):
            return ["__str__", "public_id", *self.list_display[1:]]
        return self.list_display

    def get_readonly_fields(self, request, obj=None):
        if sees_result_links(request):
            return ["public_id", *self.readonly_fields]
        return self.readonly_fields

    def get_search_fields(self, request):
        # A student asking to delete their results gives their link: find it by its exact id.
        return ["=public_id"] if sees_result_links(request) else []

    def get_urls(self):
        own = [path("usage/", self.admin_site.admin_view(self.usage_view), name="quiz_usage")]
        return own + super().get_urls()

    def usage_view(self, request):
        """How the quiz is used: counts only, for staff with ``quiz.view_usage`` (the editors), who
        have no access to attempts themselves. ``?format=csv`` downloads the same tables."""
        if not request.user.has_perm(USAGE_PERMISSION):
            raise PermissionDenied
        form = UsageFilterForm(request.GET or None)
        start, end = form.dates()
        report = usage.usage(start=start, end=end, questionnaire=form.chosen_questionnaire())
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="cap-ia-usage-{start}-{end}.csv"'
            csv.writer(response).writerows(usage.csv_rows(report))
            return response
        query = request.GET.copy()
        query["format"] = "csv"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("How the quiz is used"),
            "form": form,
            "report": report,
            "csv_query": query.urlencode(),
            **usage_charts(report),
        }
        return TemplateResponse(request, "admin/quiz/usage.html", context)

    def has_add_permission(self, request) -> bool:
        return False


def _snapshot_table(snapshot: dict) -> str:
    """A result's snapshot as the tables an editor reads: the roles in order with their score and
    band, then the student's level on each dimension. No secret: the snapshot holds no public id."""
    names = {d.get("slug"): d.get("name") for d in snapshot.get("dimensions", [])}
    fits = format_html_join(
        "",
        '<tr><td>{}</td><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                position,
                fit.get("title", fit.get("role", "")),
                fit.get("score", ""),
                fit.get("band", ""),
                _("tied with the previous one") if fit.get("tied_with_previous") else "",
            )
            for position, fit in enumerate(snapshot.get("fits", []), start=1)
        ),
    )
    profile = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td>{}</td></tr>',
        ((names.get(slug, slug), f"{level:.2f}") for slug, level in snapshot.get("profile", {}).items()),
    )
    return format_html(
        "<p>{}</p>"
        '<table class="snapshot-table"><caption>{}</caption><thead><tr><th scope="col">#</th>'
        '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col"></th>'
        "</tr></thead><tbody>{}</tbody></table>"
        '<table class="snapshot-table"><caption>{}</caption><tbody>{}</tbody></table>',
        _("Low confidence: the answers do not mark a profile yet.")
        if snapshot.get("low_confidence")
        else _("The answers mark a profile."),
        _("Roles, best fit first"),
        _("role"),
        _("score"),
        _("band"),
        fits,
        _("The student's level on each dimension (0 to 1)"),
        profile,
    )


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at"]
    readonly_fields = ["attempt", "created_at", "snapshot_table"]
    fields = readonly_fields
    list_select_related = ["attempt"]
    view_on_site = False

    def get_list_display(self, request):
        if sees_result_links(request):
            return ["__str__", "attempt__public_id", "created_at"]
        return self.list_display

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("result"))
    def snapshot_table(self, obj: Result) -> str:
        return _snapshot_table(obj.snapshot or {})


# The role's admin lives in careers, which knows nothing of the quiz: here it learns to measure a
# role's effect on the quiz's advice (Preview and publish) and to check quality on every save.
admin.site.unregister(Role)


@admin.register(Role)
class RoleAdmin(CareersRoleAdmin):
    def publication_impact(self, request, role: Role):
        return role_impact(role)

    def profile_change_risks(self, request, role: Role, weights: dict[str, int | None]) -> list[str]:
        impact = profile_change_impact(role, weights)
        return impact.broken if impact is not None else []

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        report_quality(request, questionnaire=Questionnaire.objects.published().first(), role=form.instance)
