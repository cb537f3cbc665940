"""Budget revisions. A revision is a complete new version of a budget (a project's, or the
office-level budget of a biennium), kept with its reason; the current budget is the latest one."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as

from .. import money
from ..models import Biennium, BudgetClass, BudgetLine, BudgetRevision, FundSegment
from .structure import StructureIndex


def _line_errors(number: int, raw: dict, index: StructureIndex, project, biennium) -> tuple[list, list[str]]:
    """Validate one input line; returns ([(segment, year, class, amount, apportioned)], problems)."""
    problems = []
    try:
        year = int(raw.get("year"))
    except (TypeError, ValueError):
        return [], [_("year “%(year)s” is not a year") % {"year": raw.get("year")}]
    klass = raw.get("budget_class")
    if not isinstance(klass, BudgetClass):
        klass = index.classes.get(str(klass or "").strip())
        if klass is None:
            problems.append(_("unknown budget class “%(budget_class)s”") % {"budget_class": raw.get("budget_class")})
    try:
        amount = money.parse_amount(raw.get("amount"))
        if amount < 0:
            problems.append(_("a budget amount cannot be negative"))
    except ValueError as exc:
        problems.append(str(exc))
        amount = None
    if project is not None and not (project.start_date.year <= year <= project.end_date.year):
        problems.append(_("%(year)s is outside the project's dates (%(start)s to %(end)s)") % {
            "year": year, "start": f"{project.start_date:%d %b %Y}", "end": f"{project.end_date:%d %b %Y}"})
    year_biennium = index.biennium_for_year(year)
    if year_biennium is None:
        problems.append(_("no biennium is configured for %(year)s") % {"year": year})
    elif biennium is not None and year_biennium.pk != biennium.pk:
        problems.append(_("%(year)s is not in the biennium %(biennium)s") % {"year": year, "biennium": biennium})
    segment = raw.get("segment")
    code = segment.code if isinstance(segment, FundSegment) else str(segment or "").strip()
    if isinstance(segment, FundSegment) and year_biennium is not None and segment.biennium_id != year_biennium.pk:
        problems.append(_("the segment %(segment)s belongs to %(biennium)s, not to %(year)s") % {
            "segment": segment.code, "biennium": segment.biennium, "year": year})
    allocated = []
    if year_biennium is not None and not problems:
        try:
            allocated = index.allocate(year_biennium, code, amount)
        except ValueError as exc:
            problems.append(str(exc))
    for seg, _part, _app in allocated:
        if seg.kind == FundSegment.Kind.SPECIAL_PURPOSE and project is None:
            problems.append(_("special-purpose money is budgeted on a project"))
            break
    if problems:
        return [], problems
    return [(seg, year, klass, part, apportioned) for seg, part, apportioned in allocated], []


@transaction.atomic
def revise_budget(*, project=None, biennium: Biennium | None = None, lines, reason: str = "", by,
                  is_demo: bool = False) -> BudgetRevision:
    """Record a new version of a budget. ``lines``: dicts with ``segment`` (a FundSegment or a segment
    code; the apportionment code splits the amount between the funds), ``year``, ``budget_class``
    (object or code) and ``amount`` (USD). Raises ValidationError({"lines": [...], "reason": ...})."""
    if (project is None) == (biennium is None):
        raise ValidationError({"project": _("A budget belongs to a project or, for office-level money, to a biennium.")})
    owner = {"project": project} if project is not None else {"biennium": biennium, "project__isnull": True}
    previous = BudgetRevision.objects.filter(**owner).order_by("-number").first()
    reason = (reason or "").strip()
    errors: dict[str, list[str] | str] = {}
    if previous is not None and not reason:
        errors["reason"] = _("Say why the budget is revised.")
    index = StructureIndex()
    made, problems_by_line, seen = {}, [], {}
    for number, raw in enumerate(lines, start=1):
        rows, problems = _line_errors(number, raw, index, project, biennium)
        for seg, year, klass, amount, apportioned in rows:
            key = (seg.pk, year, klass.pk, apportioned)
            if key in seen:
                problems.append(_("repeats line %(line)s (%(year)s, %(segment)s, %(budget_class)s)") % {
                    "line": seen[key], "year": year, "segment": seg.code, "budget_class": klass.name})
                continue
            seen[key] = number
            made[key] = (seg, year, klass, amount, apportioned)
        if problems:
            problems_by_line.append(_("Line %(number)s: %(problems)s.") % {"number": number, "problems": "; ".join(problems)})
    if problems_by_line:
        errors["lines"] = problems_by_line
    if errors:
        raise ValidationError(errors)
    with acting_as(by):
        if previous is not None:
            BudgetLine.objects.filter(revision__in=BudgetRevision.objects.filter(**owner),
                                      is_current=True).update(is_current=False)
            for old in BudgetRevision.objects.filter(**owner, is_current=True):
                old.is_current = False
                old.save(update_fields=["is_current"])  # audited: this version is no longer current
        revision = BudgetRevision.objects.create(
            project=project, biennium=biennium if project is None else None,
            number=previous.number + 1 if previous is not None else 0,
            reason=reason or "Original budget", is_current=True,
            created_by=by if getattr(by, "is_authenticated", False) else None, is_demo=is_demo,
        )
        for seg, year, klass, amount, apportioned in made.values():
            BudgetLine.objects.create(revision=revision, project=project, is_current=True, segment=seg, year=year,
                                      budget_class=klass, amount=amount, apportioned=apportioned)
    return revision
