from django.urls import path

app_name = "treaties"
urlpatterns = []
