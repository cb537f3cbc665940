from django.urls import path

from . import views

app_name = "portfolio"
urlpatterns = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_edit, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/transition/", views.programme_transition, name="programme_transition"),
    path("programmes/<int:pk>/components/new/", views.programme_component_add, name="programme_component_add"),
    path("programmes/<int:pk>/consultations/new/", views.programme_consultation_add,
         name="programme_consultation_add"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_edit, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/delete/", views.project_delete, name="project_delete"),
    path("projects/<int:pk>/transition/", views.project_transition, name="project_transition"),
    path("projects/<int:pk>/partners/new/", views.project_partner_add, name="project_partner_add"),
    path("projects/<int:pk>/partners/<int:role_pk>/remove/", views.project_partner_remove,
         name="project_partner_remove"),
    # The logical framework
    path("projects/<int:pk>/outcomes/new/", views.outcome_add, name="outcome_add"),
    path("projects/<int:pk>/outcomes/<int:row_pk>/edit/", views.outcome_edit, name="outcome_edit"),
    path("projects/<int:pk>/outcomes/<int:row_pk>/outputs/new/", views.output_add, name="output_add"),
    path("projects/<int:pk>/outputs/<int:row_pk>/edit/", views.output_edit, name="output_edit"),
    path("projects/<int:pk>/outputs/<int:row_pk>/activities/new/", views.activity_add, name="activity_add"),
    path("projects/<int:pk>/activities/<int:row_pk>/edit/", views.activity_edit, name="activity_edit"),
    path("projects/<int:pk>/<str:kind>/<int:row_pk>/delete/", views.logframe_delete, name="logframe_delete"),
]
