from django.urls import path

from . import views
from .views.exports import transactions

app_name = "finance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("projections/", views.projections, name="projections"),
    path("segments/<int:pk>/settings/", views.segment_settings, name="segment_settings"),
    path("groups/<int:pk>/settings/", views.group_settings, name="group_settings"),
    path("delivery/", views.delivery, name="delivery"),
    path("allotments/", views.allotments, name="allotments"),
    path("donors/", views.donor_list, name="donor_list"),
    path("donors/new/", views.donor_edit, name="donor_create"),
    path("donors/<int:pk>/", views.donor_detail, name="donor_detail"),
    path("donors/<int:pk>/edit/", views.donor_edit, name="donor_edit"),
    path("contributions/", views.contribution_list, name="contribution_list"),
    path("contributions/new/", views.contribution_edit, name="contribution_create"),
    path("contributions/<int:pk>/", views.contribution_detail, name="contribution_detail"),
    path("contributions/<int:pk>/edit/", views.contribution_edit, name="contribution_edit"),
    path("contributions/<int:pk>/receipt/", views.contribution_receipt, name="contribution_receipt"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/budget/", views.project_budget, name="project_budget"),
    path("budgets/<str:code>/", views.office_budget, name="office_budget"),
    path("import/", views.import_page, name="import"),
    path("import/template.<str:fmt>", views.import_template, name="import_template"),
    path("rates/", views.rates, name="rates"),
    path("transactions.<str:fmt>", transactions, name="transactions"),
]
