"""Every input of class mode, validated by a Django form."""

from __future__ import annotations

import unicodedata

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from classes import codes
from classes.models import ClassSession

MAX_SESSION_DAYS = 60


class SessionForm(forms.ModelForm):
    """A teacher opens a session: its name, how many days it lasts, whether pseudonyms are allowed."""

    days = forms.IntegerField(
        label=_("Open for (days)"),
        min_value=1,
        max_value=MAX_SESSION_DAYS,
        help_text=_("After that, the session and its class picture are deleted."),
    )

    class Meta:
        model = ClassSession
        fields = ["name", "allow_pseudonyms"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.CLASS_SESSION_DAYS


class JoinForm(forms.Form):
    """A student types the code their teacher gave (spaces, dashes and small letters are fine)."""

    code = forms.CharField(
        label=_("Class code"),
        max_length=20,
        help_text=_("8 letters and digits, for example ABCD-2345."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return codes.normalise(self.cleaned_data["code"])

    @property
    def well_formed(self) -> bool:
        return self.is_valid() and codes.is_well_formed(self.cleaned_data["code"])


class ShareForm(forms.Form):
    """Share a result with the class, or stop sharing it; a pseudonym only where the session allows."""

    SHARE = "share"
    UNSHARE = "unshare"
    action = forms.ChoiceField(choices=[(SHARE, SHARE), (UNSHARE, UNSHARE)], widget=forms.HiddenInput)
    pseudonym = forms.CharField(
        label=_("First name or pseudonym (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_pseudonym(self) -> str:
        value = self.cleaned_data["pseudonym"].strip()
        # Letters, digits, spaces and ordinary punctuation: no control or invisible characters.
        if any(unicodedata.category(ch)[0] == "C" for ch in value):
            raise forms.ValidationError(_("Use letters, digits and spaces only."))
        return value


class ConfirmForm(forms.Form):
    """The confirmation of closing or deleting a session: the button sends ``confirm``."""

    confirm = forms.BooleanField(
        widget=forms.HiddenInput,
        initial=True,
        error_messages={"required": _("Confirm with the button below.")},
    )
