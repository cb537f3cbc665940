"""``make bench`` rows for the public portal: the overview, a country page and the bulk download,
each beside a floor of bare SQL computing the same figures. Registered in ``PortalConfig.ready``."""
from mandates.benchmarks.workloads import Workload, http, sql_floor

PUBLIC = ("p.is_public AND p.status IN ('approved', 'in_implementation', 'suspended', 'completed', 'closed') "
          "AND (p.programme_id IS NULL OR EXISTS (SELECT 1 FROM portfolio_programme g WHERE g.id = p.programme_id "
          "AND g.is_public AND g.status IN ('endorsed', 'in_implementation', 'under_evaluation', 'closed')))")

SPENDING = """
SELECT e.project_id, SUBSTR(CAST(e.date AS TEXT), 1, 4), c.donor_id, SUM(e.usd_amount)
FROM finance_expenditure e JOIN portfolio_project p ON p.id = e.project_id
LEFT JOIN finance_contribution c ON c.id = e.contribution_id
WHERE e.kind <> 'obligation' AND %(public)s %(where)s GROUP BY 1, 2, 3
"""
BUDGET = """
SELECT b.project_id, b.year, SUM(b.amount) FROM finance_budgetline b JOIN portfolio_project p ON p.id = b.project_id
WHERE b.is_current AND %(public)s %(where)s GROUP BY 1, 2
"""
LOCATIONS = """
SELECT l.project_id, l.country_id, l.area_id, l.percentage FROM portfolio_projectlocation l
JOIN portfolio_project p ON p.id = l.project_id WHERE %(public)s %(where)s
"""
RESULTS = """
SELECT r.project_id, r.strategynode_id FROM portfolio_project_results r
JOIN portfolio_project p ON p.id = r.project_id WHERE %(public)s %(where)s
"""
BULK = """
SELECT p.code, p.title, p.status, p.start_date, p.end_date,
  (SELECT SUM(usd_amount) FROM finance_expenditure e WHERE e.project_id = p.id AND e.kind <> 'obligation'),
  (SELECT SUM(amount) FROM finance_budgetline b WHERE b.project_id = p.id AND b.is_current)
FROM portfolio_project p WHERE %(public)s ORDER BY p.code
"""


def _in_country(iso3: str) -> str:
    return ("AND EXISTS (SELECT 1 FROM portfolio_projectlocation k JOIN geography_country gc ON gc.id = k.country_id "
            f"WHERE k.project_id = p.id AND gc.iso3 = '{iso3}')")


def portal_workloads(client, scale: int) -> list[Workload]:
    figures = [SPENDING, BUDGET, LOCATIONS, RESULTS]
    return [
        Workload("portal overview (public)", http(client, "/open/"),
                 sql_floor([q.replace("%(where)s", "") for q in figures], public=PUBLIC)),
        Workload("portal country page (Kenya)", http(client, "/open/countries/KEN/"),
                 sql_floor([q.replace("%(where)s", _in_country("KEN")) for q in figures], public=PUBLIC)),
        Workload("portal bulk download (CSV, streamed)", http(client, "/open/download/all.csv"),
                 sql_floor([BULK], public=PUBLIC), repeat=1, kind="export"),
    ]


def register() -> None:
    from mandates.benchmarks import workloads

    if portal_workloads not in workloads.EXTRA:
        workloads.EXTRA.append(portal_workloads)
