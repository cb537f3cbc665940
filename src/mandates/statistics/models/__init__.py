from .area import PopulationEstimate, StatArea
from .imports import ImportRun, ValueChange
from .link import IndicatorLink
from .series import Series, Value

__all__ = ["ImportRun", "IndicatorLink", "PopulationEstimate", "Series", "StatArea", "Value", "ValueChange"]
