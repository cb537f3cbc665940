from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("new/", views.evaluation_edit, name="create"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("<int:pk>/edit/", views.evaluation_edit, name="edit"),
    path("<int:pk>/findings/new/", views.finding_add, name="finding_add"),
    path("<int:pk>/recommendations/new/", views.recommendation_edit, name="recommendation_add"),
    path("recommendations/<int:rec_pk>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path("recommendations/<int:rec_pk>/response/", views.response_edit, name="response"),
    path("recommendations/<int:rec_pk>/actions/new/", views.action_edit, name="action_add"),
    path("actions/<int:action_pk>/edit/", views.action_edit, name="action_edit"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("lessons/", views.lesson_list, name="lessons"),
    path("lessons/new/", views.lesson_edit, name="lesson_create"),
    path("lessons/<int:pk>/", views.lesson_detail, name="lesson_detail"),
    path("lessons/<int:pk>/edit/", views.lesson_edit, name="lesson_edit"),
]
