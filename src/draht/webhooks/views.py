from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from draht.accounts import permissions
from draht.accounts.choices import Role
from draht.audit.models import log_action

from .forms import EndpointForm
from .models import Delivery, Endpoint


@login_required
def endpoint_list(request):
    permissions.require(permissions.can_manage_data(request.user))
    form = EndpointForm(request.POST or None, may_allow_private=request.user.role == Role.OWNER)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            endpoint = form.save(commit=False)
            endpoint.created_by = request.user
            endpoint.save()
            log_action("draht.webhook.created", obj=endpoint, user=request.user,
                       data={"url": endpoint.url, "events": endpoint.events, "allow_private": endpoint.allow_private})
        messages.success(request, _("The webhook was added. Verify its signatures with the secret shown below."))
        return redirect("webhooks:list")
    return render(request, "webhooks/list.html", {
        "form": form, "endpoints": Endpoint.objects.all(),
        "deliveries": Delivery.objects.select_related("endpoint")[:50],
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def toggle(request, pk):
    permissions.require(permissions.can_manage_data(request.user))
    endpoint = get_object_or_404(Endpoint, pk=pk)
    with transaction.atomic():
        endpoint.is_active = not endpoint.is_active
        endpoint.save(update_fields=["is_active"])
        log_action("draht.webhook.toggled", obj=endpoint, user=request.user, data={"active": endpoint.is_active})
    return redirect("webhooks:list")
