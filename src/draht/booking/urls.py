from django.urls import path

from . import views

app_name = "booking"
urlpatterns = [
    path("<slug:slug>/", views.public_page, name="page"),
    path("<slug:slug>/cancel/<str:token>/", views.cancel, name="cancel"),
]
