"""The work list's rows built in Python, like the due list's (decision 0001): the desk's hottest page."""

from html import escape

from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from draht.core.dates import date_formatter
from draht.core.templatetags.draht import id_url

from .choices import Priority, TicketKind, TicketStatus


def ticket_rows_html(tickets, customer_names: dict, owner_names: dict) -> SafeString:
    labels = {"customer": escape(gettext("Customer")), "due": escape(gettext("Due")),
              "status": escape(gettext("Status")), "owner": escape(gettext("Owner")),
              "answer_by": escape(gettext("answer by")), "breached": escape(gettext("target missed")),
              "soon": escape(gettext("due soon"))}
    kinds = {k: escape(str(v)) for k, v in TicketKind.choices}
    priorities = {k: escape(str(v)) for k, v in Priority.choices}
    statuses = {k: escape(str(v)) for k, v in TicketStatus.choices}
    when = date_formatter(formats.get_format("SHORT_DATETIME_FORMAT"))
    zone = timezone.get_current_timezone()
    rows = []
    for t in tickets:
        if t.first_response_at:
            due = escape(when(t.resolution_due.astimezone(zone)))
        else:
            due = f'{labels["answer_by"]} {escape(when(t.first_response_due.astimezone(zone)))}'
        badge = {"breached": f' <span class="badge overdue">{labels["breached"]}</span>',
                 "soon": f' <span class="badge warn">{labels["soon"]}</span>'}.get(t.breach, "")
        rows.append(
            f'<tr data-breach="{t.breach}"><td><a href="/tickets/{t.pk}/">{escape(t.subject)}</a> <small '
            f'class="muted">{kinds.get(t.kind, "")} · {priorities.get(t.priority, "")}</small></td>'
            f'<td data-label="{labels["customer"]}"><a href="{id_url("customers:detail", t.customer_id)}">'
            f'{escape(customer_names.get(t.customer_id, ""))}</a></td>'
            f'<td data-label="{labels["due"]}">{due}{badge}</td>'
            f'<td data-label="{labels["status"]}">{statuses.get(t.status, "")}</td>'
            f'<td data-label="{labels["owner"]}">{escape(owner_names.get(t.owner_id, ""))}</td></tr>')
    return mark_safe("\n".join(rows))
