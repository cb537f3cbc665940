"""The floor of each workload: bare SQL, written by hand, that computes the same figures.

A workload's time is compared with the time of its floor, measured in the same run on the same
database: the ratio says how much the application adds (ORM, permissions, Python, templates) to
the unavoidable cost of reading the data. The SQL is portable (SQLite and PostgreSQL). ``%(x)s``
placeholders are filled from the workload's parameters.
"""

# Per expected result: its projects, their planned cost (activities), current budget and expenditure,
# the countries where they work and their indicators with approved values — the plan's columns.
IMPLEMENTATION_PLAN = ["""
WITH pr AS (
  SELECT r.project_id, r.strategynode_id FROM portfolio_project_results r
  JOIN strategy_strategynode n ON n.id = r.strategynode_id
  JOIN strategy_strategyperiod sp ON sp.id = n.period_id WHERE sp.code = '2008-2011'),
b AS (SELECT project_id, SUM(amount) s FROM finance_budgetline WHERE is_current AND project_id IS NOT NULL
      GROUP BY project_id),
e AS (SELECT project_id, SUM(usd_amount) s FROM finance_expenditure WHERE project_id IS NOT NULL GROUP BY project_id),
c AS (SELECT o.project_id, SUM(a.planned_cost) s, COUNT(*) n FROM portfolio_activity a
      JOIN portfolio_output op ON op.id = a.output_id JOIN portfolio_outcome o ON o.id = op.outcome_id
      GROUP BY o.project_id)
SELECT pr.strategynode_id, COUNT(*), SUM(b.s), SUM(e.s), SUM(c.s), SUM(c.n)
FROM pr LEFT JOIN b ON b.project_id = pr.project_id LEFT JOIN e ON e.project_id = pr.project_id
LEFT JOIN c ON c.project_id = pr.project_id GROUP BY pr.strategynode_id
""", """
SELECT r.strategynode_id, l.country_id, COUNT(*) FROM portfolio_project_results r
JOIN portfolio_projectlocation l ON l.project_id = r.project_id GROUP BY r.strategynode_id, l.country_id
""", """
SELECT i.result_id, i.id, COUNT(v.id), MAX(v.year) FROM results_indicator i
LEFT JOIN results_indicatorvalue v ON v.indicator_id = i.id AND v.status = 'approved'
WHERE i.result_id IS NOT NULL GROUP BY i.result_id, i.id
"""]

# The plan of one year (``?year=``): the same figures for the projects running in that year, their budget lines of
# that year, their expenditure dated in it, the activities running in it (or undated), the countries where they
# work, and the results' indicators with approved values up to that year. Lighter than the page, as the
# unfiltered floor is (no outcome or output links, no outcome or output indicators).
IMPLEMENTATION_PLAN_YEAR = ["""
WITH pr AS (
  SELECT r.project_id, r.strategynode_id FROM portfolio_project_results r
  JOIN strategy_strategynode n ON n.id = r.strategynode_id
  JOIN strategy_strategyperiod sp ON sp.id = n.period_id
  JOIN portfolio_project p ON p.id = r.project_id
  WHERE sp.code = '2008-2011' AND p.start_date <= '%(end)s' AND p.end_date >= '%(start)s'),
b AS (SELECT project_id, SUM(amount) s FROM finance_budgetline WHERE is_current AND year = %(year)s
      AND project_id IS NOT NULL GROUP BY project_id),
e AS (SELECT project_id, SUM(usd_amount) s FROM finance_expenditure WHERE project_id IS NOT NULL
      AND date >= '%(start)s' AND date <= '%(end)s' GROUP BY project_id),
c AS (SELECT o.project_id, SUM(a.planned_cost) s, COUNT(*) n FROM portfolio_activity a
      JOIN portfolio_output op ON op.id = a.output_id JOIN portfolio_outcome o ON o.id = op.outcome_id
      WHERE (a.start_date IS NULL OR a.start_date <= '%(end)s') AND (a.end_date IS NULL OR a.end_date >= '%(start)s')
      GROUP BY o.project_id)
SELECT pr.strategynode_id, COUNT(*), SUM(b.s), SUM(e.s), SUM(c.s), SUM(c.n)
FROM pr LEFT JOIN b ON b.project_id = pr.project_id LEFT JOIN e ON e.project_id = pr.project_id
LEFT JOIN c ON c.project_id = pr.project_id GROUP BY pr.strategynode_id
""", """
SELECT r.strategynode_id, l.country_id, COUNT(*) FROM portfolio_project_results r
JOIN portfolio_project p ON p.id = r.project_id AND p.start_date <= '%(end)s' AND p.end_date >= '%(start)s'
JOIN portfolio_projectlocation l ON l.project_id = r.project_id GROUP BY r.strategynode_id, l.country_id
""", """
SELECT i.result_id, i.id, COUNT(v.id), MAX(v.year) FROM results_indicator i
LEFT JOIN results_indicatorvalue v ON v.indicator_id = i.id AND v.status = 'approved' AND v.year <= %(year)s
WHERE i.result_id IS NOT NULL GROUP BY i.result_id, i.id
"""]

# The plan filtered by a region (M49 code): the same figures for the projects the region keeps (a location in
# one of its countries or areas, or an activity there), their budget and expenditure times the share of their
# location percentages there, the countries where they work, and the results' indicators with approved values.
# (Lighter than the page: the page also attributes by the activities' planned cost, or equally, when a project
# has no percentages, and reads outcome and output indicators.) The expenditure is summed for every project and
# joined: PostgreSQL's plan for the sum of the kept projects' lines only (an index lookup per line) took 1.7 s at N=20,
# the whole sum 0.2 s.
_KEPT = """
WITH reg AS (SELECT id FROM geography_area WHERE m49_code = '%(region)s'),
rc AS (SELECT id FROM geography_country WHERE region_id IN (SELECT id FROM reg) OR sub_region_id IN (SELECT id FROM reg)
       OR intermediate_region_id IN (SELECT id FROM reg)),
ra AS (SELECT id FROM geography_area WHERE id IN (SELECT id FROM reg) OR parent_id IN (SELECT id FROM reg)
       OR parent_id IN (SELECT id FROM geography_area WHERE parent_id IN (SELECT id FROM reg))),
kept AS (SELECT project_id FROM portfolio_projectlocation WHERE country_id IN (SELECT id FROM rc) OR area_id IN (SELECT id FROM ra)
         UNION SELECT o.project_id FROM portfolio_activity a JOIN portfolio_output op ON op.id = a.output_id
         JOIN portfolio_outcome o ON o.id = op.outcome_id
         WHERE a.area_id IN (SELECT id FROM reg) OR a.country_id IN (SELECT id FROM rc))"""
IMPLEMENTATION_PLAN_REGION = [_KEPT + """,
share AS (SELECT project_id, SUM(CASE WHEN country_id IN (SELECT id FROM rc) OR area_id IN (SELECT id FROM ra)
          THEN percentage ELSE 0 END) / 100 s FROM portfolio_projectlocation
          WHERE project_id IN (SELECT project_id FROM kept) GROUP BY project_id),
pr AS (
  SELECT r.project_id, r.strategynode_id FROM portfolio_project_results r
  JOIN strategy_strategynode n ON n.id = r.strategynode_id
  JOIN strategy_strategyperiod sp ON sp.id = n.period_id
  WHERE sp.code = '2008-2011' AND r.project_id IN (SELECT project_id FROM kept)),
b AS (SELECT project_id, SUM(amount) s FROM finance_budgetline WHERE is_current
      AND project_id IN (SELECT project_id FROM kept) GROUP BY project_id),
e AS (SELECT project_id, SUM(usd_amount) s FROM finance_expenditure WHERE project_id IS NOT NULL GROUP BY project_id),
c AS (SELECT o.project_id, SUM(a.planned_cost) s, COUNT(*) n FROM portfolio_activity a
      JOIN portfolio_output op ON op.id = a.output_id JOIN portfolio_outcome o ON o.id = op.outcome_id
      WHERE o.project_id IN (SELECT project_id FROM kept) GROUP BY o.project_id)
SELECT pr.strategynode_id, COUNT(*), SUM(b.s * COALESCE(sh.s, 1)), SUM(e.s * COALESCE(sh.s, 1)), SUM(c.s), SUM(c.n)
FROM pr LEFT JOIN b ON b.project_id = pr.project_id LEFT JOIN e ON e.project_id = pr.project_id
LEFT JOIN c ON c.project_id = pr.project_id LEFT JOIN share sh ON sh.project_id = pr.project_id
GROUP BY pr.strategynode_id
""", _KEPT + """
SELECT r.strategynode_id, l.country_id, COUNT(*) FROM portfolio_project_results r
JOIN portfolio_projectlocation l ON l.project_id = r.project_id
WHERE r.project_id IN (SELECT project_id FROM kept) GROUP BY r.strategynode_id, l.country_id
""", IMPLEMENTATION_PLAN[2]]

# Per fund segment of the biennium: income, expenditure, support cost, budget; and the budget and
# expenditure of every project (the region / theme / result tables roll these up).
FUND_OVERVIEW = ["""
SELECT s.id, s.code,
  (SELECT SUM(usd_amount) FROM finance_contribution c WHERE c.segment_id = s.id),
  (SELECT SUM(usd_amount) FROM finance_expenditure x WHERE x.segment_id = s.id),
  (SELECT SUM(psc_amount) FROM finance_expenditure x WHERE x.segment_id = s.id),
  (SELECT SUM(amount) FROM finance_budgetline l WHERE l.segment_id = s.id AND l.is_current)
FROM finance_fundsegment s JOIN finance_biennium bi ON bi.id = s.biennium_id WHERE bi.code = '%(biennium)s'
""", """
SELECT project_id, SUM(amount) FROM finance_budgetline WHERE is_current AND project_id IS NOT NULL
AND year BETWEEN %(start)s AND %(end)s GROUP BY project_id
""", """
SELECT project_id, SUM(usd_amount) FROM finance_expenditure WHERE project_id IS NOT NULL
AND date BETWEEN '%(start)s-01-01' AND '%(end)s-12-31' GROUP BY project_id
"""]

# What the projections compute: per segment of every biennium up to the one shown, the income,
# support cost and uses of earlier bienniums in full (opening balances and the previous biennium's
# history), of the biennium shown up to the as-at date, and the pledges dated later but recorded by
# then; the current budgets. (The first version of this floor summed the shown biennium only, so the
# page looked 4-8 times its floor for work the floor did not do.)
PROJECTIONS = ["""
SELECT c.segment_id, SUM(CASE WHEN bi.code <> '%(biennium)s' OR c.date <= '%(as_of)s' THEN c.usd_amount END),
  SUM(CASE WHEN bi.code <> '%(biennium)s' OR c.date <= '%(as_of)s' THEN c.received_usd END),
  SUM(CASE WHEN bi.code = '%(biennium)s' AND c.date > '%(as_of)s' AND c.created_at < '%(as_of)s 23:59:59'
      THEN c.usd_amount END)
FROM finance_contribution c JOIN finance_fundsegment s ON s.id = c.segment_id
JOIN finance_biennium bi ON bi.id = s.biennium_id
WHERE bi.start_year <= (SELECT start_year FROM finance_biennium WHERE code = '%(biennium)s') GROUP BY c.segment_id
""", """
SELECT x.segment_id, SUM(x.usd_amount), SUM(x.psc_amount)
FROM finance_expenditure x JOIN finance_fundsegment s ON s.id = x.segment_id
JOIN finance_biennium bi ON bi.id = s.biennium_id
WHERE bi.start_year <= (SELECT start_year FROM finance_biennium WHERE code = '%(biennium)s')
  AND (bi.code <> '%(biennium)s' OR x.date <= '%(as_of)s') GROUP BY x.segment_id
""", """
SELECT a.segment_id, SUM(a.amount) FROM finance_regularbudgetallotment a
JOIN finance_fundsegment s ON s.id = a.segment_id JOIN finance_biennium bi ON bi.id = s.biennium_id
WHERE bi.start_year <= (SELECT start_year FROM finance_biennium WHERE code = '%(biennium)s') GROUP BY a.segment_id
""", """
SELECT l.segment_id, SUM(l.amount) FROM finance_budgetline l
JOIN finance_fundsegment s ON s.id = l.segment_id JOIN finance_biennium bi ON bi.id = s.biennium_id
WHERE l.is_current AND bi.start_year <= (SELECT start_year FROM finance_biennium WHERE code = '%(biennium)s')
GROUP BY l.segment_id
"""]

# The first page of projects in implementation, with their lead unit and programme, and the count.
PROJECT_LIST = ["""
SELECT p.id, p.code, p.title, p.status, u.code, pg.code FROM portfolio_project p
JOIN organisation_workunit u ON u.id = p.lead_unit_id LEFT JOIN portfolio_programme pg ON pg.id = p.programme_id
WHERE p.status = 'in_implementation' ORDER BY p.code LIMIT 50
""", "SELECT COUNT(*) FROM portfolio_project WHERE status = 'in_implementation'"]

# One project: its row, locations, partners, logframe, indicators with values, budget and expenditure.
PROJECT_PAGE = [
    "SELECT * FROM portfolio_project WHERE id = %(project)s",
    "SELECT * FROM portfolio_projectlocation WHERE project_id = %(project)s",
    "SELECT pp.role, pa.name FROM portfolio_projectpartner pp JOIN partners_partner pa ON pa.id = pp.partner_id "
    "WHERE pp.project_id = %(project)s",
    """SELECT o.code, op.code, a.code, a.title, a.planned_cost FROM portfolio_outcome o
       JOIN portfolio_output op ON op.outcome_id = o.id LEFT JOIN portfolio_activity a ON a.output_id = op.id
       WHERE o.project_id = %(project)s""",
    """SELECT i.id, i.title, v.year, v.value FROM results_indicator i
       LEFT JOIN results_indicatorvalue v ON v.indicator_id = i.id WHERE i.project_id = %(project)s""",
    "SELECT SUM(amount) FROM finance_budgetline WHERE is_current AND project_id = %(project)s",
    "SELECT SUM(usd_amount) FROM finance_expenditure WHERE project_id = %(project)s",
]

# What the tree shows at each node: the distinct projects contributing to it or to any node below it, through
# the project's own links, its outcomes' or its outputs'; and the distinct programmes linked to it or below.
# (The first version of this floor counted the direct project links of each node only — a figure the page does
# not show — so the page looked 27 times its floor at N=20 for work the floor did not do.)
STRATEGY_TREE = ["""
WITH RECURSIVE n AS (
  SELECT n.id, n.parent_id FROM strategy_strategynode n JOIN strategy_strategyperiod sp ON sp.id = n.period_id
  WHERE sp.code = '2008-2011'),
up(id, ancestor) AS (SELECT id, id FROM n UNION ALL
  SELECT up.id, n.parent_id FROM up JOIN n ON n.id = up.ancestor WHERE n.parent_id IS NOT NULL),
pairs AS (
  SELECT r.strategynode_id AS node, r.project_id AS project FROM portfolio_project_results r
  WHERE r.strategynode_id IN (SELECT id FROM n)
  UNION SELECT r.strategynode_id, o.project_id FROM portfolio_outcome_results r
  JOIN portfolio_outcome o ON o.id = r.outcome_id WHERE r.strategynode_id IN (SELECT id FROM n)
  UNION SELECT r.strategynode_id, oc.project_id FROM portfolio_output_results r
  JOIN portfolio_output op ON op.id = r.output_id JOIN portfolio_outcome oc ON oc.id = op.outcome_id
  WHERE r.strategynode_id IN (SELECT id FROM n))
SELECT up.ancestor, COUNT(DISTINCT pairs.project) FROM pairs JOIN up ON up.id = pairs.node GROUP BY up.ancestor
""", """
WITH RECURSIVE n AS (
  SELECT n.id, n.parent_id FROM strategy_strategynode n JOIN strategy_strategyperiod sp ON sp.id = n.period_id
  WHERE sp.code = '2008-2011'),
up(id, ancestor) AS (SELECT id, id FROM n UNION ALL
  SELECT up.id, n.parent_id FROM up JOIN n ON n.id = up.ancestor WHERE n.parent_id IS NOT NULL)
SELECT up.ancestor, COUNT(DISTINCT r.programme_id) FROM portfolio_programme_results r JOIN up ON up.id = r.strategynode_id
GROUP BY up.ancestor
"""]

# Per instrument: signatories and parties as at the date — States only, as the page counts them (a regional
# economic integration organisation's consent is listed, not counted; the first version of this floor counted it).
TREATY_STATUS = ["""
SELECT i.id, i.short_name,
  COUNT(DISTINCT CASE WHEN e.kind IN ('signature', 'succession_to_signature') THEN e.participant_id END),
  COUNT(DISTINCT CASE WHEN e.kind NOT IN ('signature', 'succession_to_signature') THEN e.participant_id END)
FROM treaties_instrument i LEFT JOIN (SELECT e.instrument_id, e.kind, e.participant_id FROM treaties_treatyevent e
  JOIN treaties_participant p ON p.id = e.participant_id WHERE e.date <= '%(as_of)s' AND NOT p.is_rei) e
  ON e.instrument_id = i.id
GROUP BY i.id, i.short_name
"""]

# Every expenditure line the Excel export writes.
ALL_TRANSACTIONS = ["""
SELECT x.date, x.document_number, x.line, s.code, x.kind, p.code, c.code, x.currency, x.amount, x.rate,
       x.usd_amount, x.psc_amount, x.description
FROM finance_expenditure x JOIN finance_fundsegment s ON s.id = x.segment_id
LEFT JOIN portfolio_project p ON p.id = x.project_id JOIN finance_budgetclass c ON c.id = x.budget_class_id
ORDER BY x.date, x.document_number, x.line
"""]

# The IATI export's reads: every published project (public, past approval, not under an unpublished
# or draft programme) and what its activity says — locations, partners, strategy results (sectors),
# outcomes and outputs, contributions with their donors, current budgets per year and whether revised,
# expenditure per month and kind, indicators, targets, approved values with their breakdown.
_PUBLISHED = """
WITH pub AS (SELECT p.id FROM portfolio_project p LEFT JOIN portfolio_programme g ON g.id = p.programme_id
  WHERE p.is_public AND p.status IN ('approved', 'in_implementation', 'suspended', 'completed', 'closed', 'cancelled')
  AND (p.programme_id IS NULL OR (g.is_public AND g.status <> 'draft')))
"""
IATI_EXPORT = [_PUBLISHED + sql for sql in ("""
SELECT p.id, p.code, p.title, p.description, p.objective, p.status, p.start_date, p.end_date, p.updated_at,
  p.iati_identifier FROM portfolio_project p JOIN pub ON pub.id = p.id ORDER BY p.code
""", """
SELECT l.project_id, l.id, l.percentage, c.iso2, c.name, a.m49_code, a.level FROM portfolio_projectlocation l
JOIN pub ON pub.id = l.project_id LEFT JOIN geography_country c ON c.id = l.country_id
LEFT JOIN geography_area a ON a.id = l.area_id ORDER BY l.project_id, c.name, a.m49_code
""", """
SELECT pp.project_id, pp.role, pa.name, pa.iati_organisation_ref, pa.kind FROM portfolio_projectpartner pp
JOIN pub ON pub.id = pp.project_id JOIN partners_partner pa ON pa.id = pp.partner_id
""", """
SELECT r.project_id, n.code FROM portfolio_project_results r JOIN pub ON pub.id = r.project_id
JOIN strategy_strategynode n ON n.id = r.strategynode_id
""", """
SELECT o.project_id, o.id, o.code, o.title, op.id, op.code, op.title FROM portfolio_outcome o
JOIN pub ON pub.id = o.project_id LEFT JOIN portfolio_output op ON op.outcome_id = o.id
ORDER BY o.project_id, o.code, op.code
""", """
SELECT c.project_id, c.reference, c.date, c.usd_amount, c.received_usd, d.id, d.name, d.iati_organisation_ref, d.kind
FROM finance_contribution c JOIN pub ON pub.id = c.project_id JOIN finance_donor d ON d.id = c.donor_id
ORDER BY c.date, c.id
""", """
SELECT b.project_id, b.year, SUM(b.amount), MAX(r.number) FROM finance_budgetline b JOIN pub ON pub.id = b.project_id
JOIN finance_budgetrevision r ON r.id = b.revision_id WHERE b.is_current GROUP BY b.project_id, b.year
ORDER BY b.project_id, b.year
""", """
SELECT x.project_id, SUBSTR(CAST(x.date AS TEXT), 1, 7), x.kind, SUM(x.usd_amount) FROM finance_expenditure x
JOIN pub ON pub.id = x.project_id GROUP BY x.project_id, SUBSTR(CAST(x.date AS TEXT), 1, 7), x.kind ORDER BY 1, 2, 3
""", """
SELECT i.id, i.project_id, i.outcome_id, i.output_id, i.kind, i.title, i.definition, i.baseline_value,
  i.baseline_date, i.baseline_text, i.start_year FROM results_indicator i JOIN pub ON pub.id = i.project_id
ORDER BY i.code, i.id
""", """
SELECT t.indicator_id, t.year, t.value, t.text FROM results_indicatortarget t
JOIN results_indicator i ON i.id = t.indicator_id JOIN pub ON pub.id = i.project_id
""", """
SELECT v.id, v.indicator_id, v.year, v.value, v.text, d.dimension, d.category, d.amount FROM results_indicatorvalue v
JOIN results_indicator i ON i.id = v.indicator_id JOIN pub ON pub.id = i.project_id
LEFT JOIN results_disaggregatedvalue d ON d.value_id = v.id WHERE v.status = 'approved'
ORDER BY v.id, d.dimension, d.category
""")]

# The IATI organisation file: current budget per published project and year (spread over its
# countries), expenditure per year, and the published projects' locations.
IATI_ORGANISATION = [_PUBLISHED + sql for sql in ("""
SELECT b.project_id, b.year, SUM(b.amount) FROM finance_budgetline b JOIN pub ON pub.id = b.project_id
WHERE b.is_current GROUP BY b.project_id, b.year
""", """
SELECT SUBSTR(CAST(x.date AS TEXT), 1, 4), SUM(x.usd_amount) FROM finance_expenditure x
JOIN pub ON pub.id = x.project_id
GROUP BY SUBSTR(CAST(x.date AS TEXT), 1, 4)
""", """
SELECT l.project_id, l.id, l.percentage, c.iso2, a.level FROM portfolio_projectlocation l
JOIN pub ON pub.id = l.project_id LEFT JOIN geography_country c ON c.id = l.country_id
LEFT JOIN geography_area a ON a.id = l.area_id ORDER BY l.id
""")]
