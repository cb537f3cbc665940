from django.urls import path

from .views import deliveries, plan, values

app_name = "results"
urlpatterns = [
    path("", values.indicator_list, name="indicator_list"),
    path("indicators/new/", values.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", values.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", values.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/targets/", values.indicator_targets, name="indicator_targets"),
    path("indicators/<int:pk>/values/new/", values.value_edit, name="value_create"),
    path("values/<int:value_pk>/edit/", values.value_edit, name="value_edit"),
    path("values/<int:value_pk>/review/", values.value_review, name="value_review"),
    path("values/pending/", values.pending_values, name="pending_values"),
    path("activities/overdue/", values.overdue_activities, name="overdue_activities"),
    path("deliveries/", deliveries.delivery_list, name="delivery_list"),
    path("deliveries/new/", deliveries.delivery_edit, name="delivery_create"),
    path("deliveries/<int:pk>/", deliveries.delivery_detail, name="delivery_detail"),
    path("deliveries/<int:pk>/edit/", deliveries.delivery_edit, name="delivery_edit"),
    path("plan/", plan.plan_page, name="plan"),
    path("plan/results/<int:pk>/", plan.plan_result, name="plan_result"),
    path("plan/export.xlsx", plan.plan_excel, name="plan_excel"),
    path("plan/export.docx", plan.plan_word, name="plan_word"),
]
