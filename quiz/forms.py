"""Every public input of the quiz, validated by a Django form."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quiz.content_files import UploadError, read_upload
from quiz.models import Choice, Question, Questionnaire


class AnswerForm(forms.Form):
    """The answer to one question: one choice, or any number for a multiple-choice question.

    A value that is no choice of this question (a tampered form, another question's choice, a
    malformed number) is the form's error, never a 500.
    """

    def __init__(self, *args, question: Question, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.by_id = {c.pk: c for c in question.choices.all()}
        options = [(c.pk, c.text) for c in self.by_id.values()]
        errors = {
            "required": _("Choose an answer to go on."),
            "invalid_choice": _("That answer does not belong to this question. Choose again."),
            "invalid_list": _("That answer could not be read. Choose again."),
        }
        if question.multiple:
            self.fields["choice"] = forms.TypedMultipleChoiceField(
                choices=options, coerce=int, required=False, error_messages=errors
            )
        else:
            self.fields["choice"] = forms.TypedChoiceField(choices=options, coerce=int, error_messages=errors)

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.question.multiple and len(self.data.getlist("choice")) > 1:
            raise forms.ValidationError(_("Choose only one answer to this question."), code="too_many")
        return cleaned

    @property
    def choices(self) -> list[Choice]:
        """The chosen choices (call after ``is_valid()``)."""
        value = self.cleaned_data["choice"]
        ids = value if isinstance(value, list) else [value]
        return [self.by_id[i] for i in sorted(set(ids))]

    @property
    def error_message(self) -> str:
        """The first error, in words for the student."""
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class DeleteResultsForm(forms.Form):
    """The confirmation of "delete my results": the button sends ``confirm=yes``, and only that
    value deletes (a BooleanField would take any other non-empty value, "xyz" too, for a yes)."""

    YES = "yes"

    confirm = forms.ChoiceField(
        choices=[(YES, YES)],
        widget=forms.HiddenInput,
        initial=YES,
        error_messages={
            "required": _("Confirm with the button below to delete your results."),
            "invalid_choice": _("Confirm with the button below to delete your results."),
        },
    )


USAGE_DEFAULT_DAYS = 30
USAGE_MAX_DAYS = 366


class UsageFilterForm(forms.Form):
    """The usage page's filters: a date range (by the day attempts started) and the questionnaire
    whose questions are counted. Empty or wrong dates fall back to the last 30 days."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"),
        queryset=Questionnaire.objects.all(),
        required=False,
        empty_label=_("The published one"),
    )

    def _up_to_today(self, name: str) -> datetime.date | None:
        # Nothing has started after today; a far date (31/12/9999) would also overflow the range.
        value = self.cleaned_data.get(name)
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Choose a date up to today."), code="future")
        return value

    def clean_start(self) -> datetime.date | None:
        return self._up_to_today("start")

    def clean_end(self) -> datetime.date | None:
        return self._up_to_today("end")

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        if start and end and (end - start).days > USAGE_MAX_DAYS:
            raise forms.ValidationError(_("Choose at most a year."))
        return cleaned

    def dates(self) -> tuple[datetime.date, datetime.date]:
        """The range asked for, or the last 30 days."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - datetime.timedelta(days=USAGE_DEFAULT_DAYS - 1)
        return start, end

    def chosen_questionnaire(self) -> Questionnaire | None:
        return self.cleaned_data.get("questionnaire") if self.is_valid() else None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented way): a list of uploaded files."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".zip,.json,application/zip,application/json"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ContentUploadForm(forms.Form):
    """The content files to load: one zip (as downloaded) or the four JSON files, and how to load
    them. ``contents`` holds the four files once the form is valid."""

    MISSING, RESET = "missing", "reset"

    files = MultipleFileField(
        label=_("Content files"),
        help_text=_(
            "The zip downloaded from this page, or the four files dimensions.json, sources.json, "
            "roles.json and questionnaire.json (5 MB at most each)."
        ),
    )
    mode = forms.ChoiceField(
        label=_("How to load them"),
        widget=forms.RadioSelect,
        initial=MISSING,
        choices=[
            (
                MISSING,
                _(
                    "Add what is missing (safe): create the dimensions, roles and questionnaire the database "
                    "does not have yet, found by their content keys. Nothing that exists is changed."
                ),
            ),
            (
                RESET,
                _(
                    "Bring the content back to the files: every role of the files gets the files' fields, "
                    "profile and training path (your changes made in the admin to those roles are replaced), "
                    "and the files' questionnaire is published as a new version (quizzes in progress keep "
                    "theirs)."
                ),
            ),
        ],
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if "files" in cleaned:
            try:
                self.contents = read_upload(cleaned["files"])
            except UploadError as error:
                self.add_error("files", str(error))
        return cleaned

    @property
    def reset(self) -> bool:
        return self.cleaned_data.get("mode") == self.RESET
