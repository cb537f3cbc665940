from .activity import (
                       ExternalActivity,
                       ExternalBudget,
                       ExternalCountry,
                       ExternalOrganisation,
                       ExternalRegion,
                       ExternalSector,
                       ExternalTransaction,
)
from .imports import ImportRecord

__all__ = ["ExternalActivity", "ExternalBudget", "ExternalCountry", "ExternalOrganisation", "ExternalRegion",
           "ExternalSector", "ExternalTransaction", "ImportRecord"]
