import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from draht.accounts.models import TIMEZONE_CHOICES, User
from draht.core.widgets import IsoDateInput, IsoDateTimeInput
from draht.customers.models import ContactPerson
from draht.customers.rules import normalise_email

from .choices import MeetingKind, Repeat
from .models import ExternalCalendar
from .rules import DEFAULT_MINUTES, local_datetime


class WallClockField(forms.DateTimeField):
    """A date and time as on the wall clock, without a zone yet: the form puts it into the chosen zone (so a time
    in a DST gap is refused with our message, not converted in the server's zone)."""

    def to_python(self, value):
        if isinstance(value, datetime.datetime):
            return value.replace(tzinfo=None)
        if value in self.empty_values:
            return None
        try:
            return datetime.datetime.fromisoformat(str(value).strip()).replace(tzinfo=None)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        return value


class MeetingForm(forms.Form):
    """Plan or change a meeting: the start is a wall-clock time in the chosen zone (refused in a DST gap or
    overlap); the length in minutes, 30 unless changed."""

    title = forms.CharField(label=_("title"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=MeetingKind.choices, widget=forms.RadioSelect)
    start = WallClockField(label=_("starts"), widget=IsoDateTimeInput())
    minutes = forms.IntegerField(label=_("length (minutes)"), min_value=5, max_value=8 * 60, initial=DEFAULT_MINUTES)
    time_zone = forms.ChoiceField(label=_("time zone"), choices=TIMEZONE_CHOICES)
    location = forms.CharField(label=_("place"), max_length=300, required=False,
                               help_text=_("On-site: the customer's address unless you enter another."))
    video_url = forms.URLField(label=_("video or screen-share link"), max_length=500, required=False,
                               assume_scheme="https")
    presentation_url = forms.URLField(label=_("presentation link"), max_length=500, required=False,
                                      assume_scheme="https",
                                      help_text=_("A picture says more than a thousand words: slides, a board, a "
                                                  "screen share."))
    users = forms.ModelMultipleChoiceField(label=_("colleagues"), queryset=User.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    contacts = forms.ModelMultipleChoiceField(label=_("contact persons"), queryset=ContactPerson.objects.none(),
                                              required=False, widget=forms.CheckboxSelectMultiple)
    other_emails = forms.CharField(label=_("other participants (e-mail, one per line)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    topics = forms.CharField(label=_("current topics (one per line)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    next_topics = forms.CharField(label=_("topics and tasks for next time (one per line)"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    rrule = forms.ChoiceField(label=_("repeats"), choices=Repeat.choices, required=False)
    invite = forms.BooleanField(label=_("send invitations by e-mail"), required=False, initial=True)

    def __init__(self, *args, customer, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = User.objects.filter(is_active=True).exclude(pk=user.pk).order_by(
            "first_name", "last_name", "username")
        self.fields["contacts"].queryset = ContactPerson.objects.filter(customer=customer, is_active=True)
        self.fields["time_zone"].initial = user.timezone

    def clean_other_emails(self):
        addresses = []
        for line in self.cleaned_data["other_emails"].splitlines():
            if line.strip():
                try:
                    addresses.append((normalise_email(line.strip()), ""))
                except ValidationError as exc:
                    raise ValidationError(exc.messages) from None
        return addresses

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("time_zone"):
            try:
                data["starts_at"] = local_datetime(data["start"], data["time_zone"])
            except ValidationError as exc:
                self.add_error("start", exc)
            else:
                data["ends_at"] = data["starts_at"] + datetime.timedelta(minutes=data.get("minutes") or 30)
        return data

    def lines(self, name: str) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get(name, "").splitlines() if line.strip()]


class HoldForm(forms.Form):
    summary = forms.CharField(label=_("minutes: what was discussed"), widget=forms.Textarea(attrs={"rows": 4}))
    decisions = forms.CharField(label=_("decisions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    done = forms.MultipleChoiceField(label=_("done since the last meeting"), required=False,
                                     widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, open_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done"].choices = [(str(i.pk), f"{i.text} ({i.owner})") for i in open_items]


class ActionItemForm(forms.Form):
    text = forms.CharField(label=_("task"), max_length=300, required=False)
    owner = forms.ModelChoiceField(label=_("who does it"), queryset=User.objects.filter(is_active=True),
                                   required=False)
    due_on = forms.DateField(label=_("by when"), widget=IsoDateInput(), required=False)

    def clean(self):
        data = super().clean()
        if data.get("text") and not (data.get("owner") and data.get("due_on")):
            raise ValidationError(_("An action item needs someone who does it and a date."))
        return data


ActionItemFormSet = forms.formset_factory(ActionItemForm, extra=3, max_num=20)


class ExternalCalendarForm(forms.ModelForm):
    url = forms.CharField(label=_("ICS address of your calendar"), max_length=1000, help_text=_(
        "Outlook: Settings → Calendar → Shared calendars → Publish a calendar (ICS). Google: Settings → your "
        "calendar → Secret address in iCal format."))

    class Meta:
        model = ExternalCalendar
        fields = ["url"]

    def clean_url(self):
        from django.core.validators import URLValidator

        from draht.core.netpolicy import resolve_target

        url = self.cleaned_data["url"].strip()
        if url.lower().startswith("webcal://"):  # how Apple and some pages write a subscription
            url = "https://" + url[len("webcal://"):]
        URLValidator(schemes=["https", "http"])(url)
        resolve_target(url, allow_private=settings.DRAHT_CALENDAR_ALLOW_PRIVATE)
        return url
