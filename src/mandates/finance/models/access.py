"""The permission matrix's view of a project's money (object ``project_finance``).

A proxy of the portfolio's project, so that ``permissions.can(user, "view", ProjectFinance)`` and
``visible(user, ProjectFinance.objects...)`` answer "may this person see this project's money?"
with the project's work unit, locations and funding donors.
"""
from mandates.portfolio.models import Project


class ProjectFinance(Project):
    class Meta:
        proxy = True
        verbose_name = "project finance"
        verbose_name_plural = "project finances"
