"""(f) The implementation plan's indicators, read as plain records.

The plan reads every visible indicator of its results and of their contributing outcomes and outputs
— thousands at scale — and shows each one's code, title, level and progress. Building a model
instance per indicator cost more than reading it (about half of this step at N=1), so they are read
as tuples into ``PlanIndicator``: the columns the plan, its exports, its API and the progress rules
use, with the model's own properties (``is_quantitative``, ``follows_deliveries``, ``years``,
``level``, ``unit_label``) so that ``selectors.series_for`` treats them as it treats indicators.
"""
from ..models import Indicator

FIELDS = ("id", "code", "title", "result_id", "outcome_id", "output_id", "project_id", "kind", "unit", "currency",
          "aggregation", "actual_source", "baseline_value", "start_year", "end_year", "allow_above_100")


class PlanIndicator:
    __slots__ = FIELDS
    Kind, ActualSource, Level = Indicator.Kind, Indicator.ActualSource, Indicator.Level
    is_quantitative = Indicator.is_quantitative
    follows_deliveries = Indicator.follows_deliveries
    years = Indicator.years
    level = Indicator.level
    level_label = Indicator.level_label
    unit_label = Indicator.unit_label
    __str__ = Indicator.__str__

    def __init__(self, values):
        for name, value in zip(FIELDS, values):
            setattr(self, name, value)

    @property
    def pk(self):
        return self.id

    def __repr__(self) -> str:
        return f"<PlanIndicator {self.id}: {self}>"


def read(queryset) -> list[PlanIndicator]:
    """The indicators of ``queryset`` (already narrowed to what the person may see), in its order."""
    return [PlanIndicator(values) for values in queryset.values_list(*FIELDS)]
