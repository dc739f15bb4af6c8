from django.urls import path

from polku.network import views

urlpatterns = [
    path("clients/<int:client_id>/consents/", views.consents, name="consents"),
    path("clients/<int:client_id>/consents/new/", views.consent_new, name="consent_new"),
    path("clients/<int:client_id>/consents/form.pdf", views.consent_form_blank, name="consent_form_blank"),
    path("consents/<int:consent_id>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("consents/<int:consent_id>/form/", views.consent_form, name="consent_form"),
    path("clients/<int:client_id>/services/", views.services_map, name="services_map"),
    path("clients/<int:client_id>/services/new/", views.service_add, name="service_add"),
    path("services/<int:service_id>/check/", views.service_check, name="service_check"),
    path("services/<int:service_id>/end/", views.service_end, name="service_end"),
    path("clients/<int:client_id>/meetings/", views.meetings, name="meetings"),
    path("clients/<int:client_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/record/", views.meeting_record, name="meeting_record"),
    path("meetings/<int:meeting_id>/part/", views.meeting_part, name="meeting_part"),
    path("meetings/<int:meeting_id>/steps/", views.meeting_steps, name="meeting_steps"),
    path("meetings/<int:meeting_id>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<int:meeting_id>/record.txt", views.meeting_text, name="meeting_text"),
    path("meetings/<int:meeting_id>/record.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("partner/services/<int:service_id>/check/", views.own_service_check, name="own_service_check"),
    path("partner/services/<int:service_id>/end/", views.own_service_end, name="own_service_end"),
    path("partner/", views.partner_clients, name="partner_clients"),
    path("partner/clients/<int:client_id>/", views.partner_client, name="partner_client"),
    path("partner/clients/<int:client_id>/assessment/", views.partner_assessment, name="partner_assessment"),
]
