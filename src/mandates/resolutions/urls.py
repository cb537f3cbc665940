from django.urls import path

app_name = "resolutions"
urlpatterns = []
