from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from draht.audit.models import log_action

from .forms import ProfileForm, TokenForm
from .models import ApiToken


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            log_action("draht.user.settings_changed", obj=request.user, user=request.user,
                       data={"changed": sorted(form.changed_data)})
        messages.success(request, _("Your settings were saved."))
        response = redirect("accounts:profile")
        response.set_cookie("django_language", form.cleaned_data["language"])
        return response
    tokens = request.user.api_tokens.all()
    return render(request, "accounts/profile.html", {"form": form, "tokens": tokens, "token_form": TokenForm()})


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name."))
        return redirect("accounts:profile")
    with transaction.atomic():
        token, raw = ApiToken.issue(request.user, form.cleaned_data["name"])
        log_action("draht.token.created", obj=token, user=request.user, data={"name": token.name})
    tokens = request.user.api_tokens.all()
    return render(request, "accounts/profile.html", {
        "form": ProfileForm(instance=request.user), "tokens": tokens, "token_form": TokenForm(), "new_token": raw,
    })


@login_required
@require_POST
def token_delete(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    with transaction.atomic():
        log_action("draht.token.revoked", obj=token, user=request.user, data={"name": token.name})
        token.delete()
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")
