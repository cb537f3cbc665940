"""Permission policies of the interop app (rows in people/data/permission_matrix.csv)."""
from mandates.people.permissions import Policy, register

from .models import ExternalActivity, ImportRecord


def register_all() -> None:
    register(Policy(name="iati_import", model=ImportRecord))
    register(Policy(name="external_activity", model=ExternalActivity))
