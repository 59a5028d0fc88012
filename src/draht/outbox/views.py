from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from draht.accounts import permissions
from draht.core.params import object_id
from draht.customers.access import get_customer_for
from draht.inbox.views import get_message_for

from .forms import ComposeForm
from .models import OutgoingEmail, OutgoingStatus
from .services import confirm_sent, queue_email, resend
from .signature import draft_body


@login_required
def compose(request, pk):
    customer = get_customer_for(request.user, pk, log=True)
    reply_to = None
    if request.GET.get("reply_to"):
        reply_to = get_message_for(request.user, request.GET["reply_to"])
        if reply_to.customer_id != customer.pk:
            reply_to = None
    initial = {"body": draft_body(_("Good day,"))}
    if reply_to is not None:
        quoted = "\n".join(f"> {line}" for line in reply_to.text.splitlines()[:200])
        initial = {"to": reply_to.sender_address, "contact_person": reply_to.contact_person,
                   "subject": reply_to.subject if reply_to.subject.lower().startswith(("re:", "aw:"))
                   else f"AW: {reply_to.subject}", "body": draft_body(_("Good day,")) + f"\n\n{quoted}"}
    elif request.GET.get("contact"):
        initial["contact_person"] = customer.contact_persons.filter(pk=object_id(request.GET["contact"])).first()
    form = ComposeForm(request.POST or None, request.FILES or None, customer=customer, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        files = [(f.name, f.content_type, f.read()) for f in data["files"]]
        queue_email(customer, user=request.user, to=data["recipients"], subject=data["subject"], body=data["body"],
                    contact_person=data["contact_person"], reply_to=reply_to, attachments=files)
        messages.success(request, _("The e-mail is in the outbox; the worker sends it in a moment."))
        return redirect("customers:detail", customer.pk)
    return render(request, "outbox/compose.html", {"form": form, "customer": customer, "reply_to": reply_to},
                  status=400 if form.errors else 200)


def _visible(user):
    emails = OutgoingEmail.objects.select_related("customer", "sender")
    if permissions.can_manage_data(user):
        return emails
    return emails.filter(sender=user)


@login_required
def outbox(request):
    emails = _visible(request.user)
    return render(request, "outbox/list.html", {
        "attention": emails.filter(status__in=[OutgoingStatus.UNKNOWN, OutgoingStatus.FAILED])[:100],
        "retrying": emails.filter(status=OutgoingStatus.QUEUED, attempts__gt=0).order_by("-next_attempt_at").first(),
        "recent": emails[:50],
        "smtp_configured": settings.DRAHT_SMTP_CONFIGURED,
        "show_detail": permissions.can_manage_data(request.user),
    })


@login_required
@require_POST
def decide(request, pk):
    """For an e-mail whose delivery is unknown (or failed): send it again, or book it as sent."""
    email = get_object_or_404(_visible(request.user), pk=pk)
    get_customer_for(request.user, email.customer_id, log=True)
    if request.POST.get("action") == "confirm" and email.status == OutgoingStatus.UNKNOWN:
        confirm_sent(email, user=request.user)
        messages.success(request, _("Booked as sent."))
    elif request.POST.get("action") == "resend":
        resend(email, user=request.user)
        messages.success(request, _("Queued again, with the same Message-ID."))
    return redirect("outbox:list")
