from django.urls import path

from polku.access import views

urlpatterns = [
    path("clients/<int:client_id>/access-log/", views.access_report, name="access_report"),
    path("clients/<int:client_id>/access-log.pdf", views.access_report_pdf, name="access_report_pdf"),
    path("break-glass/", views.break_glass_open, name="break_glass_open"),
    path("team/break-glass/", views.break_glass_review, name="break_glass_review"),
    path(
        "team/break-glass/<int:break_glass_id>/reviewed/",
        views.break_glass_mark_reviewed,
        name="break_glass_mark_reviewed",
    ),
]
