from .access import ProjectFinance
from .budget import BudgetLine, BudgetRevision
from .contribution import Contribution
from .donor import Donor, DonorReader
from .expenditure import Expenditure
from .rates import ExchangeRate, ImportBatch
from .structure import (
    Apportionment,
    Biennium,
    BudgetClass,
    Fund,
    FundSegment,
    RegularBudgetAllotment,
    SegmentGroup,
)

__all__ = [
    "Apportionment",
    "Biennium",
    "BudgetClass",
    "BudgetLine",
    "BudgetRevision",
    "Contribution",
    "Donor",
    "DonorReader",
    "ExchangeRate",
    "Expenditure",
    "Fund",
    "FundSegment",
    "ImportBatch",
    "ProjectFinance",
    "RegularBudgetAllotment",
    "SegmentGroup",
]
