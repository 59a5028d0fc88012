from django.urls import path

from . import views

app_name = "timeline"
urlpatterns = [
    path("customer/<int:pk>/log/", views.log, name="log"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("thread/<int:pk>/", views.thread, name="thread"),
]
