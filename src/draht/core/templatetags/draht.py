from django import template
from django.utils import timezone
from django.utils.html import format_html

from draht.customers.rules import country_name, format_phone, subdivision_name

register = template.Library()


@register.filter
def phone(e164: str) -> str:
    return format_phone(e164)


@register.filter
def tel_link(number: str) -> str:
    """A number as a link that dials it (tel:), shown in international notation; empty stays empty."""
    if not number:
        return ""
    return format_html('<a href="tel:{}">{}</a>', number.replace(" ", ""), format_phone(number))


@register.filter
def country(code: str) -> str:
    return country_name(code)


@register.filter
def region(code: str) -> str:
    return subdivision_name(code)


@register.filter
def duration(seconds) -> str:
    if not seconds:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


@register.simple_tag
def days_since(value) -> int | None:
    if value is None:
        return None
    return (timezone.now() - value).days


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for filters and pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


_fixed_urls: dict[tuple[str, str], str] = {}


@register.simple_tag
def fixed_url(name: str) -> str:
    """reverse(name) for URLs without arguments (the navigation on every page), resolved once per process."""
    from django.urls import get_script_prefix, reverse

    key = (name, get_script_prefix())
    url = _fixed_urls.get(key)
    if url is None:
        url = _fixed_urls[key] = reverse(name)
    return url


_URL_SENTINEL = 9_876_543_210
_url_parts: dict[tuple[str, str], tuple[str, str]] = {}


@register.simple_tag
def id_url(name: str, pk) -> str:
    """reverse(name, args=[pk]) for URLs with one integer argument, resolved once per process.

    Lists render hundreds of links; Django's reverse() costs about 50 µs each, this a string join.
    """
    from django.urls import get_script_prefix, reverse

    key = (name, get_script_prefix())
    parts = _url_parts.get(key)
    if parts is None:
        prefix, _, suffix = reverse(name, args=[_URL_SENTINEL]).partition(str(_URL_SENTINEL))
        parts = _url_parts[key] = (prefix, suffix)
    return f"{parts[0]}{int(pk)}{parts[1]}"


@register.filter
def action_label(code: str) -> str:
    from draht.core.display import action_label as label

    return label(code)


@register.filter
def audit_changes(entry) -> list:
    from draht.core.display import changes

    return changes(entry)
