from django import forms
from django.utils.translation import gettext_lazy as _

from draht.timeline.choices import Channel

from .choices import Priority, TicketKind
from .models import AssignmentRule


class TicketForm(forms.Form):
    subject = forms.CharField(label=_("subject"), max_length=300)
    kind = forms.ChoiceField(label=_("kind"), choices=TicketKind.choices)
    priority = forms.ChoiceField(label=_("priority"), choices=Priority.choices, initial=Priority.NORMAL)
    channel = forms.ChoiceField(label=_("came in by"), choices=Channel.choices, initial=Channel.PHONE)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class AssignmentRuleForm(forms.ModelForm):
    """Countries and regions chosen by name (no raw codes on the page)."""

    class Meta:
        model = AssignmentRule
        fields = ["position", "name", "ticket_kind", "country", "subdivision", "target", "team", "person"]

    def __init__(self, *args, **kwargs):
        from draht.accounts.models import User
        from draht.core.display import country_choices, subdivision_choices

        from .services import HANDLE_TICKETS

        super().__init__(*args, **kwargs)
        self.fields["country"].widget = forms.Select(choices=[("", _("any country")), *country_choices()])
        self.fields["subdivision"].widget = forms.Select(choices=[("", _("any region")), *subdivision_choices()])
        for name in ("country", "subdivision"):
            self.fields[name].help_text = ""
        self.fields["person"].queryset = User.objects.filter(is_active=True, role__in=HANDLE_TICKETS).order_by(
            "first_name", "username")  # only people who work on tickets can own one
