from django.urls import path

from polku.plans import views

urlpatterns = [
    path("cases/<int:relationship_id>/plans/", views.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:plan_id>/versions/<int:number>/", views.plan_version_detail, name="plan_version_detail"),
    path("plans/<int:plan_id>/save/", views.plan_save, name="plan_save"),
    path("plans/<int:plan_id>/items/<str:kind>/", views.plan_item_add, name="plan_item_add"),
    path(
        "plans/<int:plan_id>/items/<str:kind>/<int:item_id>/delete/",
        views.plan_item_delete,
        name="plan_item_delete",
    ),
    path("plans/<int:plan_id>/items/<str:kind>/<int:item_id>/used/", views.item_used, name="item_used"),
    path("plans/<int:plan_id>/goals/<int:goal_id>/<str:part>/", views.goal_part_add, name="goal_part_add"),
    path("plans/<int:plan_id>/steps/<int:step_id>/", views.step_mark, name="step_mark"),
    path(
        "plans/<int:plan_id>/evaluations/<int:evaluation_id>/", views.evaluation_save, name="evaluation_save"
    ),
    path("plans/<int:plan_id>/agree/", views.plan_agree, name="plan_agree"),
    path("plans/<int:plan_id>/evaluate/", views.plan_evaluate, name="plan_evaluate"),
    path("plans/<int:plan_id>/compare/", views.plan_compare, name="plan_compare"),
    path("plans/<int:plan_id>/my-plan/", views.plan_worksheet, name="plan_worksheet"),
    path("plans/<int:plan_id>/my-plan.pdf", views.plan_worksheet_pdf, name="plan_worksheet_pdf"),
]
