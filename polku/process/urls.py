from django.urls import path

from polku.process import views

urlpatterns = [
    path("team/process/", views.process_page, name="process"),
    path("team/process/<int:team_id>/<str:stage>/", views.instruction_edit, name="instruction_edit"),
]
