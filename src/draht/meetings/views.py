import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from draht.audit.models import log_action
from draht.customers.access import get_customer_for

from . import ical
from .choices import MeetingKind, MeetingStatus
from .forms import ActionItemFormSet, ExternalCalendarForm, HoldForm, MeetingForm
from .models import CalendarFeed, ExternalCalendar, Meeting
from .rules import zone
from .services import (
    Attendees,
    cancel_meeting,
    change_meeting,
    complete_action_items,
    get_meeting_for,
    hold_meeting,
    mark_no_show,
    meeting_warnings,
    plan_meeting,
    plan_next_in_series,
    propose_next,
    recap_of,
    upcoming_for,
)

FORM_FIELDS = ("title", "kind", "starts_at", "ends_at", "time_zone", "location", "video_url", "presentation_url",
               "rrule")


def _attendees(form) -> Attendees:
    return Attendees(users=list(form.cleaned_data["users"]), contacts=list(form.cleaned_data["contacts"]),
                     emails=form.cleaned_data["other_emails"])


def _warnings_for(form) -> list[str]:
    data = form.data
    try:
        minutes = int(data.get("minutes") or 30)
    except ValueError:
        minutes = 30
    people = 1 + len(data.getlist("users")) + len(data.getlist("contacts")) + len(
        [line for line in data.get("other_emails", "").splitlines() if line.strip()])
    return meeting_warnings(minutes, people)


@login_required
def plan(request, pk):
    customer = get_customer_for(request.user, pk, log=True)
    initial = {"kind": MeetingKind.VIRTUAL, "title": _("Meeting with %(name)s") % {"name": customer.name},
               "contacts": [customer.main_contact_id] if customer.main_contact_id else []}
    form = MeetingForm(request.POST or None, initial=initial, customer=customer, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in FORM_FIELDS}
        try:
            meeting = plan_meeting(customer, user=request.user, attendees=_attendees(form),
                                   topics=form.lines("topics"), next_topics=form.lines("next_topics"),
                                   invite=form.cleaned_data["invite"], **values)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Meeting planned.") + (" " + _("The invitations are in the outbox.")
                                                                 if form.cleaned_data["invite"] else ""))
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/form.html", {
        "form": form, "customer": customer, "warnings": _warnings_for(form) if form.is_bound else []},
        status=400 if form.errors else 200)


@login_required
@require_POST
def check(request, pk):
    """The warnings for the form as it is typed (htmx): guidance, never a refusal."""
    customer = get_customer_for(request.user, pk, log=True)
    form = MeetingForm(request.POST, customer=customer, user=request.user)
    return render(request, "meetings/_warnings.html", {"warnings": _warnings_for(form)})


@login_required
def edit(request, pk):
    meeting = get_meeting_for(request.user, pk, change=True)
    if meeting.status != MeetingStatus.PLANNED:
        messages.error(request, _("Only a planned meeting can be changed."))
        return redirect("meetings:detail", meeting.pk)
    local = timezone.localtime(meeting.starts_at, zone(meeting.time_zone)).replace(tzinfo=None)
    participants = list(meeting.participants.all())
    initial = {k: getattr(meeting, k) for k in ("title", "kind", "time_zone", "location", "video_url",
                                                 "presentation_url", "rrule")}
    initial |= {"start": local, "minutes": meeting.minutes,
                "users": [p.user_id for p in participants if p.user_id and p.user_id != meeting.organizer_id],
                "contacts": [p.contact_person_id for p in participants if p.contact_person_id],
                "other_emails": "\n".join(p.email for p in participants if p.email),
                "topics": "\n".join(a.text for a in meeting.agenda.all() if a.section == "current"),
                "next_topics": "\n".join(a.text for a in meeting.agenda.all() if a.section == "next")}
    form = MeetingForm(request.POST or None, initial=initial, customer=meeting.customer, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in FORM_FIELDS}
        try:
            change_meeting(meeting, user=request.user, attendees=_attendees(form), topics=form.lines("topics"),
                           next_topics=form.lines("next_topics"), invite=form.cleaned_data["invite"], **values)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Meeting changed."))
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/form.html", {
        "form": form, "customer": meeting.customer, "meeting": meeting,
        "warnings": _warnings_for(form) if form.is_bound else []}, status=400 if form.errors else 200)


@login_required
def detail(request, pk):
    meeting = get_meeting_for(request.user, pk)
    recap = recap_of(meeting)
    hold_form = HoldForm(open_items=recap.open_items)
    return render(request, "meetings/detail.html", {
        "meeting": meeting, "customer": meeting.customer, "recap": recap,
        "agenda": list(meeting.agenda.all()), "participants": meeting.participants.select_related(
            "user", "contact_person"), "action_items": meeting.action_items.select_related("owner"),
        "hold_form": hold_form, "items_formset": ActionItemFormSet(prefix="items"),
        "next_proposal": propose_next(meeting) if meeting.rrule and not hasattr(meeting, "next_in_series") else None,
        "can_change": _can_change(request.user, meeting), "now": timezone.now(),
        "warnings": meeting_warnings(meeting.minutes, meeting.participants.count()),
    })


def _can_change(user, meeting) -> bool:
    from draht.accounts import permissions

    return permissions.can_log_contact(user, meeting.customer)


@login_required
@require_POST
def hold(request, pk):
    meeting = get_meeting_for(request.user, pk, change=True)
    recap = recap_of(meeting)
    form = HoldForm(request.POST, open_items=recap.open_items)
    items = ActionItemFormSet(request.POST, prefix="items")
    if form.is_valid() and items.is_valid():
        new_items = [(f.cleaned_data["text"], f.cleaned_data["owner"], f.cleaned_data["due_on"])
                     for f in items if f.cleaned_data.get("text")]
        try:
            hold_meeting(meeting, user=request.user, summary=form.cleaned_data["summary"],
                         decisions=form.cleaned_data["decisions"], action_items=new_items,
                         done_item_ids=[int(i) for i in form.cleaned_data["done"]])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Meeting recorded as held: it counts as personal contact."))
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/detail.html", {
        "meeting": meeting, "customer": meeting.customer, "recap": recap, "agenda": list(meeting.agenda.all()),
        "participants": meeting.participants.select_related("user", "contact_person"),
        "action_items": meeting.action_items.select_related("owner"), "hold_form": form, "items_formset": items,
        "can_change": True, "now": timezone.now(), "warnings": []}, status=400)


@login_required
@require_POST
def cancel(request, pk):
    meeting = get_meeting_for(request.user, pk, change=True)
    try:
        cancel_meeting(meeting, user=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Meeting cancelled; the participants are told."))
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def no_show(request, pk):
    meeting = get_meeting_for(request.user, pk, change=True)
    try:
        mark_no_show(meeting, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Recorded as a no-show; it does not count as contact."))
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def plan_next(request, pk):
    meeting = get_meeting_for(request.user, pk, change=True)
    try:
        following = plan_next_in_series(meeting, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("meetings:detail", meeting.pk)
    messages.success(request, _("The next meeting of the series is planned, with the open items in its recap."))
    return redirect("meetings:detail", following.pk)


@login_required
@require_POST
def item_done(request, pk):
    meeting = get_meeting_for(request.user, pk, change=True)
    from draht.core.params import object_id

    item_id = object_id(request.POST.get("item"))
    if item_id is None:
        raise Http404
    if complete_action_items(meeting.customer, [item_id], user=request.user):
        messages.success(request, _("Action item done."))
    return redirect("meetings:detail", meeting.pk)


@login_required
def my_meetings(request):
    external = ExternalCalendar.objects.filter(user=request.user).first()
    return render(request, "meetings/list.html", {
        "meetings": upcoming_for(request.user)[:200],
        "feed": CalendarFeed.objects.filter(user=request.user).first(),
        "external": external, "external_form": ExternalCalendarForm(instance=external),
    })


@login_required
@require_POST
def external_calendar(request):
    """The ICS address of the user's own calendar (or none): read by the worker right away and every 15 minutes."""
    current = ExternalCalendar.objects.filter(user=request.user).first()
    if not request.POST.get("url", "").strip():
        if current is not None:
            current.delete()
            messages.success(request, _("Your own calendar is no longer read."))
        return redirect("meetings:mine")
    form = ExternalCalendarForm(request.POST, instance=current or ExternalCalendar(user=request.user))
    if form.is_valid():
        calendar = form.save()
        from .tasks import refresh_external_calendar

        transaction.on_commit(lambda: refresh_external_calendar.enqueue(calendar.pk))
        messages.success(request, _("Saved: your calendar is read in a moment, then every 15 minutes."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("meetings:mine")


@login_required
@require_POST
def new_feed(request):
    """A new private calendar address; the old one stops working at once."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=request.user).delete()
        feed = CalendarFeed.objects.create(user=request.user, token_hash=CalendarFeed.hash(token))
        log_action("draht.calendar.feed_created", obj=feed, user=request.user)
    url = request.build_absolute_uri(f"/calendar/{token}.ics")
    messages.success(request, _("Your calendar address (shown only now; copy it into Outlook, Google or Apple "
                                "Calendar): %(url)s") % {"url": url})
    return redirect("meetings:mine")


@login_required
@require_POST
def revoke_feed(request):
    CalendarFeed.objects.filter(user=request.user).delete()
    messages.success(request, _("The calendar address no longer works."))
    return redirect("meetings:mine")


def calendar_feed(request, token):
    """The private feed: no session, the secret token is the key. An ETag over the meetings' last change lets
    calendar programs that poll every few minutes get 304 when nothing changed."""
    from django.db.models import Count, Max

    found = CalendarFeed.objects.filter(token_hash=CalendarFeed.hash(token), user__is_active=True).values_list(
        "pk", "user_id").first()  # looked up on every poll: a revoked address stops at once
    if found is None:
        raise Http404
    feed_id, user_id = found
    meetings = Meeting.objects.filter(participants__user_id=user_id).distinct()
    etag_key = f"draht:feed-etag:{feed_id}"
    etag = cache.get(etag_key)
    if etag is None:  # a change shows in the feed within a minute; programs poll every 15 minutes or more
        state = meetings.aggregate(n=Count("id", distinct=True), last=Max("updated_at"), seq=Max("sequence"))
        etag = f'"{state["n"]}-{state["last"].timestamp() if state["last"] else 0}-{state["seq"] or 0}"'
        cache.set(etag_key, etag, 60)
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    key = f"draht:feed:{feed_id}:{etag}"
    body = cache.get(key)
    if body is None:  # rendered once per change and process; calendar programs poll every few minutes
        from draht.accounts.models import User

        user = User.objects.get(pk=user_id)
        rows = (meetings.select_related("organizer").prefetch_related("participants__user",
                                                                      "participants__contact_person")
                .order_by("starts_at", "id"))
        body = ical.feed(rows, name=f"draht – {user.get_full_name() or user.username}")
        cache.set(key, body, 600)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


IMPORT_SALT = "draht.meetings.import"
MAX_ICS_BYTES = 1024 * 1024


@login_required
def import_ics(request, pk):
    """Meetings from an .ics file: a preview with each event's verdict, then the import of the readable ones."""
    from django.core import signing

    from .services import import_events

    customer = get_customer_for(request.user, pk, log=True)
    context = {"customer": customer}
    if request.method == "POST" and request.POST.get("payload"):
        try:
            text = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("The preview is too old; please upload the file again."))
            return redirect("meetings:import", customer.pk)
        created, skipped = import_events(customer, ical.read_events(text, zone(request.user.timezone)),
                                         user=request.user)
        messages.success(request, ngettext("%(count)s meeting imported.", "%(count)s meetings imported.", created)
                         % {"count": created})
        if skipped:
            messages.info(request, ngettext("%(count)s was in draht already.", "%(count)s were in draht already.",
                                            skipped) % {"count": skipped})
        return redirect("customers:detail", customer.pk)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or upload.size == 0:
            context["error"] = _("Choose an .ics file.")
        elif upload.size > MAX_ICS_BYTES:
            context["error"] = _("The file is larger than 1 MB.")
        else:
            text = upload.read().decode("utf-8", errors="replace")
            events = ical.read_events(text, zone(request.user.timezone))
            if not events:
                context["error"] = _("The file holds no events (is it an iCalendar file?).")
            else:
                context |= {"events": events, "payload": signing.dumps(text, salt=IMPORT_SALT, compress=True),
                            "readable": sum(1 for e in events if e.values)}
    return render(request, "meetings/import.html", context, status=400 if context.get("error") else 200)
