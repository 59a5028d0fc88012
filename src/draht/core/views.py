import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def htmx_partial(request: HttpRequest) -> bool:
    """True when htmx asks for a fragment of the page (not a boosted full-page load)."""
    return bool(getattr(request, "htmx", False)) and not request.htmx.boosted


def healthz(request):
    """Liveness probe; also the minimal view the benchmark compares every page against."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def components(request):
    """The visual system's parts on one page (docs/ui.md): what a new page is built from, each in its states.
    Signed-in users only; nothing here reads or changes data."""
    from django import forms

    from draht.core.widgets import IsoDateInput

    class ExampleForm(forms.Form):
        name = forms.CharField(label=_("name"), initial="Huber Installationen GmbH",
                               help_text=_("As on the letterhead."))
        due_on = forms.DateField(label=_("By when"), widget=IsoDateInput(), initial=datetime.date(2026, 12, 9))
        phone = forms.CharField(label=_("phone"), initial="0664 12")
        newsletter = forms.BooleanField(label=_("Newsletter"), required=False, initial=True)

    form = ExampleForm(data={"name": "Huber Installationen GmbH", "due_on": "2026-12-09", "phone": "0664 12",
                             "newsletter": "on"})
    form.is_valid()
    form.add_error("phone", _("This is not a valid phone number."))
    return render(request, "core/components.html", {"form": form})
