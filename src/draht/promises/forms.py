import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from draht.accounts import permissions
from draht.accounts.models import User

MAX_DAYS_AHEAD = 3 * 366


class PromiseForm(forms.Form):
    what = forms.CharField(label=_("What did we promise?"), max_length=300,
                           help_text=_("As the customer heard it, e.g. “Offer for the new printers by Friday”."))
    owner = forms.ModelChoiceField(label=_("Who keeps it"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("By when"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer
        self.fields["owner"].queryset = User.objects.filter(is_active=True, role__in=list(permissions.LOG_CONTACT))

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        today = timezone.localdate()
        if due_on < today:
            raise forms.ValidationError(_("A promise's date cannot lie in the past."))
        if due_on > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
            raise forms.ValidationError(_("Choose a date within the next three years."))
        return due_on

    def clean_owner(self):
        owner = self.cleaned_data["owner"]
        if not permissions.can_log_contact(owner, self.customer):
            raise forms.ValidationError(_("%(user)s cannot keep promises to this customer.") % {"user": owner})
        return owner
