from django import forms
from django.utils.translation import gettext_lazy as _

from draht.timeline.choices import Channel

from .choices import Priority, TicketKind


class TicketForm(forms.Form):
    subject = forms.CharField(label=_("subject"), max_length=300)
    kind = forms.ChoiceField(label=_("kind"), choices=TicketKind.choices)
    priority = forms.ChoiceField(label=_("priority"), choices=Priority.choices, initial=Priority.NORMAL)
    channel = forms.ChoiceField(label=_("came in by"), choices=Channel.choices, initial=Channel.PHONE)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
