"""``make bench`` rows for reports: the technical-cooperation report of 2008-2009 as at 31 May 2009,
on screen (all facts) and written as Word and PDF, the Kenya profile and the medium-term report on
screen, and every other kind in Word (the progress report on all regional programmes, a donor report, the
Kenya and Africa profiles, the medium-term report), the programme performance report and the longest kind's
PDF (all regional programmes: LibreOffice from the Word document), each under the 10-second limit for reports."""

# The floor of a profile: the budget and expenditure of the period of the projects located in the country.
COUNTRY_PROFILE = ["""
SELECT p.id,
  (SELECT SUM(amount) FROM finance_budgetline l WHERE l.project_id = p.id AND l.is_current AND l.year BETWEEN 2008 AND 2009),
  (SELECT SUM(usd_amount) FROM finance_expenditure x WHERE x.project_id = p.id AND x.date BETWEEN '2008-01-01' AND '2009-12-31')
FROM portfolio_project p WHERE p.id IN (SELECT pl.project_id FROM portfolio_projectlocation pl
  JOIN geography_country c ON c.id = pl.country_id WHERE c.iso3 = 'KEN')
"""]
# The floor of the regional-programmes report: the budget and expenditure of the period of every project of a
# regional programme, per programme.
REGIONAL_PROGRAMMES = ["""
SELECT p.programme_id, p.id,
  (SELECT SUM(amount) FROM finance_budgetline l WHERE l.project_id = p.id AND l.is_current AND l.year BETWEEN 2008 AND 2009),
  (SELECT SUM(usd_amount) FROM finance_expenditure x WHERE x.project_id = p.id AND x.date BETWEEN '2008-01-01' AND '2009-12-31')
FROM portfolio_project p JOIN portfolio_programme g ON g.id = p.programme_id WHERE g.kind = 'regional'
"""]
# The floor of a region profile: the same for the projects located in a country of Africa.
REGION_PROFILE = ["""
SELECT p.id,
  (SELECT SUM(amount) FROM finance_budgetline l WHERE l.project_id = p.id AND l.is_current AND l.year BETWEEN 2008 AND 2009),
  (SELECT SUM(usd_amount) FROM finance_expenditure x WHERE x.project_id = p.id AND x.date BETWEEN '2008-01-01' AND '2009-12-31')
FROM portfolio_project p WHERE p.id IN (SELECT pl.project_id FROM portfolio_projectlocation pl
  JOIN geography_country c ON c.id = pl.country_id JOIN geography_area a ON a.id = c.region_id WHERE a.m49_code = '002')
"""]
# The floor of the programme performance report: the approved indicator values of the biennium.
PERFORMANCE = ["""
SELECT v.indicator_id, v.year, v.value FROM results_indicatorvalue v
WHERE v.status = 'approved' AND v.year BETWEEN 2008 AND 2009
"""]
# The floor of a donor report: the donor's contributions of the biennium and what was charged to them.
DONOR = ["""
SELECT c.id, c.usd_amount, c.received_usd,
  (SELECT SUM(usd_amount) FROM finance_expenditure x WHERE x.contribution_id = c.id AND x.date <= '2009-12-31')
FROM finance_contribution c JOIN finance_donor d ON d.id = c.donor_id WHERE d.name = 'Norway'
  AND c.date <= '2009-12-31'
"""]
# The floor of the medium-term report: the planned cost of the activities of the biennium per project.
MEDIUM_TERM = ["""
SELECT o.project_id, a.currency, COUNT(*), SUM(a.planned_cost) FROM portfolio_activity a
JOIN portfolio_output op ON op.id = a.output_id JOIN portfolio_outcome o ON o.id = op.outcome_id
WHERE (a.start_date IS NULL OR a.start_date <= '2009-12-31') AND (a.end_date IS NULL OR a.end_date >= '2008-01-01')
GROUP BY o.project_id, a.currency
"""]


# Each kind at the same period and date, beside the hand-written SQL of its figures.
KINDS = [
    ("country profile, Kenya (screen)", "profile", "&country=KEN", COUNTRY_PROFILE),
    ("medium-term activities and cost (screen)", "medium-term", "", MEDIUM_TERM),
    ("regional-programmes report, all programmes (Word)", "regional-programmes", "&format=docx", REGIONAL_PROGRAMMES),
    ("donor report, Norway (Word)", "donor", "&donor=Norway&format=docx", DONOR),
    ("country profile, Kenya (Word)", "profile", "&country=KEN&format=docx", COUNTRY_PROFILE),
    ("region profile, Africa (Word)", "profile", "&region=002&format=docx", REGION_PROFILE),
    ("medium-term activities and cost (Word)", "medium-term", "&format=docx", MEDIUM_TERM),
    ("programme performance report (screen)", "programme-performance", "", PERFORMANCE),
    ("regional-programmes report, all programmes (PDF)", "regional-programmes", "&format=pdf", REGIONAL_PROGRAMMES),
]


def workloads(client, scale: int) -> list:
    from mandates.benchmarks import floors
    from mandates.benchmarks.workloads import Workload, http, sql_floor

    query = "period=2008-2009&as_of=2009-05-31"
    treaty_floor = sql_floor(floors.TREATY_STATUS, as_of="2009-05-31")
    return [
        Workload("technical-cooperation report (screen)", http(client, f"/reports/technical-cooperation/?{query}"),
                 treaty_floor, kind="report", limit_ms=10_000),
        Workload("technical-cooperation report (Word)",
                 http(client, f"/reports/technical-cooperation/?{query}&format=docx"), treaty_floor, repeat=2,
                 kind="report", limit_ms=10_000),
        Workload("technical-cooperation report (PDF)",
                 http(client, f"/reports/technical-cooperation/?{query}&format=pdf"), treaty_floor, repeat=2,
                 kind="report", limit_ms=10_000),
        *[Workload(name, http(client, f"/reports/{path}/?period=2008-2009&as_of=2009-12-31{more}"), sql_floor(floor),
                   kind="report", limit_ms=10_000, repeat=1 if "(PDF)" in name else 3)
          for name, path, more, floor in KINDS],
    ]
