from django.urls import path

from . import views

app_name = "timeline"
urlpatterns = [
    path("customer/<id:pk>/log/", views.log, name="log"),
    path("<id:pk>/edit/", views.edit, name="edit"),
    path("<id:pk>/delete/", views.delete, name="delete"),
    path("thread/<id:pk>/", views.thread, name="thread"),
]
