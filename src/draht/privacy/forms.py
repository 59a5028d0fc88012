from django import forms
from django.utils.translation import gettext_lazy as _

from draht.core.widgets import IsoDateTimeInput

from .models import Consent


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["method", "given_at", "text_version", "text"]
        widgets = {"given_at": IsoDateTimeInput(),
                   "text": forms.Textarea(attrs={"rows": 3})}


class EraseForm(forms.Form):
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))

