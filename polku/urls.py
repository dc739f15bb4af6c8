from django.contrib import admin
from django.urls import include, path

from polku.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("sign-in/", core_views.sign_in, name="login"),
    path("sign-out/", core_views.sign_out, name="logout"),
    path("sign-in/second-factor/", core_views.two_factor, name="two_factor"),
    path("language/", core_views.choose_language, name="set_language"),
    path("team/absences/", core_views.absences, name="absences"),
    path("team/absences/<int:absence_id>/remove/", core_views.absence_remove, name="absence_remove"),
    path("team/workers/", core_views.team_workers, name="team_workers"),
    path("team/workers/changes/<int:change_id>/", core_views.worker_change, name="worker_change"),
    path("team/workers/<int:worker_id>/enrolment-code/", core_views.enrolment_code, name="enrolment_code"),
    path("password/set/<uidb64>/<token>/", core_views.password_set, name="password_set"),
    path("password/set/done/", core_views.password_set_done, name="password_set_done"),
    path("clients/", include("polku.clients.urls")),
    path("", include("polku.access.urls")),
    path("", include("polku.intake.urls")),
    path("", include("polku.casework.urls")),
    path("", include("polku.assessment.urls")),
    path("", include("polku.plans.urls")),
    path("", include("polku.process.urls")),
    path("", include("polku.stats.urls")),
    path("network/", include("polku.network.urls")),
    path("", include("polku.measures.urls")),
    path("", include("polku.participation.urls")),
    path("", include("polku.aftercare.urls")),
    path("", include("polku.feedback.urls")),
    path("", include("polku.api.urls")),
    path("", include("polku.archive.urls")),
    path("admin/", admin.site.urls),
]

# Polku's own error pages (polku/core/error_pages.py); with DEBUG on, see PolkuErrorPagesMiddleware.
handler403 = "polku.core.error_pages.permission_denied"
handler404 = "polku.core.error_pages.page_not_found"
handler500 = "polku.core.error_pages.server_error"
