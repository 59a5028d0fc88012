import datetime
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from draht.accounts import permissions
from draht.meetings.rules import zone

from .forms import BookForm, BookingPageForm, form_stamp
from .models import BookingPage
from .services import SlotTaken, book, booking_from_link, cached_slots, cancel_booking

ATTEMPTS_PER_ADDRESS = 10  # bookings tried per address in ten minutes


PAGE_CACHE_SECONDS = 30


def _page_or_404(slug) -> BookingPage:
    """The active page of an active user; kept for half a minute per process (a public page is read far more
    often than changed; a change in this process shows at once)."""
    key = f"draht:booking-page:{slug}"
    page = cache.get(key)
    if page is None:
        page = BookingPage.objects.select_related("owner", "team").filter(slug=slug).first() or False
        cache.set(key, page, PAGE_CACHE_SECONDS)
    if not page or not page.is_active or (page.owner_id and not page.owner.is_active):
        raise Http404
    return page


def _kinds(page):
    kinds = [("onsite", _("in person"))]
    if page.video_url:
        kinds.insert(0, ("virtual", _("by video")))
    return kinds


def _too_many(request) -> bool:
    address = request.META.get("REMOTE_ADDR", "")
    key = f"draht:booking:{address}"
    cache.add(key, 0, timeout=600)
    try:
        return cache.incr(key) > ATTEMPTS_PER_ADDRESS
    except ValueError:
        return False


def _chosen(page, text) -> datetime.datetime | None:
    try:
        value = datetime.datetime.fromisoformat(text or "")
    except ValueError:
        return None
    return value if value.tzinfo else None


@csrf_protect
def public_page(request, slug):
    """The public booking page (no login): the free slots by day, then the form for the chosen one."""
    page = _page_or_404(slug)
    moving = None
    move_token = request.POST.get("move") or request.GET.get("move") or ""
    if move_token:
        try:
            moving = booking_from_link(move_token, "move")
        except ValidationError as exc:
            return render(request, "booking/invalid.html", {"page": page, "message": exc.messages[0]}, status=400)
    if request.method == "POST":
        if _too_many(request):
            return render(request, "booking/invalid.html", {"page": page, "message": _(
                "Too many attempts from your address. Please wait a few minutes.")}, status=429)
        form = BookForm(request.POST, kinds=_kinds(page))
        starts_at = _chosen(page, request.POST.get("slot"))
        if form.is_valid() and starts_at is not None:
            try:
                booking = book(page, starts_at=starts_at, kind=form.cleaned_data["kind"],
                               name=form.cleaned_data["name"], email=form.cleaned_data["email"],
                               phone=form.cleaned_data["phone"], base_url=request.build_absolute_uri("/")[:-1],
                               moving=moving)
            except SlotTaken:
                return _slots(request, page, moving, taken=True, status=409)
            return render(request, "booking/done.html", {"page": page, "booking": booking,
                                                          "when": _local(page, booking.starts_at)})
        return render(request, "booking/form.html", {
            "page": page, "form": form, "starts_at": starts_at, "when": _local(page, starts_at) if starts_at else None,
            "moving": moving}, status=400)
    starts_at = _chosen(page, request.GET.get("slot"))
    if starts_at is not None:
        form = BookForm(initial={"slot": request.GET["slot"], "stamp": form_stamp(), "move": move_token},
                        kinds=_kinds(page))
        if moving is not None:
            form.initial |= {"name": moving.name, "email": moving.email, "phone": moving.phone}
        return render(request, "booking/form.html", {"page": page, "form": form, "starts_at": starts_at,
                                                     "when": _local(page, starts_at), "moving": moving})
    return _slots(request, page, moving)


def _local(page, moment):
    return timezone.localtime(moment, zone(page.time_zone))


def _slots(request, page, moving, *, taken=False, status=200):
    move = request.GET.get("move") or request.POST.get("move", "")
    key = f"draht:slots-html:{page.pk}:{get_language()}"
    html = None if move else cache.get(key)
    if html is None:
        html = slot_list_html(page, cached_slots(page), move)
        if not move:
            cache.set(key, html, 30)
    return render(request, "booking/page.html", {"page": page, "slot_list": html, "taken": taken, "moving": moving},
                  status=status)


def slot_list_html(page, slots, move: str) -> str:
    """The days and their slot buttons, built in Python (the public page's hot part; see decision 0001)."""
    from html import escape
    from urllib.parse import quote

    from django.utils import formats
    from django.utils.safestring import mark_safe

    suffix = f"&amp;move={quote(move)}" if move else ""
    parts = []
    for day, group in groupby((_local(page, s) for s in slots), key=lambda s: s.date()):
        buttons = "".join(
            f'<a class="button secondary" href="?slot={quote(s.isoformat())}{suffix}" data-slot="{s.isoformat()}">'
            f'{s:%H:%M}</a>' for s in group)
        parts.append(f'<section class="card"><h2 class="flush">{escape(formats.date_format(day, "l, j. F Y"))}'
                     f'</h2><p class="actions">{buttons}</p></section>')
    return mark_safe("".join(parts))


@csrf_protect
def cancel(request, slug, token):
    page = _page_or_404(slug)
    try:
        booking = booking_from_link(token, "cancel")
    except ValidationError as exc:
        return render(request, "booking/invalid.html", {"page": page, "message": exc.messages[0]}, status=400)
    if booking.page_id != page.pk:
        return render(request, "booking/invalid.html", {"page": page, "message": _(
            "This link is not valid. Use the link from your confirmation e-mail.")}, status=400)
    if request.method == "POST":
        cancel_booking(booking)
        return render(request, "booking/cancelled.html", {"page": page, "booking": booking,
                                                           "when": _local(page, booking.starts_at)})
    return render(request, "booking/cancel.html", {"page": page, "booking": booking,
                                                    "when": _local(page, booking.starts_at)})


@login_required
def settings_page(request):
    """The signed-in user's own booking page: hours, closed days, holidays, slot length and the rest."""
    if not permissions.can_be_owner(request.user):
        raise PermissionDenied
    initial = {"slug": slugify(request.user.username), "title": _("Appointment with %(name)s") % {
        "name": request.user.get_full_name() or request.user.username}, "time_zone": request.user.timezone}
    return _edit_page(request, BookingPage.objects.filter(owner=request.user).first(),
                      BookingPage(owner=request.user), initial, "booking_settings")


@login_required
def team_settings_page(request, team_id):
    """A team's booking page (owners and managers): customers book whoever of the team is free."""
    from django.shortcuts import get_object_or_404

    from draht.accounts.models import Team

    if request.user.role not in ("owner", "manager"):
        raise PermissionDenied
    team = get_object_or_404(Team, pk=team_id)
    initial = {"slug": slugify(f"team-{team.name}"), "title": _("Appointment with team %(name)s") % {
        "name": team.name}, "time_zone": request.user.timezone}
    return _edit_page(request, BookingPage.objects.filter(team=team).first(), BookingPage(team=team), initial,
                      "booking_team_settings", team=team)


def _edit_page(request, page, new_page, initial, url_name: str, team=None):
    form = BookingPageForm(request.POST or None, instance=page or new_page, initial=initial)
    if request.method == "POST" and form.is_valid():
        old_slug = page.slug if page else None
        saved = form.save()
        cache.delete_many([f"draht:booking-page:{saved.slug}", f"draht:booking-page:{old_slug}"])
        messages.success(request, _("The booking page is saved."))
        return redirect(url_name, team.pk) if team else redirect(url_name)
    teams = None
    if team is None and request.user.role in ("owner", "manager"):
        from draht.accounts.models import Team

        teams = Team.objects.order_by("name")
    return render(request, "booking/settings.html", {"form": form, "page": page, "team": team, "teams": teams},
                  status=400 if form.errors else 200)
