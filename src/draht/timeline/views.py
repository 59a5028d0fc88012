from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models.functions import Substr
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from draht.accounts import permissions
from draht.core.db import json_rows
from draht.core.pagination import Page, keyset_page

from .choices import Channel
from .forms import InteractionForm, initial_for_channel
from .models import Interaction
from .rows import PREVIEW_CHARS
from .services import delete_interaction, log_interaction, update_interaction


def timeline_page(customer, channel: str | None, after: str | None, size: int | None = None) -> Page:
    """A page of the customer's timeline for display: a body preview instead of the whole body, and the
    names of the contact persons who took part (one flat query instead of prefetching whole objects)."""
    qs = Interaction.objects.filter(customer=customer, is_thread_head=True)  # a thread shows as its newest entry
    if channel:
        qs = qs.filter(channel=channel)
    page = keyset_page(for_display(qs), ["-occurred_at", "-id"], after, size or settings.DRAHT_PAGE_SIZE)
    return page


@login_required
def thread(request, pk):
    """The older entries of a thread on one customer's timeline (opened under its newest entry)."""
    from draht.customers.access import get_customer_for

    from .rows import timeline_items_html
    from .threads import thread_entries

    customer = get_customer_for(request.user, request.GET.get("customer"))
    entries = list(for_display(thread_entries(pk, customer.pk))[1:200])
    rows = timeline_items_html(entries, permissions.can_log_contact(request.user, customer), in_thread=True,
                               editor=(request.user.pk, request.user.role, customer.owner_id))
    return HttpResponse(rows)


def for_display(interactions):
    """Only the columns a timeline row shows (rows.py), the body as a preview cut in the database, the
    author's name and the names of the contact persons who took part: loading whole rows and whole users cost a
    third of the query's time, and the people a query of their own."""
    return (with_participants(interactions).select_related("created_by")
            .only("customer", "channel", "direction", "is_personal", "occurred_at", "duration_seconds", "outcome",
                  "source", "subject", "thread", "thread_size", "created_by__username", "created_by__first_name",
                  "created_by__last_name")
            .annotate(body_preview=Substr("body", 1, PREVIEW_CHARS + 1)))


def with_participants(interactions):
    """Each entry with `participants`, [[id, title, first name, last name], …] of the contact persons who took
    part (read with json_list), in the same query."""
    people = Interaction._meta.get_field("contact_persons")
    return interactions.annotate(participants=json_rows(
        ["p.id", "p.title", "p.first_name", "p.last_name"],
        f"FROM {people.remote_field.through._meta.db_table} ip JOIN {people.related_model._meta.db_table} p "
        f"ON p.id = ip.contactperson_id WHERE ip.interaction_id = {Interaction._meta.db_table}.id",
        "p.last_name, p.id"))


def _customer_for_logging(user, pk):
    from draht.customers.access import get_customer_for

    return get_customer_for(user, pk, log=True)


@login_required
def log(request, pk):
    customer = _customer_for_logging(request.user, pk)
    channel = request.GET.get("channel") if request.GET.get("channel") in Channel.values else Channel.PHONE
    initial = initial_for_channel(channel) | {"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
    form = InteractionForm(request.POST or None, customer=customer, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            log_interaction(customer, user=request.user, contact_persons=form.cleaned_data["contact_persons"],
                            users=[request.user], **form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Logged on the timeline."))
            return redirect("customers:detail", customer.pk)
    return render(request, "timeline/form.html", {"form": form, "customer": customer})


@login_required
def edit(request, pk):
    interaction = get_object_or_404(Interaction, pk=pk)
    customer = _customer_for_logging(request.user, interaction.customer_id)
    permissions.require(permissions.can_edit_entry(request.user, interaction, customer))
    form = InteractionForm(request.POST or None, instance=interaction, customer=customer)
    if request.method == "POST" and form.is_valid():
        from draht.customers.services import EditConflict

        try:
            update_interaction(interaction, user=request.user, version=form.cleaned_data["version"] or 0,
                               contact_persons=form.cleaned_data["contact_persons"], **form.values())
        except EditConflict as conflict:
            messages.error(request, str(conflict))
            return redirect("timeline:edit", interaction.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("customers:detail", customer.pk)
    return render(request, "timeline/form.html", {"form": form, "customer": customer, "interaction": interaction})


@login_required
@require_POST
def delete(request, pk):
    interaction = get_object_or_404(Interaction, pk=pk)
    customer = _customer_for_logging(request.user, interaction.customer_id)
    permissions.require(permissions.can_edit_entry(request.user, interaction, customer))
    delete_interaction(interaction, user=request.user)
    messages.success(request, _("The entry was deleted."))
    return redirect("customers:detail", customer.pk)
