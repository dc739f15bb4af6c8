from django.urls import path

from polku.aftercare import views

urlpatterns = [
    path("cases/<int:relationship_id>/aftercare/<slug:stage>/", views.stage_page, name="aftercare_stage"),
    path(
        "cases/<int:relationship_id>/aftercare/<slug:stage>/3x10d/",
        views.stage_measure,
        name="aftercare_measure",
    ),
]
