from django.urls import path

from . import views

app_name = "outbox"
urlpatterns = [
    path("", views.outbox, name="list"),
    path("customer/<id:pk>/compose/", views.compose, name="compose"),
    path("<id:pk>/decide/", views.decide, name="decide"),
]
