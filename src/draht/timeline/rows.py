"""Timeline entries built in Python (the customer page's hot list; see cadence/rows.py for why)."""

from django.template.defaultfilters import linebreaksbr
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from draht.core.templatetags.draht import duration, id_url

from .choices import Channel, Direction, Outcome

PREVIEW_CHARS = 400


def timeline_items_html(items, can_log: bool) -> SafeString:
    labels = {"personal": gettext("personal"), "edit": gettext("Edit"), "channel": dict(Channel.choices),
              "direction": dict(Direction.choices), "outcome": dict(Outcome.choices)}
    return format_html_join("\n", "{}", ((_item(i, can_log, labels),) for i in items))


def _item(i, can_log, labels) -> SafeString:
    when = formats.date_format(timezone.localtime(i.occurred_at), "SHORT_DATETIME_FORMAT")
    if i.duration_seconds:
        when = f"{when} · {duration(i.duration_seconds)}"
    badges = []
    if i.is_personal:
        badges.append(format_html('<span class="badge personal">{}</span>', labels["personal"]))
    if i.outcome:
        badges.append(format_html('<span class="badge">{}</span>', labels["outcome"].get(i.outcome, i.outcome)))
    if can_log:
        badges.append(format_html('<a href="{}" class="muted">{}</a>', id_url("timeline:edit", i.pk), labels["edit"]))
    who = " ↔ ".join(filter(None, [str(i.created_by) if i.created_by_id else "", ", ".join(i.participant_names)]))
    preview = i.body_preview
    if len(preview) > PREVIEW_CHARS:
        preview = preview[: PREVIEW_CHARS - 1] + "…"
    return format_html(
        '<li data-channel="{channel}"><div class="actions"><span class="icon" aria-hidden="true">{icon}</span>'
        '<strong>{channel_label}</strong><span class="muted">{direction} · {when}</span>{badges}</div>'
        '{subject}{body}<small>{who}</small></li>',
        channel=i.channel, icon=i.icon, channel_label=labels["channel"].get(i.channel, i.channel),
        direction=labels["direction"].get(i.direction, i.direction),
        when=when, badges=format_html_join("", "{}", ((b,) for b in badges)),
        subject=format_html("<div>{}</div>", i.subject) if i.subject else "",
        body=format_html('<div class="muted">{}</div>', linebreaksbr(preview, autoescape=True)) if preview else "",
        who=who,
    )
