from django.urls import path

from polku.archive import views

urlpatterns = [
    path(
        "assessments/<int:assessment_id>/archive.json", views.assessment_json, name="archive_assessment_json"
    ),
    path("assessments/<int:assessment_id>/archive.pdf", views.assessment_pdf, name="archive_assessment_pdf"),
    path("plans/<int:plan_id>/versions/<int:number>/archive.json", views.plan_json, name="archive_plan_json"),
    path("plans/<int:plan_id>/versions/<int:number>/archive.pdf", views.plan_pdf, name="archive_plan_pdf"),
]
