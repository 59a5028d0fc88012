from django.urls import path

from . import views

app_name = "outbox"
urlpatterns = [
    path("", views.outbox, name="list"),
    path("customer/<int:pk>/compose/", views.compose, name="compose"),
    path("<int:pk>/decide/", views.decide, name="decide"),
]
