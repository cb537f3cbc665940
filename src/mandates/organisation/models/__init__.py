from .work_unit import WorkUnit

__all__ = ["WorkUnit"]
