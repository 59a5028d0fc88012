from django.urls import path

from . import views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list, name="list"),
    path("new/", views.customer_create, name="create"),
    path("search/", views.search, name="search"),
    path("stale/", views.stale_list, name="stale"),
    path("<id:pk>/", views.customer_detail, name="detail"),
    path("<id:pk>/edit/", views.customer_edit, name="edit"),
    path("<id:pk>/archive/", views.archive, name="archive"),
    path("<id:pk>/check-in/", views.check_in, name="check_in"),
    path("<id:pk>/contacts/new/", views.contact_form, name="contact_create"),
    path("<id:pk>/contacts/<id:contact_pk>/", views.contact_form, name="contact_edit"),
]
