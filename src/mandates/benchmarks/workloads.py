"""The workloads of ``make bench``: what a person asks of Mandates, each beside its floor.

A workload is a name, a callable doing the work once (a page or endpoint through Django's test
client, an import, an export), and the floor: bare SQL from ``floors`` (or the bare parse of the
same file) computing the same figures. ``measure`` runs each several times and keeps the median.
Later domains add workloads to ``EXTRA`` (reports, portal, IATI) without touching the rest.
"""
from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import floors


@dataclass
class Workload:
    name: str
    run: Callable[[], object]
    floor: Callable[[], object] | None
    repeat: int = 3
    kind: str = "aggregate"  # aggregate (page or API: within 2x its floor) | page | import | export | report
    limit_ms: float | None = None  # an absolute target (reports: 10 s)
    setup: Callable[[], object] | None = None  # run before each timed run, not measured (an import's clean slate)
    # the peak memory (MB) of a process the run started beside this one, added to the row's (the IATI import's checks)
    extra_peak_mb: Callable[[], float] | None = None
    # earlier yardsticks timed after the floor and recorded in the row as ``<name>_ms`` (the ERP floor before erp9)
    other_floors: dict[str, Callable[[], object]] | None = None


def sql_floor(statements: list[str], **params) -> Callable[[], None]:
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql % params)
                cursor.fetchall()
    return run


def http(client, url: str) -> Callable[[], None]:
    def run():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if getattr(response, "streaming", False):
            for _ in response.streaming_content:
                pass
        return response
    return run


def without_summary(run: Callable[[], None], **which) -> Callable[[], None]:
    """``run`` with no stored plan summary (results.PlanSummary) to start from — as a filtered plan, a
    Member State reader's or the first reader after a write the summary cannot follow row by row gets it:
    the plan computed live. ``which`` narrows the summaries dropped (``year=2010``: only that year's), so
    that the workloads after it, and the load run, still find the others stored, as a server would."""
    def live():
        from mandates.results.models import PlanSummary

        PlanSummary.objects.filter(**which).delete()
        return run()
    return live


def project_saved(client, *, refresh: bool = True) -> Callable[[], None]:
    """A planning officer saves a project's title through its service (alternating, so that each save
    changes it and is audited); with ``refresh`` the stored plan summaries refreshed in part when the
    write commits (``PLAN_SUMMARY_REFRESH_ON_WRITE``, ``results.plan.incremental``), else the save as
    Mandates runs by default (the refresh queued for the background; the next reader refreshes the rows
    it reads if it comes first)."""
    from django.test import override_settings

    from mandates.portfolio import services
    from mandates.portfolio.models import Project

    project = Project.objects.filter(code__startswith="G1-", results__isnull=False).order_by("code").first() \
        or Project.objects.filter(results__isnull=False).order_by("code").first()
    turn = [0]

    def run():
        turn[0] += 1
        title = f"{project.title.removesuffix(' (revised)')}{' (revised)' if turn[0] % 2 else ''}"
        with override_settings(PLAN_SUMMARY_REFRESH_ON_WRITE=refresh):
            services.update_project(project, by=client.bench_user, title=title)
    return run


def then(*steps: Callable[[], None]) -> Callable[[], None]:
    def run():
        for step in steps:
            result = step()
        return result
    return run


def core_workloads(client, scale: int) -> list[Workload]:
    from mandates.portfolio.models import Project

    project = Project.objects.filter(code__startswith="G1-").order_by("code").first() or Project.objects.first()
    return [
        Workload("implementation plan page", http(client, "/results/plan/?period=2008-2011"),
                 sql_floor(floors.IMPLEMENTATION_PLAN)),
        Workload("implementation plan API", http(client, "/api/v1/implementation-plan?period=2008-2011"),
                 sql_floor(floors.IMPLEMENTATION_PLAN)),
        # a year read before the writes, at every scale: the writes below then find the same stored summaries
        # (the period's and 2010's) at N=1 and at N=20, so that their query counts compare
        Workload("implementation plan page, filtered by year (2010: from its stored summary)",
                 http(client, "/results/plan/?period=2008-2011&year=2010"),
                 sql_floor(floors.IMPLEMENTATION_PLAN_YEAR, year=2010, start="2010-01-01", end="2010-12-31"),
                 setup=http(client, "/results/plan/?period=2008-2011&year=2010")),
        Workload("implementation plan page, filtered by year, its first reader (2010: computed live and stored)",
                 without_summary(http(client, "/results/plan/?period=2008-2011&year=2010"), year=2010),
                 sql_floor(floors.IMPLEMENTATION_PLAN_YEAR, year=2010, start="2010-01-01", end="2010-12-31")),
        Workload("implementation plan page, first reader after a write refreshed on write (a project saved, its rows refreshed, then read)",
                 then(project_saved(client), http(client, "/results/plan/?period=2008-2011")),
                 sql_floor(floors.IMPLEMENTATION_PLAN)),
        Workload("implementation plan page, first reader after a write (a project saved, then read: the reader refreshes its rows)",
                 then(project_saved(client, refresh=False), http(client, "/results/plan/?period=2008-2011")),
                 sql_floor(floors.IMPLEMENTATION_PLAN)),
        Workload("a project saved, the plan summaries' rows refreshed on write (floor: the save as by default)", project_saved(client),
                 project_saved(client, refresh=False), kind="page"),
        Workload("implementation plan page, computed live (no stored summary: filtered, or a write it cannot follow)",
                 without_summary(http(client, "/results/plan/?period=2008-2011")), sql_floor(floors.IMPLEMENTATION_PLAN)),
        Workload("implementation plan page, filtered by region (Africa: from the stored summary)",
                 http(client, "/results/plan/?period=2008-2011&region=002"),
                 sql_floor(floors.IMPLEMENTATION_PLAN_REGION, region="002"),
                 setup=http(client, "/results/plan/?period=2008-2011")),
        Workload("fund overview 2010-2011", http(client, "/finance/?biennium=2010-2011"),
                 sql_floor(floors.FUND_OVERVIEW, biennium="2010-2011", start=2010, end=2011)),
        Workload("projections 2010-2011", http(client, "/finance/projections/?biennium=2010-2011&as_of=2010-06-30"),
                 sql_floor(floors.PROJECTIONS, biennium="2010-2011", as_of="2010-06-30")),
        Workload("project list, filtered", http(client, "/projects/?status=in_implementation"),
                 sql_floor(floors.PROJECT_LIST), kind="page"),
        Workload("project page", http(client, f"/projects/{project.pk}/"),
                 sql_floor(floors.PROJECT_PAGE, project=project.pk), kind="page"),
        Workload("strategy tree", http(client, "/strategy/"), sql_floor(floors.STRATEGY_TREE)),
        Workload("treaty status as at 31 May 2009", http(client, "/treaties/?as_of=2009-05-31"),
                 sql_floor(floors.TREATY_STATUS, as_of="2009-05-31")),
        Workload("projects API", http(client, "/api/v1/projects?page_size=50"), sql_floor(floors.PROJECT_LIST),
                 kind="page"),
        Workload("Excel export of all transactions", _export_xlsx(client), _floor_xlsx(), repeat=1, kind="export"),
        _erp_import(scale),
    ]


def _export_xlsx(client):
    def run():
        from mandates.finance import exports

        with tempfile.TemporaryFile() as handle:
            exports.write_xlsx(client.bench_user, handle)
    return run


def _floor_xlsx():
    """The bare SQL of the same rows, written by openpyxl's write-only mode with no formatting."""
    def run():
        from django.db import connection
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Expenditure")
        with connection.cursor() as cursor:
            cursor.execute(floors.ALL_TRANSACTIONS[0])
            while rows := cursor.fetchmany(5000):
                for row in rows:
                    sheet.append(row)
        with tempfile.TemporaryFile() as handle:
            book.save(handle)
    return run


def _erp_file(scale: int) -> Path:
    """A year of ERP lines (2010) in the published template's columns: 25,000 per unit of scale."""
    from mandates.finance.models import FundSegment
    from mandates.portfolio.models import Project

    rows = 25000 * scale
    segment = FundSegment.objects.get(biennium__code="2010-2011", code="UNDCP-SP").code
    projects = list(Project.objects.filter(code__startswith="G", start_date__lte=date(2010, 1, 1),
                                           end_date__gte=date(2010, 12, 31)).values_list("code", flat=True)[:400])
    path = Path(tempfile.mkdtemp()) / "erp-2010.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document_number", "line", "date", "kind", "fund_segment", "project_code", "budget_class",
                         "currency", "amount", "contribution_ref", "work_unit_code", "description"])
        for i in range(rows):
            writer.writerow([f"BENCH-2010-{i // 10:07}", i % 10 + 1, f"2010-{i % 12 + 1:02}-15", "disbursement",
                             segment, projects[i % len(projects)], "travel", "USD", f"{(i % 9000) + 100}.25", "",
                             "", "Benchmark line"])
    return path


class _RollBack(Exception):
    pass


def _erp_import(scale: int) -> Workload:
    from . import erp_floor

    path = _erp_file(scale)

    def run():
        """Import the year, then roll it back (so every run imports new lines, and nothing is left)."""
        from django.db import transaction

        from mandates.finance.services import import_expenditure

        try:
            with transaction.atomic():
                import_expenditure(path, by=None, file_name=path.name)
                raise _RollBack
        except _RollBack:
            pass

    def floor():
        """Parse the same file and write the same lines and audit rows with bare SQL into copies of the real
        tables (their indexes and foreign keys), rolled back (``erp_floor``)."""
        erp_floor.floor(path)

    return Workload(f"ERP import, a year ({25000 * scale:,} rows)", run, floor, repeat=1, kind="import",
                    other_floors={"bare_floor": lambda: erp_floor.bare_floor(path)})


#: (name, callable(client, scale) -> list[Workload]) added by later domains.
EXTRA: list[Callable] = []


def all_workloads(client, scale: int) -> list[Workload]:
    out = core_workloads(client, scale)
    for extra in EXTRA:
        out.extend(extra(client, scale))
    return out





def _reports(client, scale: int) -> list[Workload]:
    from mandates.reporting.bench import workloads

    return workloads(client, scale)


def _iati(client, scale: int) -> list[Workload]:
    from mandates.interop.bench import workloads

    return workloads(client, scale)


EXTRA.append(_reports)
EXTRA.append(_iati)


def _statistics_workloads(client, scale):
    from mandates.statistics.bench import workloads

    return workloads(client, scale)


EXTRA.append(_statistics_workloads)
