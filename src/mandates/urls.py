from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from mandates.core.health import health, live

api_v1 = [
    path("", include("mandates.strategy.api")),
    path("", include("mandates.portfolio.api")),
    path("", include("mandates.partners.api")),
    path("", include("mandates.organisation.api")),
    path("", include("mandates.geography.api")),
    path("", include("mandates.finance.api")),
    path("", include("mandates.results.api")),
    path("", include("mandates.evaluation.api")),
    path("", include("mandates.resolutions.api")),
    path("", include("mandates.assistance.api")),
    path("", include("mandates.treaties.api")),
    path("openapi.json", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", include("mandates.core.urls")),
    path("accounts/", include("mandates.people.urls")),
    path("strategy/", include("mandates.strategy.urls")),
    path("", include("mandates.portfolio.urls")),
    path("partners/", include("mandates.partners.urls")),
    path("work-units/", include("mandates.organisation.urls")),
    path("countries/", include("mandates.geography.urls")),
    path("finance/", include("mandates.finance.urls")),
    path("results/", include("mandates.results.urls")),
    path("evaluation/", include("mandates.evaluation.urls")),
    path("resolutions/", include("mandates.resolutions.urls")),
    path("assistance/", include("mandates.assistance.urls")),
    path("treaties/", include("mandates.treaties.urls")),
    path("reports/", include("mandates.reporting.urls")),
    path("jobs/", include("mandates.jobs.urls")),
    path("open-data/", include("mandates.interop.urls")),
    path("api/v1/", include(api_v1)),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("health/live/", live, name="health-live"),
    path("i18n/", include("django.conf.urls.i18n")),
]

# The public portal: /open/ in English, /fr/open/, /es/open/, /ar/open/ ... in the other UN languages;
# a language that is not offered falls back to the English page.
urlpatterns += i18n_patterns(path("open/", include("mandates.portal.urls")), prefix_default_language=False)
urlpatterns += [re_path(r"^[A-Za-z]{2,3}(?:-[A-Za-z]+)?/open/(?P<rest>.*)$",
                        RedirectView.as_view(url="/open/%(rest)s", query_string=True))]

handler404 = "mandates.core.errors.not_found"
handler403 = "mandates.core.errors.forbidden"
handler500 = "mandates.core.errors.server_error"
