"""The DSGVO export (erasure.export_person) as a document a data subject can read: headings, field labels and
values in their language, dates in their format, no codes."""

from django.utils.translation import gettext as _

from draht.core.display import action_label, changes, field_label, value_text


def rows(record: dict, kind: str, skip=()) -> list[tuple[str, str]]:
    return [(field_label(kind, key), value_text(kind, key, value)) for key, value in record.items()
            if key not in skip]


class _Entry:
    def __init__(self, change: dict):
        self.data, self.object_type = change.get("data") or {}, change.get("object") or "customer"


def document(data: dict, kind: str) -> list[dict]:
    """Sections: {"title", "records": [[(label, value), …], …], "empty"}."""
    person_kind = "contactperson" if kind == "contact" else "customer"
    sections = [{"title": _("About you"), "records": [rows(data["person"], person_kind)]}]
    if data.get("contact_persons"):
        sections.append({"title": _("Contact persons"),
                         "records": [rows(p, "contactperson") for p in data["contact_persons"]]})
    sections += [
        {"title": _("Conversations and contacts"), "records": [rows(i, "interaction") for i in data["interactions"]]},
        {"title": _("Messages received"), "records": [rows(m, "message") for m in data.get("messages", [])]},
        {"title": _("E-mails we wrote"), "records": [rows(e, "outgoingemail") for e in data.get("emails_written",
                                                                                                 [])]},
        {"title": _("Consents"), "records": [rows(c, "consent") for c in data["consents"]]},
    ]
    if "promises" in data:
        sections.append({"title": _("Promises made to you"), "records": [rows(p, "promise")
                                                                           for p in data["promises"]]})
    history = []
    for change in data.get("changes", []):
        entry = _Entry(change)
        record = [(_("When"), value_text("customer", "created_at", change["when"])),
                  (_("What"), action_label(change["action"]))]
        record += [(label, f"{before} → {after}") for label, before, after in changes(entry)]
        history.append(record)
    sections.append({"title": _("History of changes"), "records": history})
    return sections
