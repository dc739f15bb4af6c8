from django.urls import path

from polku.feedback import views

urlpatterns = [
    path("team/feedback/", views.team_feedback_page, name="team_feedback"),
]
