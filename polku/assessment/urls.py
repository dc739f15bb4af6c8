from django.urls import path

from polku.assessment import views

urlpatterns = [
    path("cases/<int:relationship_id>/assessment/", views.assessment_start, name="assessment_start"),
    path("assessments/<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:assessment_id>/addendum/", views.assessment_addendum, name="assessment_addendum"),
]
