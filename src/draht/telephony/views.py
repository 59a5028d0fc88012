from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from draht.accounts import permissions

from .services import ringing_for


@login_required
def ringing(request):
    """The pop-up of calls ringing for this user, polled by every page (htmx)."""
    calls = [c for c in ringing_for(request.user)
             if c.customer is None or permissions.can_view_customer(request.user, c.customer)]
    from draht.service.services import can_handle_tickets, open_tickets_of

    desk = bool(calls) and can_handle_tickets(request.user)
    if desk:  # the caller's open tickets: the call joins one of them, or opens a new one
        tickets = open_tickets_of({c.customer_id for c in calls if c.customer_id})
        for call in calls:
            call.open_tickets = tickets.get(call.customer_id, [])[:3]
    return render(request, "telephony/_ringing.html", {"calls": calls, "desk": desk})
