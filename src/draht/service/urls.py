from django.urls import path

from . import views

app_name = "service"
urlpatterns = [
    path("", views.work_list, name="list"),
    path("availability/", views.set_availability, name="availability"),
    path("feedback/", views.feedback_results, name="feedback_results"),
    path("customer/<id:pk>/new/", views.create, name="create"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/status/", views.status, name="status"),
    path("<id:pk>/hand-over/", views.handover, name="handover"),
    path("<id:pk>/goodwill/", views.goodwill, name="goodwill"),
    path("<id:pk>/goodwill/decide/", views.goodwill_decide, name="goodwill_decide"),
    path("goodwill-rules/", views.goodwill_rules, name="goodwill_rules"),
    path("assignment-rules/", views.assignment_rules, name="assignment_rules"),
    path("<id:pk>/remote/", views.remote, name="remote"),
    path("<id:pk>/dispatch/", views.plan_dispatch, name="dispatch"),
    path("visits/", views.visits, name="visits"),
    path("checklist/", views.checklist_points, name="checklist_points"),
    path("technicians/<id:pk>/qualifications/", views.qualifications, name="qualifications"),
    path("from-message/<id:pk>/", views.from_message, name="from_message"),
    path("from-call/<id:pk>/", views.from_call, name="from_call"),
    path("<id:pk>/calls/", views.join_a_call, name="join_call"),
    path("<id:pk>/reply/", views.reply, name="reply"),
    path("visits/<id:pk>/complete/", views.complete_visit, name="complete"),
]
