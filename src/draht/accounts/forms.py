from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language", "timezone", "phone_extension", "email_signature"]
        widgets = {"email_signature": forms.Textarea(attrs={"rows": 5})}


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name of the token"), max_length=100)
