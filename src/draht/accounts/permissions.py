"""Who may do what. Plain functions; every view and API endpoint calls one of these."""

from django.conf import settings
from django.db.models import QuerySet

from .choices import Role

CHANGE_CUSTOMERS = {Role.OWNER, Role.MANAGER, Role.ACCOUNT_MANAGER, Role.AGENT}
LOG_CONTACT = {Role.OWNER, Role.MANAGER, Role.ACCOUNT_MANAGER, Role.AGENT, Role.TECHNICIAN}
REASSIGN_OWNER = {Role.OWNER, Role.MANAGER}
SEE_AUDIT = {Role.OWNER, Role.MANAGER}
SEE_COVERAGE = {Role.OWNER, Role.MANAGER, Role.ACCOUNT_MANAGER}
OWN_CUSTOMERS = {Role.OWNER, Role.MANAGER, Role.ACCOUNT_MANAGER}
# Bringing data in, merging, erasing and restoring touch many customers at once: owners and managers only.
MANAGE_DATA = {Role.OWNER, Role.MANAGER}
EXPORT_DATA = {Role.OWNER, Role.MANAGER, Role.ACCOUNT_MANAGER}
# Users: managers see them and set phone extensions; only owners unlock sign-ins, revoke others' tokens, reset
# second factors and set the security policy.
MANAGE_USERS = {Role.OWNER, Role.MANAGER}
SECURITY = {Role.OWNER}


def visible_customers(user, queryset: QuerySet) -> QuerySet:
    """Customers this user may see: all, or with team visibility on, the own team's only."""
    if user.role in (Role.OWNER, Role.MANAGER) or not settings.DRAHT_TEAM_VISIBILITY:
        return queryset
    if user.team_id is None:
        return queryset.filter(owner=user)
    return queryset.filter(team_id=user.team_id)


def can_view_customer(user, customer) -> bool:
    if user.role in (Role.OWNER, Role.MANAGER) or not settings.DRAHT_TEAM_VISIBILITY:
        return True
    if user.team_id is None:
        return customer.owner_id == user.pk
    return customer.team_id == user.team_id


def can_change_customer(user, customer) -> bool:
    return user.role in CHANGE_CUSTOMERS and can_view_customer(user, customer)


def can_log_contact(user, customer) -> bool:
    return user.role in LOG_CONTACT and can_view_customer(user, customer)


def can_reassign_owner(user) -> bool:
    return user.role in REASSIGN_OWNER


def can_see_audit(user) -> bool:
    return user.role in SEE_AUDIT


def can_see_coverage(user) -> bool:
    return user.role in SEE_COVERAGE


def can_be_owner(user) -> bool:
    return user.is_active and user.role in OWN_CUSTOMERS


def can_manage_data(user) -> bool:
    """Import, merge duplicates, DSGVO export and erasure."""
    return user.role in MANAGE_DATA


def can_handle_inbox(user) -> bool:
    """See and assign messages nobody could match yet (they may come from any customer)."""
    return user.role in LOG_CONTACT


def can_export(user) -> bool:
    return user.role in EXPORT_DATA


def can_manage_users(user) -> bool:
    return user.role in MANAGE_USERS


def can_manage_security(user) -> bool:
    return user.role in SECURITY


def require(allowed: bool) -> None:
    """Raise PermissionDenied (403 on pages and in the API) unless allowed."""
    if not allowed:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


def can_edit_entry(user, interaction, customer) -> bool:
    """Change or delete a timeline entry (timeline/rules.py: author, customer's owner, managers; not recorded ones)."""
    from draht.timeline.rules import may_edit_entry

    return can_log_contact(user, customer) and may_edit_entry(
        user_id=user.pk, role=user.role, source=interaction.source, author_id=interaction.created_by_id,
        customer_owner_id=customer.owner_id)


def can_resolve_promise(user, promise, customer) -> bool:
    """Mark a promise kept or broken: who keeps it, who recorded it, the customer's owner, managers."""
    if not can_log_contact(user, customer):
        return False
    return (user.role in REASSIGN_OWNER or user.pk in (promise.owner_id, promise.created_by_id)
            or customer.owner_id == user.pk)
