from django.urls import path

from . import views

app_name = "telephony"
urlpatterns = [path("ringing/", views.ringing, name="ringing")]
