from django.http import HttpRequest


def htmx_partial(request: HttpRequest) -> bool:
    """True when htmx asks for a fragment of the page (not a boosted full-page load)."""
    return bool(getattr(request, "htmx", False)) and not request.htmx.boosted
