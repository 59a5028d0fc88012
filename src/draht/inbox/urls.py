from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox, name="list"),
    path("<id:pk>/", views.message_detail, name="message"),
    path("<id:pk>/assign/", views.assign_message, name="assign"),
    path("<id:pk>/ignore/", views.ignore_message, name="ignore"),
    path("ignore-automated/", views.ignore_automated, name="ignore_automated"),
    path("entry/<id:pk>/", views.for_entry, name="for_entry"),
    path("attachment/<id:pk>/", views.attachment, name="attachment"),
    path("attachment/<id:pk>/message/", views.attached_message, name="attached_message"),
    path("upload/", views.upload, name="upload"),
    path("upload/<id:pk>/", views.upload_detail, name="upload_detail"),
    path("mailboxes/", views.mailboxes, name="mailboxes"),
    path("mailboxes/<id:pk>/", views.mailboxes, name="mailbox_edit"),
    path("mailboxes/<id:pk>/fetch/", views.fetch_now, name="fetch"),
]
