from django import forms
from django.utils.translation import gettext_lazy as _

from draht.accounts import permissions
from draht.accounts.models import User
from draht.core.widgets import IsoDateInput


class PromiseForm(forms.Form):
    what = forms.CharField(label=_("What did we promise?"), max_length=300,
                           help_text=_("As the customer heard it, e.g. “Offer for the new printers by Friday”."))
    owner = forms.ModelChoiceField(label=_("Who keeps it"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("By when"), widget=IsoDateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # who may keep a promise to this customer is checked by services.record_promise, with the date
        self.fields["owner"].queryset = User.objects.filter(is_active=True, role__in=list(permissions.LOG_CONTACT))
