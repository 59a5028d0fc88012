from django.conf import settings


def features(request):
    """What the base template shows: the ringing-call poll only when a telephone system can send events; the
    inbox link for those who handle unassigned messages."""
    from draht.accounts.permissions import can_handle_inbox, can_manage_users

    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    from .navigation import menu

    return {"telephony_enabled": bool(settings.DRAHT_TELEPHONY_SECRET),
            "inbox_enabled": signed_in and can_handle_inbox(user),
            "users_enabled": signed_in and can_manage_users(user),
            "menu": menu(user, request.path) if signed_in else []}
