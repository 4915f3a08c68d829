"""Every public input of the quiz, validated by a Django form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quiz.models import Choice, Question


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
    """The confirmation of "delete my results": the button sends ``confirm``."""

    confirm = forms.BooleanField(
        widget=forms.HiddenInput,
        initial=True,
        error_messages={"required": _("Confirm with the button below to delete your results.")},
    )
