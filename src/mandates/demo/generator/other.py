"""Generated treaty events, requests for technical assistance and evaluations with their follow-up."""
from __future__ import annotations

from datetime import date, timedelta

from .bulk import Row


def generate(ctx) -> None:
    _treaties(ctx)
    _requests(ctx)
    _evaluations(ctx)


def _treaties(ctx) -> None:
    """Instruments of their own (a State acts once per kind on an instrument), signed and ratified by most States."""
    from mandates.treaties.models import Instrument, Participant, TreatyEvent

    have = {p.country_id: p for p in Participant.objects.exclude(country=None)}
    codes = set(Participant.objects.values_list("code", flat=True))
    new = [Row(code=c.iso3, name=c.name, country=c) for c in ctx.countries
           if c.pk not in have and c.iso3 and c.iso3 not in codes]
    ctx.bulk(Participant, new, "treaty participants")
    participants = list(Participant.objects.exclude(country=None))
    instruments = ctx.bulk(Instrument, (
        Row(code=f"{ctx.prefix}T{i:03}", short_name=f"Generated instrument {i} ({ctx.prefix[:-1]})",
                   title=f"Generated convention number {i}", group="other", adoption_date=date(2000 + i % 9, 11, 15),
                   status_source="generated", position=1000 + i)
        for i in range(ctx.n("instruments"))), "instruments")
    events = []
    for inst in instruments:
        for p in participants:
            if ctx.rng.random() < 0.85:
                signed = inst.adoption_date + timedelta(days=ctx.rng.randrange(0, 700))
                events.append(Row(instrument=inst, participant=p, kind="signature", date=signed,
                                          source_file="generated"))
                if ctx.rng.random() < 0.8:
                    events.append(Row(instrument=inst, participant=p, kind="ratification",
                                              date=signed + timedelta(days=ctx.rng.randrange(30, 3000)),
                                              source_file="generated"))
    ctx.bulk(TreatyEvent, events, "treaty events")


def _requests(ctx) -> None:
    from mandates.assistance.models import AssistanceRequest

    statuses = ["received", "under_triage", "assigned", "accepted", "accepted", "declined", "referred", "closed"]
    rows = []
    for i in range(ctx.n("requests")):
        received = date(2008, 1, 1) + timedelta(days=ctx.rng.randrange(0, 4 * 365))
        status = statuses[i % len(statuses)]
        answered = status in ("accepted", "declined", "referred", "closed")
        project = ctx.rng.choice(ctx.projects) if status in ("accepted", "closed") else None
        rows.append(Row(
            reference=f"{ctx.prefix}TA-{i:06}", requesting_state=ctx.rng.choice(ctx.countries), received_on=received,
            subject=f"Request for assistance on {ctx.rng.choice(('legislation', 'training', 'data', 'prisons'))}",
            urgency=("routine", "routine", "high", "urgent")[i % 4], status=status,
            assigned_unit=ctx.rng.choice(ctx.units) if status != "received" else None,
            responded_on=received + timedelta(days=ctx.rng.randrange(5, 120)) if answered else None,
            project=project, partner=ctx.rng.choice(ctx.partners) if status == "referred" else None,
            decline_reason="Outside the mandate" if status == "declined" else ""))
    ctx.bulk(AssistanceRequest, rows, "requests for assistance")


def _evaluations(ctx) -> None:
    from mandates.evaluation.models import ActionItem, Evaluation, ManagementResponse, Recommendation

    rows = []
    for i in range(ctx.n("evaluations")):
        project = ctx.projects[(i * 37) % len(ctx.projects)]
        completed = i % 4 != 0
        rows.append(Row(
            title=f"Evaluation of {project.code}", subject="project", modality=("independent", "in_depth")[i % 2],
            project=project, responsible_unit=project.lead_unit, start_date=date(2009, 1, 1) + timedelta(days=i),
            completion_date=date(2010, 6, 1) + timedelta(days=i) if completed else None,
            status="completed" if completed else "ongoing", summary="Generated evaluation.",
            is_public=i % 3 != 0))
    evaluations = ctx.bulk(Evaluation, rows, "evaluations")
    recs = ctx.bulk(Recommendation, (
        Row(evaluation=e, number=k, text=f"Recommendation {k}: strengthen monitoring.",
                       owner_unit=e.responsible_unit)
        for e in evaluations if e.status == "completed" for k in (1, 2, 3)), "recommendations")
    ctx.bulk(ManagementResponse, (Row(recommendation=r, decision="accepted",
                                                     responded_on=date(2010, 9, 1)) for r in recs),
             "management responses")
    ctx.bulk(ActionItem, (
        Row(recommendation=r, description="Follow-up action", owner_unit=r.owner_unit,
                   due_date=date(2011, 1, 1) + timedelta(days=(r.pk * 13) % 700),
                   status=("open", "in_progress", "done")[r.pk % 3]) for r in recs), "action items")
