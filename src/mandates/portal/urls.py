from django.urls import path, re_path

from .views import downloads, my, pages

app_name = "portal"

urlpatterns = [
    path("", pages.overview, name="overview"),
    path("projects/", pages.project_list, name="project_list"),
    path("projects/<str:code>/", pages.project_detail, name="project"),
    path("programmes/", pages.programme_list, name="programme_list"),
    path("programmes/<str:code>/", pages.programme_detail, name="programme"),
    path("countries/<str:iso3>/", pages.country_detail, name="country"),
    path("regions/<str:m49>/", pages.region_detail, name="region"),
    path("donors/<int:pk>/", pages.donor_detail, name="donor"),
    path("results/<int:pk>/", pages.result_detail, name="result"),
    path("search/", pages.search, name="search"),
    path("suggest/donors/", pages.donor_suggestions, name="suggest_donors"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("embed/<str:chart>/", pages.embed, name="embed"),
    path("download/all.csv", downloads.bulk, name="bulk"),
    re_path(r"^download/iati-(?P<kind>activities|organisation)\.xml$", downloads.iati, name="iati"),
    re_path(r"^download/(?P<name>[a-z]+)\.(?P<fmt>csv|xlsx|json)$", downloads.download, name="download"),
    path("my/", my.mine, name="mine"),
    re_path(r"^my/projects\.(?P<fmt>csv|xlsx|json)$", my.my_download, name="my_download"),
]
