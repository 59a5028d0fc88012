from django.urls import path

from . import views

app_name = "cadence"
urlpatterns = [
    path("", views.due_list, name="due_list"),
    path("due/<int:pk>/reached/", views.reached, name="reached"),
    path("due/<int:pk>/not-reached/", views.not_reached, name="not_reached"),
    path("due/<int:pk>/snooze/", views.snooze_view, name="snooze"),
    path("coverage/", views.coverage, name="coverage"),
]
