from django.http import HttpRequest, HttpResponse


def htmx_partial(request: HttpRequest) -> bool:
    """True when htmx asks for a fragment of the page (not a boosted full-page load)."""
    return bool(getattr(request, "htmx", False)) and not request.htmx.boosted


def healthz(request):
    """Liveness probe; also the minimal view the benchmark compares every page against."""
    return HttpResponse("ok", content_type="text/plain")
