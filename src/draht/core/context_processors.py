from django.conf import settings


def features(request):
    """What the base template shows: the ringing-call poll only when a telephone system can send events; the
    inbox link for those who handle unassigned messages."""
    from draht.accounts.permissions import can_handle_inbox

    user = getattr(request, "user", None)
    return {"telephony_enabled": bool(settings.DRAHT_TELEPHONY_SECRET),
            "inbox_enabled": bool(user and user.is_authenticated and can_handle_inbox(user))}
