from django.urls import path

from . import delivery_views, plan_views, views

app_name = "results"
urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/targets/", views.indicator_targets, name="indicator_targets"),
    path("indicators/<int:pk>/values/new/", views.value_edit, name="value_create"),
    path("values/<int:value_pk>/edit/", views.value_edit, name="value_edit"),
    path("values/<int:value_pk>/review/", views.value_review, name="value_review"),
    path("values/pending/", views.pending_values, name="pending_values"),
    path("activities/overdue/", views.overdue_activities, name="overdue_activities"),
    path("deliveries/", delivery_views.delivery_list, name="delivery_list"),
    path("deliveries/new/", delivery_views.delivery_edit, name="delivery_create"),
    path("deliveries/<int:pk>/", delivery_views.delivery_detail, name="delivery_detail"),
    path("deliveries/<int:pk>/edit/", delivery_views.delivery_edit, name="delivery_edit"),
    path("plan/", plan_views.plan_page, name="plan"),
    path("plan/export.xlsx", plan_views.plan_excel, name="plan_excel"),
    path("plan/export.docx", plan_views.plan_word, name="plan_word"),
]
