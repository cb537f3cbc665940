from django.urls import path

from . import views

app_name = "assistance"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_edit, name="create"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/edit/", views.request_edit, name="edit"),
    path("<int:pk>/transition/", views.request_transition, name="transition"),
]
