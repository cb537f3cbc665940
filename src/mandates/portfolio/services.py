"""Writes to the portfolio. CONTRACT (signatures agreed between apps; implementation pending)."""
# create_programme(*, by, **fields) -> Programme
#   fields: code, title, kind, summary, strategy_period, start_date, end_date, lead_unit,
#           countries (iterable of Country), areas (iterable of Area), results (iterable of StrategyNode),
#           is_public, is_demo
# update_programme(programme, *, by, **fields) -> Programme
# add_component(programme, *, by, code, title, description="") -> ProgrammeComponent
# add_consultation(programme, *, by, kind, date, place="", summary="") -> ProgrammeConsultation
# create_project(*, by, **fields) -> Project
#   fields: code, title, objective, description, programme, component, strategy_period (defaults to
#           the programme's), lead_unit, start_date, end_date, results, is_public, is_demo, iati_identifier,
#           locations (iterable of dicts {"country": Country} | {"area": Area}, optional "percentage"),
#           partners (iterable of (Partner, role))
# update_project(project, *, by, **fields) -> Project
# add_outcome(project, *, by, code, title, results=()) -> Outcome
# add_output(outcome, *, by, code, title, results=()) -> Output
# add_activity(output, *, by, code, title, description="", country=None, area=None, start_date=None,
#              end_date=None, responsible_unit=None, planned_cost=Decimal("0"), currency="USD") -> Activity
# update_outcome / update_output / update_activity(obj, *, by, **fields); delete_logframe_item(obj, *, by)
# transition(obj, name, *, by, comment="") -> StatusChange  (Programme or Project; core.lifecycle.run_transition)
# All raise django.core.exceptions.ValidationError({field: message}) on bad input and save nothing.
