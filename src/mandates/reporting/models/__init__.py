from .narrative import Narrative
from .report import Report, ReportItem

__all__ = ["Narrative", "Report", "ReportItem"]
