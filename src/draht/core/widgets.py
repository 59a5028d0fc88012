"""Date inputs browsers understand: <input type=date> and <input type=datetime-local> only take ISO values
(2026-12-09, 2026-12-02T01:04); a value in the page's locale ("09.12.2026") is dropped and the field shows empty."""

from django import forms


class IsoDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class IsoDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")
