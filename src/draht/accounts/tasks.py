from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_email_change_confirmation(user_id: int, new_address: str, token: str, language: str) -> None:
    """The link that confirms a new sending address, to that address (proving the user receives its mail)."""
    from .models import User

    user = User.objects.get(pk=user_id)
    with translation.override(language):
        link = settings.DRAHT_BASE_URL + reverse("accounts:email_confirm", args=[token])
        body = _("Hello %(name)s,\n\nto send e-mail from draht as %(address)s, open this link within 24 hours "
                 "while signed in:\n\n%(link)s\n\nIf you did not ask for this, ignore this e-mail; nothing "
                 "changes.") % {"name": user.get_full_name() or user.username, "address": new_address, "link": link}
        EmailMessage(subject=_("Confirm your sending address in draht"), body=body,
                     from_email=settings.DEFAULT_FROM_EMAIL, to=[new_address],
                     headers={"Auto-Submitted": "auto-generated"}).send()
