from django.urls import path

from polku.participation import views

urlpatterns = [
    path("my/sign-in/", views.own_sign_in, name="own_sign_in"),
    path("my/sign-out/", views.own_sign_out, name="own_sign_out"),
    path("my/", views.own_home, name="own_home"),
    path("my/plans/<int:plan_id>/", views.own_plan, name="own_plan"),
    path("my/plans/<int:plan_id>/before-meeting/", views.own_words, name="own_words"),
    path("my/steps/<int:step_id>/tick/", views.own_step_tick, name="own_step_tick"),
    path("my/measures/<slug:key>/", views.own_measure, name="own_measure"),
    path("my/feedback/", views.own_feedback, name="own_feedback"),
    path("my/who-has-viewed/", views.own_access_report, name="own_access_report"),
    path("cases/<int:relationship_id>/own-pages/code/", views.own_code_issue, name="own_code_issue"),
    path("cases/<int:relationship_id>/own-pages/code/show/", views.own_code_show, name="own_code_show"),
    path("cases/<int:relationship_id>/own-pages/end/", views.own_access_end, name="own_access_end"),
]
