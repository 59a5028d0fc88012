from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("duplicates/", views.duplicate_list, name="duplicates"),
    path("duplicates/merge/<slug:kind>/", views.merge, name="merge"),
    path("merges/<id:pk>/undo/", views.undo_merge, name="undo_merge"),
    path("retention/", views.retention, name="retention"),
    path("person/<slug:kind>/<id:pk>/", views.person, name="person"),
    path("person/<slug:kind>/<id:pk>/export/", views.export, name="export"),
    path("person/<slug:kind>/<id:pk>/erase/", views.erase, name="erase"),
]
