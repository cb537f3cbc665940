from django.urls import path

from . import views

app_name = "strategy"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("import/", views.import_strategy, name="import"),
    path("<str:period>/", views.tree, name="period"),
    path("<str:period>/<str:code>/", views.node_detail, name="node"),
    path("<str:period>/<str:code>/edit/", views.node_edit, name="node_edit"),
]
