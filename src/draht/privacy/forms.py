from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Consent


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["method", "given_at", "text_version", "text"]
        widgets = {"given_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
                   "text": forms.Textarea(attrs={"rows": 3})}


class EraseForm(forms.Form):
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))

