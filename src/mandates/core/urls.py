from django.urls import path

from . import suggest, views

app_name = "core"
urlpatterns = [path("", views.home, name="home"),
               path("suggest/<slug:kind>/", suggest.suggest, name="suggest")]
