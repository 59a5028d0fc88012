import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from draht.core.widgets import IsoDateInput


class SnoozeForm(forms.Form):
    until = forms.DateField(label=_("until"), widget=IsoDateInput())
    reason = forms.CharField(label=_("reason"), max_length=200)

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until <= today:
            raise forms.ValidationError(_("Choose a date after today."))
        if until > today + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Snooze for at most a year; change the cadence instead."))
        return until


class ReachedForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
