from django.urls import path

app_name = "strategy"
urlpatterns = []
