from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("technical-cooperation/", views.adhoc, name="adhoc"),
    path("regional-programmes/", views.adhoc, {"kind": "regional_programmes"}, name="regional"),
    path("donor/", views.adhoc, {"kind": "donor"}, name="donor"),
    path("profile/", views.adhoc, {"kind": "profile"}, name="profile"),
    path("medium-term/", views.adhoc, {"kind": "medium_term"}, name="medium_term"),
    path("programme-performance/", views.performance, name="performance"),
    path("facts/", views.fact_records, name="fact_records"),
    path("narratives/", views.narrative_list, name="narratives"),
    path("narratives/new/", views.narrative_edit, name="narrative_create"),
    path("narratives/<int:pk>/edit/", views.narrative_edit, name="narrative_edit"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/download.<str:fmt>", views.report_download, name="download"),
    path("<int:pk>/transition/", views.report_transition, name="transition"),
    path("<int:pk>/items/", views.report_items, name="items"),
    path("<int:pk>/differences/", views.report_differences, name="differences"),
]
