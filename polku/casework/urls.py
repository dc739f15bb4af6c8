from django.urls import path

from polku.casework import views

urlpatterns = [
    path("my-clients/", views.my_clients, name="my_clients"),
    path("cases/<int:relationship_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:relationship_id>/quadrant/", views.case_quadrant, name="case_quadrant"),
    path("cases/<int:relationship_id>/kind/", views.case_kind, name="case_kind"),
    path("cases/<int:relationship_id>/pair/", views.case_pair, name="case_pair"),
    path("cases/<int:relationship_id>/consultation/", views.case_consultation, name="case_consultation"),
    path("cases/<int:relationship_id>/handover/", views.case_handover, name="case_handover"),
    path("cases/<int:relationship_id>/journal/", views.case_journal, name="case_journal"),
    path("cases/<int:relationship_id>/close/", views.case_close, name="case_close"),
    path("cases/<int:relationship_id>/case-meeting/", views.case_meeting_bring, name="case_meeting_bring"),
    path("reminders/<int:reminder_id>/done/", views.reminder_done, name="reminder_done"),
    path("consultations/<int:consultation_id>/", views.consultation_answer, name="consultation_answer"),
    path("handovers/<int:handover_id>/", views.handover_answer, name="handover_answer"),
    path("team/case-meeting/", views.case_meeting, name="case_meeting"),
    path("team/case-meeting/<int:item_id>/advice/", views.case_meeting_advise, name="case_meeting_advise"),
]
