from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<str:code>/", views.detail, name="detail"),
]
