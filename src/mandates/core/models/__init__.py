from .status_change import StatusChange

__all__ = ["StatusChange"]
