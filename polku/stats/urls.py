from django.urls import path

from polku.stats import views

urlpatterns = [
    path("team/week/", views.team_week_page, name="team_week"),
    path("team/week/list/", views.team_week_list_page, name="team_week_list"),
]
