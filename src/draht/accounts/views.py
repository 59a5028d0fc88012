from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import ProfileForm, TokenForm
from .models import ApiToken


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
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
    token, raw = ApiToken.issue(request.user, form.cleaned_data["name"])
    tokens = request.user.api_tokens.all()
    return render(request, "accounts/profile.html", {
        "form": ProfileForm(instance=request.user), "tokens": tokens, "token_form": TokenForm(), "new_token": raw,
    })


@login_required
@require_POST
def token_delete(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.delete()
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")
