"""Reads of the finance app; every sum is computed in the database."""
from .by_project import budget_by_project, expenditure_by_project
from .delivery import DIMENSION_TABS, DIMENSION_TITLES, DIMENSIONS, delivery, project_sums
from .figures import Flows, flows_by_segment, previous_biennium, segment_figures
from .overview import earmarking_by_year, fund_overview
from .project import project_expenditure, project_finance
from .projections import as_of_within, default_as_of, projection_totals, projections
from .registers import contributions, donor_detail, donors, import_batches, totals
from .versions import budget_version

__all__ = [
    "DIMENSIONS",
    "DIMENSION_TABS",
    "DIMENSION_TITLES",
    "Flows",
    "as_of_within",
    "budget_by_project",
    "budget_version",
    "contributions",
    "default_as_of",
    "delivery",
    "project_sums",
    "donor_detail",
    "donors",
    "earmarking_by_year",
    "expenditure_by_project",
    "flows_by_segment",
    "fund_overview",
    "import_batches",
    "previous_biennium",
    "project_expenditure",
    "project_finance",
    "projection_totals",
    "projections",
    "segment_figures",
    "totals",
]
