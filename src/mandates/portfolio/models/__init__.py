from .logframe import Activity, Outcome, Output
from .programme import Programme, ProgrammeComponent, ProgrammeConsultation
from .project import Project, ProjectLocation, ProjectPartner

__all__ = [
    "Activity",
    "Outcome",
    "Output",
    "Programme",
    "ProgrammeComponent",
    "ProgrammeConsultation",
    "Project",
    "ProjectLocation",
    "ProjectPartner",
]
