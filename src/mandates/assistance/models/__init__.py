from .request import AssistanceRequest

__all__ = ["AssistanceRequest"]
