from django import forms
from django.utils.translation import gettext_lazy as _

from .crypto import encrypt
from .models import Mailbox


class MailboxForm(forms.ModelForm):
    """The password is written, never shown again: left empty on an existing mailbox it stays as it is."""

    password = forms.CharField(label=_("password"), required=False, strip=False,
                               widget=forms.PasswordInput(render_value=False))

    class Meta:
        model = Mailbox
        fields = ["name", "host", "port", "security", "username", "folder", "is_active"]

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not data.get("password"):
            self.add_error("password", _("Enter the mailbox password."))
        return data

    def save(self, commit=True):
        mailbox = super().save(commit=False)
        if self.cleaned_data.get("password"):
            mailbox.password_encrypted = encrypt(self.cleaned_data["password"])
        if commit:
            mailbox.save()
        return mailbox


class UploadForm(forms.Form):
    file = forms.FileField(label=_("E-mail file (.eml or .mbox)"))
