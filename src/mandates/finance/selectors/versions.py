"""What a budget revision form is opened on (issue 14: two people revising the same budget)."""
from django.db.models import Max

from ..models import Biennium, BudgetRevision


def budget_version(record) -> dict:
    """The current revision of a project's budget, or of a biennium's office-level budget."""
    revisions = (BudgetRevision.objects.filter(biennium=record, project__isnull=True) if isinstance(record, Biennium)
                 else BudgetRevision.objects.filter(project_id=record.pk))
    return {"Current budget revision": revisions.aggregate(n=Max("number"))["n"]}
