from django.urls import path

from polku.clients import views

urlpatterns = [
    path("", views.client_search, name="client_search"),
    path("new/", views.client_create, name="client_create"),
    path("<int:client_id>/", views.client_detail, name="client_detail"),
    path("<int:client_id>/edit/", views.client_edit, name="client_edit"),
    path("<int:client_id>/transfer/", views.client_transfer, name="client_transfer"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/<int:transfer_id>/", views.transfer_answer, name="transfer_answer"),
]
