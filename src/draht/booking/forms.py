import time

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from draht.customers.rules import normalise_email

from .models import BookingPage
from .rules import parse_closed_days, parse_hours

STAMP_SALT = "draht.booking.form"
MIN_SECONDS, MAX_SECONDS = 3, 2 * 3600  # a person reads the page first; a form is not kept open for hours


def form_stamp() -> str:
    return signing.dumps(int(time.time()), salt=STAMP_SALT)


class BookForm(forms.Form):
    slot = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("How do we meet?"), widget=forms.RadioSelect)
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.CharField(label=_("Your e-mail address"), max_length=254)
    phone = forms.CharField(label=_("Your phone number (optional)"), max_length=40, required=False)
    consent = forms.BooleanField(label=_("I agree that my details are stored to arrange and hold this "
                                         "appointment."))
    website = forms.CharField(required=False, label=_("Leave this field empty"),
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    stamp = forms.CharField(widget=forms.HiddenInput)
    move = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        self.fields["kind"].initial = kinds[0][0]

    def clean_email(self):
        try:
            return normalise_email(self.cleaned_data["email"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(_("Please try again."), code="honeypot")
        try:
            stamped = signing.loads(data.get("stamp", ""), salt=STAMP_SALT)
        except signing.BadSignature:
            raise ValidationError(_("Please load the page again and choose your time."), code="stamp") from None
        age = time.time() - stamped
        if age < MIN_SECONDS:
            raise ValidationError(_("That was quick: please check your details and send again."), code="fast")
        if age > MAX_SECONDS:
            raise ValidationError(_("The page was open for a long time: please load it again."), code="stale")
        return data


class BookingPageForm(forms.ModelForm):
    class Meta:
        model = BookingPage
        fields = ["slug", "title", "hours", "closed_days", "holiday_region", "time_zone", "slot_minutes",
                  "buffer_minutes", "notice_hours", "days_ahead", "video_url", "is_active"]
        widgets = {"hours": forms.Textarea(attrs={"rows": 6}), "closed_days": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        from draht.core.display import subdivision_choices

        super().__init__(*args, **kwargs)
        self.fields["holiday_region"] = forms.ChoiceField(
            label=self.fields["holiday_region"].label, choices=subdivision_choices(("AT", "DE", "CH", "IT")),
            help_text=_("Its public holidays are closed (South Tyrol: Bozen)."))

    def clean_hours(self):
        parse_hours(self.cleaned_data["hours"])
        return self.cleaned_data["hours"]

    def clean_closed_days(self):
        parse_closed_days(self.cleaned_data["closed_days"])
        return self.cleaned_data["closed_days"]
