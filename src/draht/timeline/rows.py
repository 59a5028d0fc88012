"""Timeline entries built in Python (the customer page's hot list; see cadence/rows.py for why)."""

from django.template.defaultfilters import linebreaksbr
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from draht.core.templatetags.draht import duration, id_url

from .choices import Channel, Direction, Outcome, Source

INBOUND_API_CHANNELS = {Channel.CHAT, Channel.SOCIAL, Channel.REVIEW, Channel.WEBFORM}

PREVIEW_CHARS = 400


def timeline_items_html(items, can_log: bool, in_thread: bool = False) -> SafeString:
    labels = {"personal": gettext("personal"), "edit": gettext("Edit"), "channel": _plain(Channel.choices),
              "direction": _plain(Direction.choices), "outcome": _plain(Outcome.choices), "open": gettext("Open"),
              "thread": gettext("%(count)s messages in this conversation"), "in_thread": in_thread}
    return format_html_join("\n", "{}", ((_item(i, can_log, labels),) for i in items))


def _plain(choices) -> dict[str, str]:
    """Choice labels translated once per list, not once per row (they are lazy)."""
    return {value: str(label) for value, label in choices}


def _thread(i, labels) -> SafeString:
    if labels["in_thread"] or not i.thread_id or i.thread_size < 2:
        return SafeString("")
    url = f'{id_url("timeline:thread", i.thread_id)}?customer={i.customer_id}'
    return format_html(
        '<div><button class="link" hx-get="{}" hx-target="#thread-{}" hx-swap="innerHTML">▸ {}</button></div>'
        '<ul class="timeline thread" id="thread-{}"></ul>',
        url, i.pk, labels["thread"] % {"count": i.thread_size}, i.pk)


def _item(i, can_log, labels) -> SafeString:
    when = formats.date_format(timezone.localtime(i.occurred_at), "SHORT_DATETIME_FORMAT")
    if i.duration_seconds:
        when = f"{when} · {duration(i.duration_seconds)}"
    badges = []
    if i.is_personal:
        badges.append(format_html('<span class="badge personal">{}</span>', labels["personal"]))
    if i.outcome:
        badges.append(format_html('<span class="badge">{}</span>', labels["outcome"].get(i.outcome, i.outcome)))
    if i.source == Source.EMAIL_MESSAGE or (i.source == Source.API and i.channel in INBOUND_API_CHANNELS):
        badges.append(format_html('<a href="{}" class="muted">{}</a>', id_url("inbox:for_entry", i.pk),
                                  labels["open"]))
    if can_log:
        badges.append(format_html('<a href="{}" class="muted">{}</a>', id_url("timeline:edit", i.pk), labels["edit"]))
    who = " ↔ ".join(filter(None, [str(i.created_by) if i.created_by_id else "", ", ".join(i.participant_names)]))
    preview = i.body_preview
    if len(preview) > PREVIEW_CHARS:
        preview = preview[: PREVIEW_CHARS - 1] + "…"
    return format_html(
        '<li data-channel="{channel}"><div class="actions"><span class="icon" aria-hidden="true">{icon}</span>'
        '<strong>{channel_label}</strong><span class="muted">{direction} · {when}</span>{badges}</div>'
        '{subject}{body}<small>{who}</small>{thread}</li>',
        channel=i.channel, icon=i.icon, channel_label=labels["channel"].get(i.channel, i.channel),
        direction=labels["direction"].get(i.direction, i.direction),
        when=when, badges=format_html_join("", "{}", ((b,) for b in badges)),
        subject=format_html("<div>{}</div>", i.subject) if i.subject else "",
        body=format_html('<div class="muted">{}</div>', linebreaksbr(preview, autoescape=True)) if preview else "",
        who=who, thread=_thread(i, labels),
    )
