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
# Where the money goes: each place with its name and region (the country and region tables).
LOCATIONS = """
SELECT l.project_id, l.country_id, l.area_id, l.percentage, c.name, c.iso3, c.m49_code, c.region_id, a.name, a.m49_code
FROM portfolio_projectlocation l JOIN portfolio_project p ON p.id = l.project_id
LEFT JOIN geography_country c ON c.id = l.country_id LEFT JOIN geography_area a ON a.id = l.area_id
WHERE %(public)s %(where)s
"""
RESULTS = """
SELECT r.project_id, r.strategynode_id FROM portfolio_project_results r
JOIN portfolio_project p ON p.id = r.project_id WHERE %(public)s %(where)s
"""
# The names the page shows beside the figures: donors, expected results and their themes (the tree above
# them), regions.
NAMES = [
    "SELECT id, name FROM finance_donor",
    "SELECT id, code, title, parent_id, sort_key, period_id FROM strategy_strategynode WHERE track = 'results'",
    "SELECT id, name, m49_code FROM geography_area WHERE level = 'region'",
]
# The filter sentence's choices: countries with published work, themes, the years the projects span.
CHOICES = [
    """SELECT c.id, c.iso3, c.name FROM geography_country c WHERE c.id IN (SELECT l.country_id
       FROM portfolio_projectlocation l JOIN portfolio_project p ON p.id = l.project_id WHERE %(public)s) ORDER BY c.name""",
    "SELECT n.id, n.code, n.title FROM strategy_strategynode n WHERE n.track = 'results' AND n.level = 0",
    "SELECT MIN(p.start_date), MAX(p.end_date) FROM portfolio_project p WHERE %(public)s",
]
# A country's page shows its share of each project's money (the location's percentage, or an equal share of
# the project's places when none is given), by year and by donor; its published projects; its latest
# deliveries; and the latest values of the main statistics series there.
SHARE = """
WITH places AS (SELECT l.project_id, l.country_id, l.percentage,
  COUNT(*) OVER (PARTITION BY l.project_id) AS n, COUNT(l.percentage) OVER (PARTITION BY l.project_id) AS given
  FROM portfolio_projectlocation l WHERE l.project_id IN (SELECT k.project_id FROM portfolio_projectlocation k
  JOIN geography_country kc ON kc.id = k.country_id WHERE kc.iso3 = '%(iso3)s')),
share AS (SELECT pl.project_id, SUM(CASE WHEN pl.given > 0 THEN COALESCE(pl.percentage, 0) / 100.0 ELSE 1.0 / pl.n END) AS s
  FROM places pl JOIN geography_country gc ON gc.id = pl.country_id WHERE gc.iso3 = '%(iso3)s' GROUP BY pl.project_id)
"""
COUNTRY = [SHARE + """
SELECT SUBSTR(CAST(e.date AS TEXT), 1, 4), c.donor_id, d.name, SUM(e.usd_amount * share.s)
FROM finance_expenditure e JOIN share ON share.project_id = e.project_id JOIN portfolio_project p ON p.id = e.project_id
LEFT JOIN finance_contribution c ON c.id = e.contribution_id LEFT JOIN finance_donor d ON d.id = c.donor_id
WHERE e.kind <> 'obligation' AND %(public)s GROUP BY 1, 2, 3
""", SHARE + """
SELECT b.year, SUM(b.amount * share.s) FROM finance_budgetline b JOIN share ON share.project_id = b.project_id
JOIN portfolio_project p ON p.id = b.project_id WHERE b.is_current AND %(public)s GROUP BY 1
""", """
SELECT p.code, p.title, p.status, p.start_date, p.end_date FROM portfolio_project p
WHERE %(public)s %(where)s ORDER BY p.code
""", """
SELECT d.end_date, d.title, d.kind, p.code FROM results_delivery d JOIN portfolio_project p ON p.id = d.project_id
JOIN geography_country gc ON gc.id = d.country_id WHERE gc.iso3 = '%(iso3)s' AND %(public)s
ORDER BY d.end_date DESC, d.id DESC LIMIT 50
""", """
SELECT s.collection, s.indicator, s.dimension, s.category, s.unit, v.year, v.value, v.source
FROM statistics_value v JOIN statistics_series s ON s.id = v.series_id
WHERE v.area_id = (SELECT a.id FROM statistics_statarea a JOIN geography_country gc ON gc.id = a.country_id
  WHERE gc.iso3 = '%(iso3)s' AND a.kind = 'country' LIMIT 1)
  AND s.sex = 'Total' AND s.age = 'Total' AND v.year >= 1900 AND (%(main_series)s) ORDER BY v.year DESC
"""]


def _main_series() -> str:
    from mandates.statistics.selectors import MAIN_SERIES

    return " OR ".join(f"(s.collection = '{c}' AND s.indicator = '{i}' AND s.dimension = '{d}' AND s.category = '{k}' "
                       f"AND s.unit = '{u}')" for c, i, d, k, u in MAIN_SERIES)
BULK = """
SELECT p.code, p.title, p.status, p.start_date, p.end_date,
  (SELECT SUM(usd_amount) FROM finance_expenditure e WHERE e.project_id = p.id AND e.kind <> 'obligation'),
  (SELECT SUM(amount) FROM finance_budgetline b WHERE b.project_id = p.id AND b.is_current)
FROM portfolio_project p WHERE %(public)s ORDER BY p.code
"""


def _in_country(iso3: str) -> str:
    return ("AND EXISTS (SELECT 1 FROM portfolio_projectlocation k JOIN geography_country gc ON gc.id = k.country_id "
            f"WHERE k.project_id = p.id AND gc.iso3 = '{iso3}')")


def overview_floor() -> list[str]:
    return [q.replace("%(where)s", "") for q in (SPENDING, BUDGET, LOCATIONS, RESULTS)] + NAMES + CHOICES


def country_floor(iso3: str) -> list[str]:
    return [q.replace("%(where)s", _in_country(iso3)).replace("%(iso3)s", iso3).replace("%(main_series)s", _main_series())
            for q in COUNTRY]


def portal_workloads(client, scale: int) -> list[Workload]:
    return [
        Workload("portal overview (public)", http(client, "/open/"), sql_floor(overview_floor(), public=PUBLIC)),
        Workload("portal country page (Kenya)", http(client, "/open/countries/KEN/"),
                 sql_floor(country_floor("KEN"), public=PUBLIC)),
        Workload("portal bulk download (CSV, streamed)", http(client, "/open/download/all.csv"),
                 sql_floor([BULK], public=PUBLIC), repeat=1, kind="export"),
    ]


def register() -> None:
    from mandates.benchmarks import workloads

    if portal_workloads not in workloads.EXTRA:
        workloads.EXTRA.append(portal_workloads)
