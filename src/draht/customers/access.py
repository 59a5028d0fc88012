from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from draht.accounts import permissions
from draht.core.params import object_id

from .models import Customer

# What the permission checks read: enough for a view that needs the customer only to check access.
PERMISSION_COLUMNS = ("id", "owner_id", "team_id")


def get_customer_for(user, pk, *, change: bool = False, log: bool = False, queryset=None) -> Customer:
    """The customer if the user may see it (else 404) and, when asked, change it or log contact (else 403).

    `queryset` replaces the default (the customer with owner, team and main contact): to add what a page needs
    to the same query, or to load only the columns the permission check reads (owner_id, team_id)."""
    if queryset is None:
        queryset = Customer.objects.select_related("owner", "team", "main_contact")
    pk = object_id(pk)
    if pk is None:
        raise Http404
    customer = get_object_or_404(queryset, pk=pk)
    if not permissions.can_view_customer(user, customer):
        raise Http404
    if change and not permissions.can_change_customer(user, customer):
        raise PermissionDenied
    if log and not permissions.can_log_contact(user, customer):
        raise PermissionDenied
    return customer
