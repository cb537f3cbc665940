from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.read, name="read_all"),
    path("unread/", views.unread, name="unread"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("changes/", views.changes, name="changes"),
    path("preferences/", views.preferences, name="preferences"),
]
