from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoint_list, name="list"),
    path("<id:pk>/toggle/", views.toggle, name="toggle"),
]
