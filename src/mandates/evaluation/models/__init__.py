from .evaluation import Evaluation, Finding, Recommendation
from .follow_up import ActionItem, ManagementResponse
from .lesson import Lesson

__all__ = ["ActionItem", "Evaluation", "Finding", "Lesson", "ManagementResponse", "Recommendation"]
