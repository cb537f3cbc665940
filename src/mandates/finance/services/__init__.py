"""Every write of the finance app: validated, in a transaction, audited (``acting_as(by)``)."""
from .budgets import revise_budget
from .contributions import assign_donor_reader, record_receipt, save_contribution, save_donor
from .demo import load_finance_demo
from .expenditure import import_expenditure, template_columns, template_csv, template_xlsx
from .rates import RateTable, import_exchange_rates, rate_for
from .structure import (
    StructureIndex,
    load_budget_classes,
    load_fund_structure,
    save_allotment,
    set_opening_balance,
    set_reserve,
)

__all__ = [
    "RateTable",
    "StructureIndex",
    "assign_donor_reader",
    "import_exchange_rates",
    "import_expenditure",
    "load_budget_classes",
    "load_finance_demo",
    "load_fund_structure",
    "rate_for",
    "record_receipt",
    "revise_budget",
    "save_allotment",
    "save_contribution",
    "save_donor",
    "set_opening_balance",
    "set_reserve",
    "template_columns",
    "template_csv",
    "template_xlsx",
]
