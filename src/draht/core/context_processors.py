from django.conf import settings


def features(request):
    """What the base template shows: the ringing-call poll only when a telephone system can send events."""
    return {"telephony_enabled": bool(settings.DRAHT_TELEPHONY_SECRET)}
