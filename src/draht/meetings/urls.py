from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.my_meetings, name="mine"),
    path("customer/<id:pk>/new/", views.plan, name="plan"),
    path("customer/<id:pk>/check/", views.check, name="check"),
    path("customer/<id:pk>/import/", views.import_ics, name="import"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/edit/", views.edit, name="edit"),
    path("<id:pk>/held/", views.hold, name="hold"),
    path("<id:pk>/cancel/", views.cancel, name="cancel"),
    path("<id:pk>/no-show/", views.no_show, name="no_show"),
    path("<id:pk>/next/", views.plan_next, name="plan_next"),
    path("<id:pk>/item-done/", views.item_done, name="item_done"),
    path("feed/new/", views.new_feed, name="new_feed"),
    path("own-calendar/", views.external_calendar, name="external_calendar"),
    path("feed/revoke/", views.revoke_feed, name="revoke_feed"),
]
