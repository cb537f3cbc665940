from .draft import ImportDraft
from .link import ResultLink
from .obligation import Obligation
from .resolution import Paragraph, Resolution

__all__ = ["ImportDraft", "Obligation", "Paragraph", "Resolution", "ResultLink"]
