from django.urls import path

from polku.intake import views

urlpatterns = [
    path("intake/new/", views.intake_register, name="intake_register"),
    path("intake/<int:intake_id>/", views.intake_detail, name="intake_detail"),
    path("intake/<int:intake_id>/notifier/", views.intake_notifier, name="intake_notifier"),
    path("intake/<int:intake_id>/contact/", views.intake_contact, name="intake_contact"),
    path("intake/<int:intake_id>/urgency/", views.intake_urgency, name="intake_urgency"),
    path("intake/<int:intake_id>/guidance/", views.intake_guidance, name="intake_guidance"),
    path("intake/<int:intake_id>/outcome/", views.intake_outcome, name="intake_outcome"),
    path(
        "intake/<int:intake_id>/urgent-handling/", views.intake_urgent_handling, name="intake_urgent_handling"
    ),
    path("intake/<int:intake_id>/distribute/", views.intake_distribute, name="intake_distribute"),
    path("guidance/", views.guidance_queue, name="guidance_queue"),
    path("distribution/", views.distribution_queue, name="distribution_queue"),
    path("duty-rota/", views.duty_rota, name="duty_rota"),
    path("duty-rota/<int:team_id>/week/<str:week>/", views.duty_week_edit, name="duty_week_edit"),
    path("duty-rota/<int:team_id>/generate/", views.duty_rota_generate, name="duty_rota_generate"),
]
