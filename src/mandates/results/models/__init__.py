from .delivery import Delivery, DeliveryParticipants
from .indicator import Indicator, IndicatorTarget
from .plan import ImplementationPlan
from .plan_summary import PlanSummary
from .value import DisaggregatedValue, IndicatorValue

__all__ = ["Delivery", "DeliveryParticipants", "DisaggregatedValue", "ImplementationPlan", "Indicator", "IndicatorTarget",
           "IndicatorValue", "PlanSummary"]
