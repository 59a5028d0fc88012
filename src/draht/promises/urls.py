from django.urls import path

from . import views

app_name = "promises"
urlpatterns = [
    path("", views.promise_list, name="list"),
    path("customer/<id:pk>/new/", views.create, name="create"),
    path("<id:pk>/resolve/", views.resolve, name="resolve"),
]
