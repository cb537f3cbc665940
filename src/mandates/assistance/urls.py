from django.urls import path

app_name = "assistance"
urlpatterns = []
