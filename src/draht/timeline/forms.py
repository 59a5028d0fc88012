from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from draht.core.widgets import IsoDateTimeInput
from draht.customers.models import ContactPerson

from .choices import Channel, Direction
from .models import Interaction
from .rules import default_personal, validate_personal


class InteractionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    duration_minutes = forms.IntegerField(label=_("duration (minutes)"), required=False, min_value=0,
                                          max_value=24 * 60)
    occurred_at = forms.DateTimeField(label=_("when"), widget=IsoDateTimeInput(),
                                      input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])

    class Meta:
        model = Interaction
        fields = ["channel", "direction", "occurred_at", "outcome", "is_personal", "subject", "body",
                  "contact_persons"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4}), "contact_persons": forms.CheckboxSelectMultiple}

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_persons"].queryset = ContactPerson.objects.filter(customer=customer, is_active=True)
        self.fields["is_personal"].help_text = _(
            "Connected calls, 1:1 e-mails, meetings, visits, personal chats and video calls reset the contact clock."
        )
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            if self.instance.duration_seconds:
                self.fields["duration_minutes"].initial = self.instance.duration_seconds // 60

    def clean(self):
        data = super().clean()
        channel = data.get("channel")
        if channel == Channel.NOTE:
            data["direction"] = Direction.INTERNAL
        if channel:
            try:
                validate_personal(channel, data.get("outcome", ""), False, data.get("is_personal", False))
            except ValidationError as error:
                self.add_error(None, error.message_dict["is_personal"])
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        minutes = data.get("duration_minutes")
        return {
            "channel": data["channel"], "direction": data["direction"], "occurred_at": data["occurred_at"],
            "outcome": data.get("outcome", ""), "is_personal": data.get("is_personal", False),
            "subject": data.get("subject", ""), "body": data.get("body", ""),
            "duration_seconds": minutes * 60 if minutes is not None else None,
        }


def initial_for_channel(channel: str) -> dict:
    outcome = "reached" if channel == Channel.PHONE else ""
    direction = Direction.INTERNAL if channel == Channel.NOTE else Direction.OUTBOUND
    return {"channel": channel, "outcome": outcome, "direction": direction,
            "is_personal": default_personal(channel, outcome, False)}
