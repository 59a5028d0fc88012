from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .models import User

NO_LINE_BREAKS = _("Line breaks are not allowed here.")


def no_line_breaks(value: str) -> None:
    if "\r" in value or "\n" in value:
        raise ValidationError(NO_LINE_BREAKS, code="line_break")


class ProfileForm(forms.ModelForm):
    """What users change themselves. The sending address changes only through a confirmed link, the phone
    extension only by owners and managers (the telephone system routes calls by it)."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "language", "timezone", "email_signature"]
        widgets = {"email_signature": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].validators.append(no_line_breaks)


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label=_("New sending address"), max_length=254)
    password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, user, domains, **kwargs):
        self.user, self.domains = user, domains
        super().__init__(*args, **kwargs)

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise ValidationError(_("The password is not correct."), code="password")
        return ""

    def clean_email(self):
        from .services import check_sender_domain

        address = self.cleaned_data["email"].strip().lower()
        check_sender_domain(address, self.domains)
        if address == (self.user.email or "").lower():
            raise ValidationError(_("This is your address already."), code="same")
        return address


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name of the token"), max_length=100, validators=[no_line_breaks])
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=3650, required=False,
                              help_text=_("Empty: until you revoke it."))


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "autofocus": True}))


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise ValidationError(_("The password is not correct."), code="password")
        return ""


class PasswordChangeWithTokensForm(forms.Form):
    """Django's password change, plus the choice to revoke API tokens (a leaked password may have made some)."""

    old_password = forms.CharField(label=_("Old password"), strip=False, widget=forms.PasswordInput)
    new_password1 = forms.CharField(label=_("New password"), strip=False, widget=forms.PasswordInput,
                                    help_text=password_validation.password_validators_help_text_html())
    new_password2 = forms.CharField(label=_("New password again"), strip=False, widget=forms.PasswordInput)
    revoke_tokens = forms.BooleanField(label=_("Also revoke my API tokens"), required=False, initial=True)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        if not self.user.check_password(self.cleaned_data["old_password"]):
            raise ValidationError(_("The old password is not correct."), code="password_incorrect")
        return ""

    def clean(self):
        data = super().clean()
        one, two = data.get("new_password1"), data.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", _("The two passwords differ."))
        elif one:
            try:
                password_validation.validate_password(one, self.user)
            except ValidationError as error:
                self.add_error("new_password1", error)
        return data


class PolicyForm(forms.Form):
    second_factor_roles = forms.MultipleChoiceField(
        label=_("Roles that must sign in with a second factor"), choices=Role.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    sender_domains = forms.CharField(
        label=_("Domains users may send e-mail from"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. example.at. Empty: any address the user confirmed."))

    def clean_sender_domains(self):
        import re

        lines = [d.strip().lower().lstrip("@") for d in self.cleaned_data["sender_domains"].split() if d.strip()]
        for domain in lines:
            if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", domain):
                raise ValidationError(_("“%(domain)s” is not a domain name."), params={"domain": domain})
        return "\n".join(dict.fromkeys(lines))


class ExtensionForm(forms.Form):
    phone_extension = forms.RegexField(label=_("Phone extension"), regex=r"^[0-9A-Za-z*#+-]{0,20}$", required=False,
                                       error_messages={"invalid": _("Digits, letters, * # + - only.")})
