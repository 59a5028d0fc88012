from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .rules import check_attachment_size, check_header_values, recipients


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ComposeForm(forms.Form):
    contact_person = forms.ModelChoiceField(label=_("to contact person"), queryset=None, required=False)
    to = forms.CharField(label=_("to"), max_length=1000, required=False,
                         help_text=_("Addresses separated by commas; empty: the contact person's address"))
    subject = forms.CharField(label=_("subject"), max_length=300)
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 14}), max_length=100_000,
                           help_text=_("{signature} is replaced by your signature."))
    files = MultipleFileField(label=_("attachments"), required=False)

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = customer.contact_persons.exclude(email="")

    def clean(self):
        data = super().clean()
        try:
            data["recipients"] = recipients((data.get("to") or "").replace(";", ",").split(","),
                                            data.get("contact_person"))
        except ValidationError as error:
            self.add_error("to", error)
        try:
            check_attachment_size(f.size for f in data.get("files") or [])
        except ValidationError as error:
            self.add_error("files", error)
        try:
            check_header_values(data.get("subject") or "", [(f.name, f.content_type, b"")
                                                            for f in data.get("files") or []])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error("subject" if field == "subject" else "files", messages)
        return data
