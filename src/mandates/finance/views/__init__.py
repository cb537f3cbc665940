from .budgets import office_budget, project, project_budget
from .contributions import (
    contribution_detail,
    contribution_edit,
    contribution_list,
    contribution_receipt,
    donor_detail,
    donor_edit,
    donor_list,
)
from .imports import import_page, import_template, rates
from .overview import allotments, delivery, group_settings, overview, projections, segment_settings

__all__ = [
    "allotments", "contribution_detail", "contribution_edit", "contribution_list", "contribution_receipt",
    "delivery", "donor_detail", "donor_edit", "donor_list", "group_settings", "import_page", "import_template",
    "office_budget", "overview", "project", "project_budget", "projections", "rates", "segment_settings",
]
