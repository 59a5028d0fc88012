from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from draht.accounts import permissions
from draht.customers.rules import validate_country

from .csvfile import FIELDS, check_mapping


def owner_field(user):
    owners = get_user_model().objects.filter(is_active=True, role__in=list(permissions.OWN_CUSTOMERS))
    return forms.ModelChoiceField(
        owners, label=_("Owner of new customers"), initial=user.pk if permissions.can_be_owner(user) else None,
        help_text=_("Used when a row names no owner."),
    )


class CountryField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(label=_("Country when a row names none"), max_length=2, initial="DE", **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return validate_country(value)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("File"),
                           help_text=_("A spreadsheet (.xlsx, .xls, .ods), CSV in UTF-8 or Windows-1252 (Excel), "
                                       "separated by ; , or tab, as Outlook, Google, Thunderbird and CRMs export it; "
                                       "or vCards (.vcf, versions 2.1, 3.0 and 4.0)."))
    default_owner = forms.ModelChoiceField(queryset=None)
    default_country = CountryField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_owner"] = owner_field(user)


class ImportMappingForm(forms.Form):
    """One choice per column of the file: which field it fills, or nothing."""

    default_country = CountryField()

    def __init__(self, *args, job, user, **kwargs):
        self.job = job
        super().__init__(*args, **kwargs)
        self.fields["default_owner"] = owner_field(user)
        self.fields["default_owner"].initial = job.default_owner_id
        self.fields["default_country"].initial = job.default_country
        choices = [("", _("— ignore —"))] + [(name, label) for name, (label, _aliases) in FIELDS.items()]
        self.columns = []
        for index, header in enumerate(job.headers):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(label=header or f"#{index + 1}", choices=choices, required=False,
                                                  initial=job.mapping.get(str(index), ""))
            self.columns.append(self[name])

    def clean(self):
        data = super().clean()
        columns = len(self.job.headers)
        chosen = [(i, data[f"column_{i}"]) for i in range(columns) if data.get(f"column_{i}")]
        data["mapping"] = check_mapping(chosen, columns)
        return data

    def save(self):
        self.job.mapping = self.cleaned_data["mapping"]
        self.job.default_owner = self.cleaned_data["default_owner"]
        self.job.default_country = self.cleaned_data["default_country"]
        self.job.save(update_fields=["mapping", "default_owner", "default_country"])
