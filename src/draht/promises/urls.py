from django.urls import path

from . import views

app_name = "promises"
urlpatterns = [
    path("", views.promise_list, name="list"),
    path("customer/<int:pk>/new/", views.create, name="create"),
    path("<int:pk>/resolve/", views.resolve, name="resolve"),
]
