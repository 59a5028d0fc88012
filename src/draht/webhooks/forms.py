from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from draht.core.netpolicy import resolve_target

from .choices import Event
from .models import Endpoint


class EndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(label=_("Events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Endpoint
        fields = ["name", "url", "events", "allow_private"]

    def __init__(self, *args, may_allow_private: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_allow_private:
            del self.fields["allow_private"]

    def clean(self):
        data = super().clean()
        if data.get("url"):
            try:
                resolve_target(data["url"], allow_private=bool(data.get("allow_private")))
            except ValidationError as exc:
                self.add_error("url", exc)
        return data
