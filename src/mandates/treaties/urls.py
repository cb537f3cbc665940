from django.urls import path

from . import views

app_name = "treaties"
urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("status-table/", views.status_table, name="table"),
    path("assisted-ratifications/", views.assisted_report, name="assisted"),
    path("import/", views.import_status, name="import"),
    path("states/", views.state_list, name="states"),
    path("states/<str:code>/", views.state_profile, name="state"),
    path("events/<int:pk>/assistance/", views.event_assistance, name="event_assistance"),
    path("instruments/<str:code>/", views.instrument_detail, name="detail"),
    path("instruments/<str:code>/edit/", views.instrument_edit, name="edit"),
]
