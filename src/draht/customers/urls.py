from django.urls import path

from . import views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list, name="list"),
    path("new/", views.customer_create, name="create"),
    path("search/", views.search, name="search"),
    path("stale/", views.stale_list, name="stale"),
    path("<int:pk>/", views.customer_detail, name="detail"),
    path("<int:pk>/edit/", views.customer_edit, name="edit"),
    path("<int:pk>/archive/", views.archive, name="archive"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/contacts/new/", views.contact_form, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_pk>/", views.contact_form, name="contact_edit"),
]
