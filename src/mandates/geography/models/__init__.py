from .area import Area
from .country import Country

__all__ = ["Area", "Country"]
