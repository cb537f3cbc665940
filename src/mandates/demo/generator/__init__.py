"""A synthetic, coherent portfolio for measuring scale: ``mandates generate --scale N [--seed S]``.

N=1 is an office the size of UNODC (about 50 programmes, 500 projects with full logframes, 5,000
activities, 10,000 indicator values, 3,000 deliveries, 200 donors, 2,000 contributions, 50,000
expenditure transactions, 1,000 requests for assistance, 100 evaluations); everything grows
linearly with N. The same seed gives the same data. Rows are plain :class:`bulk.Row` dicts written
by ``bulk.Writer`` (keys drawn up front, one ``executemany`` per batch on SQLite, ``COPY`` on
PostgreSQL); like the ERP import, the audit trail records one entry per generation (per unit of
scale when the bench grows a database unit by unit), listing what it made, not one per synthetic
row. Every code carries the prefix ``G<seed>-`` so the data can sit beside the demo and be told apart.

The sizes live in ``SIZES`` (per unit of scale); the steps are in ``portfolio``, ``money`` and
``other``. Each step reports its progress to a callback ``progress(step, done, total)``.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import transaction

#: Rows per unit of scale (N=1: an office the size of UNODC).
SIZES = {
    "work_units": 10,
    "partners": 40,
    "programmes": 50,
    "projects": 500,
    "deliveries_per_project": 6,
    "donors": 200,
    "contributions": 2000,
    "expenditure": 50000,
    "requests": 1000,
    "evaluations": 100,
    "instruments": 2,
}
BATCH = 10000


class GenerationError(Exception):
    """The generation cannot run (e.g. this seed was already generated)."""


@dataclass
class Context:
    scale: int
    seed: int
    rng: random.Random
    prefix: str
    progress: object
    fraction: float = 1.0
    counts: dict = field(default_factory=dict)
    writer: object = None
    # Shared between steps.
    period: object = None
    results: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    units: list = field(default_factory=list)
    partners: list = field(default_factory=list)
    programmes: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    project_countries: dict = field(default_factory=dict)
    outputs: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    donors: list = field(default_factory=list)
    contributions: list = field(default_factory=list)

    def n(self, key: str) -> int:
        return max(1, round(SIZES[key] * self.scale * self.fraction))

    def tick(self, step: str, done: int, total: int) -> None:
        if self.progress:
            self.progress(step, done, total)

    def bulk(self, model, rows, step: str | None = None):
        """Write generated rows in batches with progress; returns them with their primary keys."""
        from .bulk import Writer

        if self.writer is None:
            self.writer = Writer()
        rows = list(rows)
        saved = []
        for start in range(0, len(rows), BATCH):
            saved.extend(self.writer.insert(model, rows[start:start + BATCH]))
            if step:
                self.tick(step, min(start + BATCH, len(rows)), len(rows))
        label = model._meta.verbose_name_plural
        self.counts[label] = self.counts.get(label, 0) + len(saved)
        return saved


def ensure_reference_data() -> None:
    """Countries, the shipped strategies, budget classes and the fund structure (idempotent loaders)."""
    from mandates.finance.models import Biennium, BudgetClass
    from mandates.finance.services.structure import load_budget_classes, load_fund_structure
    from mandates.geography.models import Country
    from mandates.geography.services import load_m49
    from mandates.strategy.models import StrategyPeriod
    from mandates.strategy.services import load_shipped_strategies

    if not Country.objects.exists():
        load_m49()
    if not StrategyPeriod.objects.filter(code="2008-2011").exists():
        load_shipped_strategies()
    if not BudgetClass.objects.exists():
        load_budget_classes()
    if not Biennium.objects.exists():
        load_fund_structure()


def generate(scale: int = 1, seed: int = 1, progress=None, fraction: float = 1.0) -> dict:
    """Generate the portfolio; returns the number of rows written per kind.

    ``fraction`` shrinks every size (tests use 0.02: ten projects with everything around them).
    """
    from mandates.portfolio.models import Project

    from . import money, other, portfolio

    if scale < 1:
        raise GenerationError("The scale must be a whole number of at least 1.")
    ensure_reference_data()
    prefix = f"G{seed}-"
    if Project.objects.filter(code__startswith=prefix).exists():
        raise GenerationError(
            f"A portfolio with seed {seed} is already in this database (codes {prefix}…); "
            "choose another --seed or start from an empty database.")
    ctx = Context(scale=scale, seed=seed, rng=random.Random(seed), prefix=prefix, progress=progress,
                  fraction=fraction)
    with transaction.atomic():
        portfolio.generate(ctx)
        money.generate(ctx)
        other.generate(ctx)
        _record_audit(ctx)
    return ctx.counts


def _record_audit(ctx: Context) -> None:
    """One audit entry for the whole generation: who ran it is unknown (a command), what it made is listed."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from mandates.strategy.models import StrategyPeriod

    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(StrategyPeriod), object_pk=str(ctx.period.pk),
        object_id=ctx.period.pk, object_repr=f"Generated portfolio {ctx.prefix} (scale {ctx.scale})",
        action=LogEntry.Action.CREATE,
        changes={"generated": ["", ", ".join(f"{k}: {v}" for k, v in sorted(ctx.counts.items()))]},
    )
