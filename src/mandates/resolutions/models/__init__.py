from .link import ResultLink
from .obligation import Obligation
from .resolution import Paragraph, Resolution

__all__ = ["Obligation", "Paragraph", "Resolution", "ResultLink"]
