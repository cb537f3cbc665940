from django.urls import path

from . import views, views_review

app_name = "resolutions"
urlpatterns = [
    path("", views.resolution_list, name="list"),
    path("import/", views.resolution_import, name="import"),
    path("import/<int:pk>/", views_review.import_review, name="review"),
    path("import/<int:pk>/correct/", views_review.import_correct, name="review_correct"),
    path("import/<int:pk>/save/", views_review.import_save, name="review_save"),
    path("import/<int:pk>/cancel/", views_review.import_cancel, name="review_cancel"),
    path("<int:pk>/", views.resolution_detail, name="detail"),
    path("<int:pk>/edit/", views.resolution_edit, name="edit"),
    path("<int:pk>/delete/", views.resolution_delete, name="delete"),
    path("<int:pk>/suggest/", views.resolution_suggest, name="suggest"),
    path("paragraphs/<int:pk>/edit/", views.paragraph_edit, name="paragraph_edit"),
    path("paragraphs/<int:pk>/merge/", views.paragraph_merge, name="paragraph_merge"),
    path("paragraphs/<int:pk>/split/", views.paragraph_split, name="paragraph_split"),
    path("paragraphs/<int:pk>/link/", views.paragraph_link, name="paragraph_link"),
    path("paragraphs/<int:paragraph_pk>/obligations/new/", views.obligation_edit, name="obligation_create"),
    path("links/<int:pk>/decide/", views.link_decide, name="link_decide"),
    path("obligations/", views.obligation_calendar, name="calendar"),
    path("obligations/<int:pk>/edit/", views.obligation_edit, name="obligation_edit"),
    path("obligations/<int:pk>/delete/", views.obligation_delete, name="obligation_delete"),
    path("by-result/", views.results_index, name="results"),
    path("by-result/<str:period>/", views.results_index, name="results_period"),
    path("by-result/<str:period>/<str:code>/", views.result_mandates, name="result"),
]
