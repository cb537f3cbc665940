from django.urls import path

from . import views

app_name = "interop"
urlpatterns = [
    path("", views.open_data, name="open_data"),
    path("iati/activities.xml", views.activities_file, name="activities_file"),
    path("iati/organisation.xml", views.organisation_file, name="organisation_file"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("activities/", views.activity_list, name="activity_list"),
    path("coordination/", views.coordination, name="coordination"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
]
