from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox, name="list"),
    path("<int:pk>/", views.message_detail, name="message"),
    path("<int:pk>/assign/", views.assign_message, name="assign"),
    path("<int:pk>/ignore/", views.ignore_message, name="ignore"),
    path("ignore-automated/", views.ignore_automated, name="ignore_automated"),
    path("entry/<int:pk>/", views.for_entry, name="for_entry"),
    path("attachment/<int:pk>/", views.attachment, name="attachment"),
    path("upload/", views.upload, name="upload"),
    path("upload/<int:pk>/", views.upload_detail, name="upload_detail"),
    path("mailboxes/", views.mailboxes, name="mailboxes"),
    path("mailboxes/<int:pk>/", views.mailboxes, name="mailbox_edit"),
    path("mailboxes/<int:pk>/fetch/", views.fetch_now, name="fetch"),
]
