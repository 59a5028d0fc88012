from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from draht.core.netpolicy import check_host

from .crypto import encrypt
from .models import Mailbox, MailSecurity

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class MailboxForm(forms.ModelForm):
    """The password is written, never shown again: left empty on an existing mailbox it stays as it is."""

    password = forms.CharField(label=_("password"), required=False, strip=False,
                               widget=forms.PasswordInput(render_value=False))

    class Meta:
        model = Mailbox
        fields = ["name", "host", "port", "security", "username", "folder", "is_active", "allow_private"]

    def __init__(self, *args, may_allow_private: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_allow_private:
            del self.fields["allow_private"]

    def clean(self):
        data = super().clean()
        if data.get("host") and data.get("port"):
            try:
                check_host(data["host"], data["port"],
                           allow_private=data.get("allow_private", self.instance.allow_private))
            except ValidationError as error:
                self.add_error("host", error)
        if not self.instance.pk and not data.get("password"):
            self.add_error("password", _("Enter the mailbox password."))
        security = data.get("security")
        if security == MailSecurity.STARTTLS and data.get("port") == 993:
            self.add_error("port", _("Port 993 speaks TLS from the start: choose IMAPS, or port 143 for STARTTLS."))
        if security == MailSecurity.NONE and data.get("host", "").lower() not in LOCAL_HOSTS:
            self.add_error("security", _("Unencrypted, the password would cross the network readable: choose IMAPS "
                                         "or STARTTLS (unencrypted is only for a server on this machine)."))
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
