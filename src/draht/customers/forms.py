from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from draht.accounts.choices import Role
from draht.accounts.models import User
from draht.core.display import country_choices, subdivision_choices
from draht.core.widgets import IsoDateInput

from .choices import Fact
from .models import ContactPerson, Customer, Tag
from .rules import normalise_email, normalise_phone, validate_country, validate_subdivision


class CustomerForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    tag_names = forms.CharField(label=_("Tags"), required=False, help_text=_("Separated by commas"))

    class Meta:
        model = Customer
        fields = ["kind", "name", "salutation", "title", "first_name", "last_name", "owner", "tier", "language",
                  "email", "phone", "street", "postal_code", "city", "country", "subdivision", "newsletter_status",
                  "home_office_status", "customer_since", "cadence_days", "external_id"]
        widgets = {"customer_since": IsoDateInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["owner"].queryset = User.objects.filter(
            is_active=True, role__in=[Role.OWNER, Role.MANAGER, Role.ACCOUNT_MANAGER]
        )
        self.fields["cadence_days"].required = False
        self.fields["cadence_days"].help_text = _("Empty: the default of the tier")
        self.fields["country"].widget = forms.Select(choices=country_choices())
        self.fields["country"].help_text = ""
        self.fields["subdivision"].widget = forms.Select(choices=[("", "—"), *subdivision_choices()])
        self.fields["subdivision"].help_text = _("State, canton or province")
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            self.fields["tag_names"].initial = ", ".join(t.name for t in self.instance.tags.all())
        from draht.accounts.permissions import can_reassign_owner

        if not can_reassign_owner(user) and self.instance.pk:
            self.fields["owner"].disabled = True

    def clean_country(self):
        return validate_country(self.cleaned_data.get("country"))

    def clean_email(self):
        return normalise_email(self.cleaned_data.get("email"))

    def clean(self):
        data = super().clean()
        country = data.get("country") or "DE"
        for field, check in (("phone", lambda v: normalise_phone(v, country)),
                             ("subdivision", lambda v: validate_subdivision(country, v))):
            try:
                data[field] = check(data.get(field, ""))
            except ValidationError as error:
                self.add_error(field, error)
        if data.get("kind") == "person" and not data.get("name"):
            data["name"] = " ".join(p for p in (data.get("last_name"), data.get("first_name")) if p)
        if not data.get("name"):
            self.add_error("name", _("A customer needs a name."))
        return data

    def tags(self) -> list[Tag]:
        names = {n.strip()[:50] for n in self.cleaned_data.get("tag_names", "").split(",") if n.strip()}
        return [Tag.objects.get_or_create(name=n)[0] for n in sorted(names)]

    def changed_values(self) -> dict:
        values = {}
        for name in self.Meta.fields:
            key = "owner_id" if name == "owner" else name
            value = self.cleaned_data.get(name)
            values[key] = value.pk if name == "owner" and value is not None else value
        if not values.get("cadence_days"):
            values.pop("cadence_days")
        return values


class ContactPersonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ContactPerson
        fields = ["salutation", "title", "first_name", "last_name", "position", "email", "phone", "mobile",
                  "birthday", "is_active"]
        widgets = {"birthday": IsoDateInput}

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer
        if self.instance.pk:
            self.initial["version"] = self.instance.version

    def clean_email(self):
        return normalise_email(self.cleaned_data.get("email"))

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone"), self.customer.country)

    def clean_mobile(self):
        return normalise_phone(self.cleaned_data.get("mobile"), self.customer.country)

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class CheckInForm(forms.Form):
    """The facts of the check-in script; each shown fact is confirmed or corrected."""

    street = forms.CharField(label=_("street"), required=False, max_length=200)
    postal_code = forms.CharField(label=_("postal code"), required=False, max_length=12)
    city = forms.CharField(label=_("city"), required=False, max_length=100)
    subdivision = forms.CharField(label=_("region"), required=False, max_length=6)
    phone = forms.CharField(label=_("phone"), required=False, max_length=40)
    email = forms.CharField(label=_("e-mail"), required=False, max_length=254)
    newsletter_status = forms.ChoiceField(label=_("newsletter"), choices=Customer._meta.get_field(
        "newsletter_status").choices)
    home_office_status = forms.ChoiceField(label=_("in home office"), choices=Customer._meta.get_field(
        "home_office_status").choices)
    main_contact = forms.ModelChoiceField(label=_("main contact person"), queryset=ContactPerson.objects.none(),
                                          required=False)
    confirmed = forms.MultipleChoiceField(choices=Fact.choices, required=False, widget=forms.CheckboxSelectMultiple)

    FACT_FIELDS = {
        Fact.ADDRESS: ["street", "postal_code", "city", "subdivision"],
        Fact.PHONES: ["phone"],
        Fact.EMAILS: ["email"],
        Fact.NEWSLETTER: ["newsletter_status"],
        Fact.HOME_OFFICE: ["home_office_status"],
        Fact.MAIN_CONTACT: ["main_contact"],
    }

    def __init__(self, *args, customer, **kwargs):
        initial = {f: getattr(customer, f) for f in ["street", "postal_code", "city", "subdivision", "phone",
                                                      "email", "newsletter_status", "home_office_status"]}
        initial["main_contact"] = customer.main_contact_id
        super().__init__(*args, initial=initial, **kwargs)
        self.customer = customer
        self.fields["main_contact"].queryset = customer.contact_persons.filter(is_active=True)
        self.fields["subdivision"].widget = forms.Select(choices=[("", "—"), *subdivision_choices([customer.country])])

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone"), self.customer.country)

    def clean_email(self):
        return normalise_email(self.cleaned_data.get("email"))

    def clean_subdivision(self):
        return validate_subdivision(self.customer.country, self.cleaned_data.get("subdivision"))

    def corrected_values(self) -> dict:
        """Fields whose value differs from the customer's, keyed as the model expects."""
        values = {}
        for name in self.FACT_FIELDS_FLAT:
            new = self.cleaned_data.get(name)
            if name == "main_contact":
                if (new.pk if new else None) != self.customer.main_contact_id:
                    values["main_contact_id"] = new.pk if new else None
            elif new != getattr(self.customer, name):
                values[name] = new
        return values

    def corrected_facts(self, values: dict) -> list[str]:
        keys = {k.removesuffix("_id") for k in values}
        return [fact for fact, fields in self.FACT_FIELDS.items() if keys & set(fields)]

    FACT_FIELDS_FLAT = [f for fields in FACT_FIELDS.values() for f in fields]
