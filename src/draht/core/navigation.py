"""The main menu: what each role can reach, and which entry the current page belongs to."""

from django.utils.translation import gettext_lazy as _

from draht.accounts import permissions

# (url name, label, who sees it); the entry whose URL is the longest prefix of the page's path is marked current.
ENTRIES = [
    ("cadence:due_list", _("Call today"), None),
    ("customers:list", _("Customers"), None),
    ("promises:list", _("Promises"), None),
    ("meetings:mine", _("Meetings"), None),
    ("service:list", _("Tickets"), lambda user: user.role in ("owner", "manager", "account_manager", "agent")),
    ("customers:stale", _("Stale facts"), None),
    ("cadence:coverage", _("Coverage"), permissions.can_see_coverage),
    ("inbox:list", _("Inbox"), permissions.can_handle_inbox),
    ("outbox:list", _("Outbox"), permissions.can_handle_inbox),
    ("transfer:imports", _("Import"), permissions.can_manage_data),
    ("privacy:duplicates", _("Duplicates"), permissions.can_manage_data),
    ("inbox:mailboxes", _("Mailboxes"), permissions.can_manage_data),
    ("webhooks:list", _("Webhooks"), permissions.can_manage_data),
    ("accounts:users", _("Users"), permissions.can_manage_users),
]


def menu(user, path: str) -> list[dict]:
    from draht.core.templatetags.draht import fixed_url

    entries = [{"url": fixed_url(name), "label": label} for name, label, allowed in ENTRIES
               if allowed is None or allowed(user)]
    current = max((e for e in entries if path == e["url"] or (e["url"] != "/" and path.startswith(e["url"]))),
                  key=lambda e: len(e["url"]), default=None)
    for entry in entries:
        entry["current"] = entry is current
    return entries
