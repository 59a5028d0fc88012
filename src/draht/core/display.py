"""Values as a person reads them, in the active language: country and region names instead of ISO codes, field
labels instead of column names, choice labels instead of stored values, yes/no, dates in the user's format, and
what an audit entry's action code means. Used by the change log, the DSGVO page and the lists."""

import datetime
import functools
import gettext as gettext_module

import pycountry
from django.apps import apps
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACTIONS = {
    "draht.customer.created": gettext_lazy("Customer created"),
    "draht.customer.changed": gettext_lazy("Customer changed"),
    "draht.customer.imported": gettext_lazy("Customer imported"),
    "draht.customer.facts_verified": gettext_lazy("Facts confirmed in the check-in call"),
    "draht.customer.snoozed": gettext_lazy("Snoozed"),
    "draht.customer.merged": gettext_lazy("Duplicate merged in"),
    "draht.customer.merged_into": gettext_lazy("Merged into another customer"),
    "draht.customer.unmerged": gettext_lazy("Merge taken back"),
    "draht.contact.created": gettext_lazy("Contact person added"),
    "draht.contact.changed": gettext_lazy("Contact person changed"),
    "draht.contact.merged": gettext_lazy("Contact persons merged"),
    "draht.contact.unmerged": gettext_lazy("Contact persons separated again"),
    "draht.interaction.created": gettext_lazy("Entry on the timeline"),
    "draht.interaction.changed": gettext_lazy("Timeline entry changed"),
    "draht.interaction.deleted": gettext_lazy("Timeline entry deleted"),
    "draht.email.queued": gettext_lazy("E-mail written"),
    "draht.email.resent": gettext_lazy("E-mail sent again"),
    "draht.promise.made": gettext_lazy("Promise recorded"),
    "draht.promise.kept": gettext_lazy("Promise kept"),
    "draht.promise.broken": gettext_lazy("Promise broken"),
    "draht.privacy.consent_recorded": gettext_lazy("Consent recorded"),
    "draht.privacy.erased": gettext_lazy("Personal data erased"),
    "draht.export.dsgvo": gettext_lazy("Personal data exported (DSGVO)"),
    "draht.export.vcard": gettext_lazy("Exported as vCard"),
    "draht.export.customers": gettext_lazy("Customers exported"),
    "draht.export.contacts": gettext_lazy("Contact persons exported"),
    "draht.export.interactions": gettext_lazy("Interactions exported"),
    "draht.export.vcards": gettext_lazy("vCards exported"),
    "draht.export.rejected_rows": gettext_lazy("Rejected rows downloaded"),
}


@functools.cache
def _catalog(domain: str, language: str):
    return gettext_module.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def country_name(code: str) -> str:
    """"Deutschland" for DE when the page is German, "Germany" when English; unknown codes as they are."""
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return code or ""
    name = getattr(country, "common_name", None) or country.name
    return _catalog("iso3166-1", translation.get_language() or "de").gettext(name)


def subdivision_name(code: str) -> str:
    """"Bayern" for DE-BY, "Kärnten" for AT-2, "Bozen" (Südtirol) for IT-BZ; unknown codes as they are."""
    subdivision = pycountry.subdivisions.get(code=code) if code else None
    if subdivision is None:
        return code or ""
    return _catalog("iso3166-2", translation.get_language() or "de").gettext(subdivision.name)


def action_label(code: str) -> str:
    return str(ACTIONS.get(code) or _("Change"))


FIELD_MODELS = {"customer": ("customers", "Customer"), "contactperson": ("customers", "ContactPerson"),
                "interaction": ("timeline", "Interaction"), "promise": ("promises", "Promise"),
                "outgoingemail": ("outbox", "OutgoingEmail"), "message": ("inbox", "Message"),
                "consent": ("privacy", "Consent")}
# Names an export uses for a model field
ALIASES = {"when": "occurred_at", "personal": "is_personal", "text": "body"}


def _field(object_type: str, name: str):
    app_label, model_name = FIELD_MODELS.get(object_type, ("customers", "Customer"))
    model = apps.get_model(app_label, model_name)
    name = ALIASES.get(name, name) if object_type == "interaction" else name
    try:
        return model._meta.get_field(name.removesuffix("_id"))
    except Exception:  # noqa: BLE001 - a field that no longer exists
        return None


def field_label(object_type: str, name: str) -> str:
    field = _field(object_type, name)
    label = str(field.verbose_name) if field is not None else name.replace("_", " ")
    return label[:1].upper() + label[1:]


def value_text(object_type: str, name: str, value) -> str:
    """A stored value (as the audit log keeps it: text, numbers, booleans, lists) for reading."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "country":
        return country_name(str(value))
    if name == "subdivision":
        return subdivision_name(str(value))
    field = _field(object_type, name)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if len(value) == 10:
                return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
            return formats.date_format(datetime.datetime.fromisoformat(value), "SHORT_DATETIME_FORMAT")
        except ValueError:
            pass
    if isinstance(value, list):
        return ", ".join(v.get("value", "") if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def changes(entry) -> list[tuple[str, str, str]]:
    """(field label, before, after) of an audit entry's recorded changes, for reading."""
    data = entry.data or {}
    found = data.get("changes") or {}
    if not isinstance(found, dict):
        return []
    kind = entry.object_type
    return [(field_label(kind, name), value_text(kind, name, pair[0]), value_text(kind, name, pair[1]))
            for name, pair in found.items() if isinstance(pair, list | tuple) and len(pair) == 2]


MAIN_COUNTRIES = ["DE", "AT", "CH", "IT", "LI"]


def country_choices() -> list[tuple[str, str]]:
    """Every country by its name in the active language; the ones draht's customers are in first."""
    main = [(code, country_name(code)) for code in MAIN_COUNTRIES]
    rest = sorted(((c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries
                   if c.alpha_2 not in MAIN_COUNTRIES), key=lambda pair: _sort_key(pair[1]))
    return main + [("", "──────────")] + rest


def subdivision_choices(countries=None) -> list:
    """Regions grouped by country, by name: the states of Germany and Austria, the Swiss cantons, the Italian
    provinces (South Tyrol: Bozen)."""
    groups = []
    for code in countries or MAIN_COUNTRIES:
        regions = [(s.code, subdivision_name(s.code)) for s in pycountry.subdivisions.get(country_code=code) or []]
        if regions:
            groups.append((country_name(code), sorted(regions, key=lambda pair: _sort_key(pair[1]))))
    return groups


def _sort_key(text: str) -> str:
    from draht.customers.rules import fold

    return fold(text)
