from django.urls import path

from . import views

app_name = "cadence"
urlpatterns = [
    path("", views.due_list, name="due_list"),
    path("due/<id:pk>/reached/", views.reached, name="reached"),
    path("due/<id:pk>/not-reached/", views.not_reached, name="not_reached"),
    path("due/<id:pk>/snooze/", views.snooze_view, name="snooze"),
    path("coverage/", views.coverage, name="coverage"),
]
