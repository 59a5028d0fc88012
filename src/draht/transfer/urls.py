from django.urls import path

from . import views

app_name = "transfer"
urlpatterns = [
    path("imports/", views.import_list, name="imports"),
    path("imports/<id:pk>/", views.import_job, name="import_job"),
    path("imports/<id:pk>/mapping/", views.import_mapping, name="import_mapping"),
    path("imports/<id:pk>/resume/", views.import_resume, name="import_resume"),
    path("imports/<id:pk>/sheet/", views.import_sheet, name="import_sheet"),
    path("imports/<id:pk>/rejected.csv", views.import_rejected, name="import_rejected"),
    path("export/<slug:what>.csv", views.export_csv, name="export"),
    path("vcards/all.vcf", views.vcard_all, name="vcard_all"),
    path("vcards/customer/<id:pk>.vcf", views.vcard_customer, name="vcard_customer"),
    path("vcards/customer/<id:pk>/contact/<id:contact_pk>.vcf", views.vcard_contact, name="vcard_contact"),
]
