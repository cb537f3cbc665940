"""Pages of the portfolio: programmes, projects and their logical frameworks."""
from .logframe import activity_add, activity_edit, logframe_delete, outcome_add, outcome_edit, output_add, output_edit
from .programmes import (
    programme_component_add,
    programme_consultation_add,
    programme_detail,
    programme_edit,
    programme_list,
    programme_transition,
)
from .projects import (
    project_delete,
    project_detail,
    project_edit,
    project_list,
    project_partner_add,
    project_partner_remove,
    project_transition,
)

__all__ = [
    "activity_add", "activity_edit", "logframe_delete", "outcome_add", "outcome_edit", "output_add", "output_edit",
    "programme_component_add", "programme_consultation_add", "programme_detail", "programme_edit", "programme_list",
    "programme_transition", "project_delete", "project_detail", "project_edit", "project_list",
    "project_partner_add", "project_partner_remove", "project_transition",
]
