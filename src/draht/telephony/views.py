from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from draht.accounts import permissions

from .services import ringing_for


@login_required
def ringing(request):
    """The pop-up of calls ringing for this user, polled by every page (htmx)."""
    calls = [c for c in ringing_for(request.user)
             if c.customer is None or permissions.can_view_customer(request.user, c.customer)]
    return render(request, "telephony/_ringing.html", {"calls": calls})
