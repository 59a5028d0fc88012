from django.urls import include, path, register_converter

from draht.booking.views import settings_page as booking_settings
from draht.booking.views import team_settings_page as booking_team_settings
from draht.core.params import IdConverter
from draht.core.views import components, healthz
from draht.meetings.views import calendar_feed
from draht.service.views import checklist as checklist_page
from draht.service.views import feedback_page

register_converter(IdConverter, "id")

urlpatterns = [
    path("", include("draht.cadence.urls")),
    path("accounts/", include("draht.accounts.urls")),
    path("accounts/webauthn/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("customers/", include("draht.customers.urls")),
    path("timeline/", include("draht.timeline.urls")),
    path("data/", include("draht.transfer.urls")),
    path("privacy/", include("draht.privacy.urls")),
    path("telephony/", include("draht.telephony.urls")),
    path("webhooks/", include("draht.webhooks.urls")),
    path("inbox/", include("draht.inbox.urls")),
    path("outbox/", include("draht.outbox.urls")),
    path("promises/", include("draht.promises.urls")),
    path("meetings/booking/", booking_settings, name="booking_settings"),
    path("meetings/booking/team/<id:team_id>/", booking_team_settings, name="booking_team_settings"),
    path("meetings/", include("draht.meetings.urls")),
    path("book/", include("draht.booking.urls")),
    path("tickets/", include("draht.service.urls")),
    path("feedback/<str:token>/", feedback_page, name="feedback"),
    path("checklist/<str:token>/", checklist_page, name="checklist"),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
    path("api/v1/", include("draht.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz),
    path("ui/", components, name="components"),
]

handler500 = "draht.core.errors.server_error"
