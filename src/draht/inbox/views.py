import logging
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from draht.accounts import permissions
from draht.audit.models import log_action
from draht.core.pagination import keyset_page
from draht.core.params import object_id
from draht.core.templatetags.draht import id_url
from draht.customers.access import get_customer_for
from draht.customers.models import ContactPerson

from .forms import MailboxForm, UploadForm
from .models import Attachment, Mailbox, MailboxProblem, MailUpload, Message, MessageStatus
from .sanitize import clean_html
from .services import assign, create_contact_and_assign, suggested_customers, unassigned_messages
from .upload import create_upload

log = logging.getLogger(__name__)
_CID = re.compile(r'src="cid:([^"]+)"')


def get_message_for(user, pk) -> Message:
    """A message the user may read: its customer's, or any unassigned one for those who handle the inbox."""
    pk = object_id(pk)
    if pk is None:
        raise Http404
    message = get_object_or_404(Message.objects.select_related("customer", "contact_person"), pk=pk)
    if message.customer_id:
        get_customer_for(user, message.customer_id)
    else:
        permissions.require(permissions.can_handle_inbox(user))
    return message


@login_required
def inbox(request):
    permissions.require(permissions.can_handle_inbox(request.user))
    page = keyset_page(unassigned_messages().defer("html", "text"), ["-received_at", "-id"],
                       request.GET.get("after"), settings.DRAHT_PAGE_SIZE)
    return render(request, "inbox/inbox.html", {
        "page": page, "upload_form": UploadForm(),
        "automated": unassigned_messages().filter(is_automated=True).exists(),
        "failing_mailboxes": Mailbox.objects.filter(is_active=True).exclude(last_error=""),
        "can_manage": permissions.can_manage_data(request.user),
    })


@login_required
def message_detail(request, pk):
    message = get_message_for(request.user, pk)
    attachments = list(message.attachments.select_related("blob"))
    inline = {a.content_id: a for a in attachments if a.content_id and a.blob_id}

    def inline_src(match):
        attachment = inline.get(match.group(1))
        return f'src="{id_url("inbox:attachment", attachment.pk)}"' if attachment else ""

    html = mark_safe(_CID.sub(inline_src, clean_html(message.html))) if message.html else ""  # noqa: S308 - nh3-cleaned
    context = {"message": message, "html": html, "attachments": attachments,
               "problems": [p for p in message.problems.splitlines() if p]}
    if message.customer_id is None:
        query = request.GET.get("q", "").strip()
        if query:
            from draht.customers.search import search

            context["results"] = search(query, request.user, limit=10)
        context["query"] = query
        context["suggestions"] = suggested_customers(message)
    else:
        context["can_reply"] = (message.channel == "email" and message.direction == "in"
                                and permissions.can_log_contact(request.user, message.customer))
        from draht.service.services import can_handle_tickets, open_tickets_of, ticket_of_thread

        context["can_open_ticket"] = can_handle_tickets(request.user) and message.direction == "in"
        context["ticket"] = ticket_of_thread(message.thread_id)
        if context["can_open_ticket"] and context["ticket"] is None:  # or it joins one of the customer's
            context["open_tickets"] = open_tickets_of([message.customer_id]).get(message.customer_id, [])[:5]
    return render(request, "inbox/message.html", context)


@login_required
def for_entry(request, pk):
    message = Message.objects.filter(interaction_id=pk).only("pk").first()
    if message is None:
        raise Http404
    get_message_for(request.user, message.pk)
    return redirect("inbox:message", message.pk)


@login_required
@require_POST
def assign_message(request, pk):
    message = get_message_for(request.user, pk)
    customer = get_customer_for(request.user, request.POST.get("customer"), log=True)
    if request.POST.get("create"):
        create_contact_and_assign(message, customer, user=request.user)
        messages.success(request, _("%(sender)s was added as a contact person of %(customer)s.")
                         % {"sender": message.sender_address, "customer": customer.name})
    else:
        person = None
        if request.POST.get("contact"):
            person = get_object_or_404(ContactPerson, pk=object_id(request.POST["contact"]), customer=customer)
        assign(message, customer, person, user=request.user)
        messages.success(request, _("The message is on the timeline of %(customer)s.") % {"customer": customer.name})
    return redirect("inbox:list")


@login_required
@require_POST
def ignore_message(request, pk):
    """Spam, newsletters and the like: out of the unassigned inbox, kept (and found again by its Message-ID)."""
    message = get_message_for(request.user, pk)
    if message.customer_id is None:
        Message.objects.filter(pk=message.pk, status=MessageStatus.UNASSIGNED).update(status=MessageStatus.IGNORED)
        messages.success(request, _("The message was put aside."))
    return redirect("inbox:list")


@login_required
@require_POST
def ignore_automated(request):
    """Out of the unassigned inbox in one go: every automated message (newsletters, auto-replies, reports)."""
    permissions.require(permissions.can_handle_inbox(request.user))
    count = unassigned_messages().filter(is_automated=True).update(status=MessageStatus.IGNORED)
    messages.success(request, ngettext("%(count)s automated message was put aside.",
                                       "%(count)s automated messages were put aside.", count) % {"count": count})
    return redirect("inbox:list")


@login_required
def attachment(request, pk):
    item = get_object_or_404(Attachment.objects.select_related("blob"), pk=pk)
    get_message_for(request.user, item.message_id)
    if item.blob is None:
        raise Http404(_("This attachment was not stored: %(reason)s") % {"reason": item.refused})
    if not item.blob.path.exists():  # e.g. a restore without the uploaded files
        return _attachment_missing(request, item)
    show_inline = item.is_inline and item.content_type in ("image/png", "image/jpeg", "image/gif", "image/webp")
    response = FileResponse(open(item.blob.path, "rb"), as_attachment=not show_inline,  # noqa: SIM115
                            filename=item.filename or f"attachment-{item.pk}",
                            content_type=item.content_type if show_inline else "application/octet-stream")
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _attachment_missing(request, item):
    log.warning("attachment %s: file %s is missing", item.pk, item.blob.relative_path)
    return render(request, "inbox/attachment_missing.html", {"item": item, "message": item.message}, status=404)


@login_required
def attached_message(request, pk):
    """A message inside a message (a forward, a digest's entry), opened as a message of its own."""
    from .parsing import parse_email

    item = get_object_or_404(Attachment.objects.select_related("blob", "message"), pk=pk,
                             content_type="message/rfc822")
    get_message_for(request.user, item.message_id)
    if item.blob is None:
        raise Http404
    if not item.blob.path.exists():
        return _attachment_missing(request, item)
    parsed = parse_email(item.blob.path.read_bytes(), max_attachment_bytes=settings.DRAHT_MAIL_MAX_ATTACHMENT_BYTES)
    return render(request, "inbox/attached_message.html", {
        "item": item, "outer": item.message, "parsed": parsed, "html": mark_safe(parsed.html)})  # noqa: S308


@login_required
@require_POST
def upload(request):
    permissions.require(permissions.can_handle_inbox(request.user))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an .eml or .mbox file."))
        return redirect("inbox:list")
    uploaded = form.cleaned_data["file"]
    if uploaded.size > settings.DRAHT_IMPORT_MAX_BYTES:
        messages.error(request, _("The file is larger than %(limit)s MB.")
                       % {"limit": settings.DRAHT_IMPORT_MAX_BYTES // (1024 * 1024)})
        return redirect("inbox:list")
    job = create_upload(uploaded, user=request.user)
    log.info("user %s uploaded %s (%s bytes) as mail upload %s", request.user.pk, uploaded.name, uploaded.size,
             job.pk)
    return redirect("inbox:upload_detail", job.pk)


@login_required
def upload_detail(request, pk):
    permissions.require(permissions.can_handle_inbox(request.user))
    job = get_object_or_404(MailUpload, pk=pk)
    if job.created_by_id != request.user.pk and not permissions.can_manage_data(request.user):
        raise Http404
    template = "inbox/_upload_progress.html" if request.htmx else "inbox/upload.html"
    return render(request, template, {"job": job})


@login_required
def mailboxes(request, pk=None):
    permissions.require(permissions.can_manage_data(request.user))
    instance = get_object_or_404(Mailbox, pk=pk) if pk else None
    form = MailboxForm(request.POST or None, instance=instance,
                       may_allow_private=permissions.can_manage_security(request.user))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            mailbox = form.save()
            log_action("draht.mailbox.saved", obj=mailbox, user=request.user,
                       data={"host": mailbox.host, "username": mailbox.username, "folder": mailbox.folder,
                             "allow_private": mailbox.allow_private,
                             "password_changed": bool(form.cleaned_data.get("password"))})
        messages.success(request, _("The mailbox was saved. The worker fetches new mail every %(minutes)s minutes.")
                         % {"minutes": settings.DRAHT_MAIL_POLL_MINUTES})
        return redirect("inbox:mailboxes")
    return render(request, "inbox/mailboxes.html", {
        "form": form, "editing": instance, "mailboxes": Mailbox.objects.all(),
        "problems": MailboxProblem.objects.select_related("mailbox")[:30],
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def fetch_now(request, pk):
    permissions.require(permissions.can_manage_data(request.user))
    mailbox = get_object_or_404(Mailbox, pk=pk)
    if request.POST.get("from_start"):
        Mailbox.objects.filter(pk=pk).update(last_uid=0)  # stored messages are recognised and skipped
    from .tasks import poll_one_mailbox

    poll_one_mailbox.enqueue(mailbox.pk)
    messages.success(request, _("The worker fetches %(name)s now.") % {"name": mailbox.name})
    return redirect("inbox:mailboxes")
