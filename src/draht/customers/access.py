from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from draht.accounts import permissions

from .models import Customer


def get_customer_for(user, pk, *, change: bool = False, log: bool = False, queryset=None) -> Customer:
    """The customer if the user may see it (else 404) and, when asked, change it or log contact (else 403).
    `queryset` may add annotations the page needs, so they come with the same query."""
    queryset = Customer.objects.all() if queryset is None else queryset
    customer = get_object_or_404(queryset.select_related("owner", "team", "main_contact"), pk=pk)
    if not permissions.can_view_customer(user, customer):
        raise Http404
    if change and not permissions.can_change_customer(user, customer):
        raise PermissionDenied
    if log and not permissions.can_log_contact(user, customer):
        raise PermissionDenied
    return customer
