"""Timeline entries built in Python (the customer page's hot list; see cadence/rows.py for why).

Strings are escaped with the standard library's `html.escape` (what Django's `escape` calls) and joined
directly: `format_html` per fragment cost about a third of the page's time.
"""

from html import escape

from django.template.defaultfilters import linebreaksbr
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from draht.core.dates import date_formatter
from draht.core.db import json_list
from draht.core.templatetags.draht import duration, id_url

from .choices import Channel, Direction, Outcome, Source
from .rules import may_edit_entry

PREVIEW_CHARS = 400


def timeline_items_html(items, can_log: bool, in_thread: bool = False, editor=None) -> SafeString:
    """`editor` is (user id, role, the customer's owner id): each entry then offers "Edit" only where
    may_edit_entry allows it."""
    labels = {"editor": editor if can_log else None,
              "personal": escape(gettext("personal")), "edit": escape(gettext("Edit")),
              "promise": escape(gettext("Promise")),
              "channel": _escaped(Channel.choices), "direction": _escaped(Direction.choices),
              "outcome": _escaped(Outcome.choices), "open": escape(gettext("Open")),
              "thread": tuple(ngettext("%(count)s message in this conversation",
                                       "%(count)s messages in this conversation", n) for n in (1, 2)),
              "in_thread": in_thread,
              "when": date_formatter(formats.get_format("SHORT_DATETIME_FORMAT")),
              "tz": timezone.get_current_timezone()}
    return mark_safe("\n".join(_item(i, can_log, labels) for i in items))


def _escaped(choices) -> dict[str, str]:
    """Choice labels translated and escaped once per list, not once per row (they are lazy)."""
    return {value: escape(str(label)) for value, label in choices}


def _thread(i, labels) -> str:
    if labels["in_thread"] or not i.thread_id or i.thread_size < 2:
        return ""
    url = f'{id_url("timeline:thread", i.thread_id)}?customer={i.customer_id}'
    return (f'<div><button class="link" hx-get="{escape(url)}" hx-target="#thread-{i.pk}" hx-swap="innerHTML">'
            f'▸ {escape(labels["thread"][i.thread_size != 1] % {"count": i.thread_size})}</button></div>'
            f'<ul class="timeline thread" id="thread-{i.pk}"></ul>')


def _item(i, can_log, labels) -> str:
    when = labels["when"](i.occurred_at.astimezone(labels["tz"]))
    if i.duration_seconds:
        when = f"{when} · {duration(i.duration_seconds)}"
    badges = ""
    if i.is_personal:
        badges += f'<span class="badge personal">{labels["personal"]}</span>'
    if i.outcome:
        badges += f'<span class="badge">{labels["outcome"].get(i.outcome) or escape(i.outcome)}</span>'
    if i.source in (Source.EMAIL_MESSAGE, Source.INBOUND):
        badges += f'<a href="{id_url("inbox:for_entry", i.pk)}" class="muted">{labels["open"]}</a>'
    editor = labels["editor"]
    if editor and may_edit_entry(user_id=editor[0], role=editor[1], source=i.source, author_id=i.created_by_id,
                                 customer_owner_id=editor[2]):
        badges += f'<a href="{id_url("timeline:edit", i.pk)}" class="muted">{labels["edit"]}</a>'
    if can_log:
        badges += (f'<a href="{id_url("promises:create", i.customer_id)}?from={i.pk}" class="muted">'
                   f'{labels["promise"]}</a>')
    who = " ↔ ".join(filter(None, [str(i.created_by) if i.created_by_id else "", ", ".join(participant_names(i))]))
    preview = i.body_preview
    if len(preview) > PREVIEW_CHARS:
        preview = preview[: PREVIEW_CHARS - 1] + "…"
    channel = escape(i.channel)
    subject = f"<div>{escape(i.subject)}</div>" if i.subject else ""
    body = f'<div class="muted">{linebreaksbr(preview, autoescape=True)}</div>' if preview else ""
    return (f'<li data-channel="{channel}"><div class="actions"><span class="icon" aria-hidden="true">'
            f'{escape(i.icon)}</span><strong>{labels["channel"].get(i.channel) or channel}</strong>'
            f'<span class="muted">{labels["direction"].get(i.direction) or escape(i.direction)} · {escape(when)}'
            f'</span>{badges}</div>{subject}{body}<small>{escape(who)}</small>{_thread(i, labels)}</li>')


def participant_names(interaction) -> list[str]:
    """The names of the contact persons at an entry loaded by views.for_display()."""
    return [" ".join(part for part in parts[1:] if part) for parts in json_list(interaction.participants)]

