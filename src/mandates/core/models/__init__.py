from .data_version import DataVersion
from .status_change import StatusChange

__all__ = ["DataVersion", "StatusChange"]
