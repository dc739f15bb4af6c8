from django.urls import path

from polku.measures import views

urlpatterns = [
    path("cases/<int:relationship_id>/measures/", views.measures_page, name="measures_page"),
    path("cases/<int:relationship_id>/measures/<slug:key>/new/", views.answer_new, name="measure_answer_new"),
]
