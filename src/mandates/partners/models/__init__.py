from .partner import Partner

__all__ = ["Partner"]
