from django.urls import path

from . import views

app_name = "statistics"
urlpatterns = [
    path("", views.explorer, name="explorer"),
    path("download.<str:fmt>", views.download, name="download"),
    path("areas/<str:code>/", views.area_trend, name="area"),
    path("areas/<str:code>/download.<str:fmt>", views.area_download, name="area_download"),
    path("capacity/", views.capacity, name="capacity"),
    path("imports/", views.imports, name="imports"),
    path("link/<int:indicator_id>/", views.link_indicator, name="link"),
]
