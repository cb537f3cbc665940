"""Figures for the home page, each counted in the database and narrowed by permissions."""
from mandates.people import permissions
from mandates.portfolio.models import Programme, Project
from mandates.strategy.models import StrategyNode, StrategyPeriod


def home_summary(user) -> dict:
    period = StrategyPeriod.objects.order_by("-start_year").first()
    results = 0
    if period is not None:
        results = StrategyNode.objects.filter(
            period=period, track="results", level=period.result_level
        ).count()
    return {
        "period": period,
        "results": results,
        "programmes": permissions.visible(user, Programme.objects.all()).count(),
        "projects": permissions.visible(user, Project.objects.all()).count(),
        "projects_in_implementation": permissions.visible(
            user, Project.objects.filter(status=Project.Status.IN_IMPLEMENTATION)
        ).count(),
    }
