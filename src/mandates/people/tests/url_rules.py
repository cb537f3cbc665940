"""Every URL of the project and the permission rule it answers to.

The permission walk (``test_permission_matrix.py``) enumerates the URL conf and looks each URL's name up
here: a URL added without a rule fails the walk. A rule says which matrix object and action decide the
answer, and how to build the URL for the world's "A" and "B" records (``matrix_world.py``):

- ``Obj(kind, action, kwargs)``: one record; allowed iff ``permissions.can(user, action, record)``.
- ``Model(kind, action)``: a list, a create form, an export; allowed iff the role's scope is not ``none``.
  Lists and exports are also searched for the markers of records the person may not view.
- ``Public()``: open to everyone (the portal, health checks, login); searched for the markers of
  unpublished records.
- ``Refuse(kinds...)``: POST-only writes; every role without the action is refused and nothing changes.
- ``Skip(reason)``: not walked here, and why.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Obj:
    kind: str
    action: str
    kwargs: object  # callable(world, side) -> dict | None
    query: str = ""
    method: str = "get"
    public: bool = False  # the portal: answers as for the public, whoever asks


@dataclass(frozen=True)
class Model:
    kind: str
    action: str = "view"
    kwargs: dict = field(default_factory=dict)
    query: str = ""


@dataclass(frozen=True)
class Public:
    kwargs: object = None  # callable(world) -> dict
    query: str = ""


@dataclass(frozen=True)
class Skip:
    reason: str


def pk(kind, name="pk"):
    return lambda w, s: {name: w[kind][s].pk} if s in w[kind] else None


def attr(kind, name, attribute):
    return lambda w, s: {name: getattr(w[kind][s], attribute)} if s in w[kind] else None


def sub(kind, name, relation):
    """The pk of a record's child, e.g. a project's first outcome."""
    def kwargs(w, s):
        if s not in w[kind]:
            return None
        return {"pk": w[kind][s].pk, name: getattr(w[kind][s], relation).first().pk}
    return kwargs


def value(w, s):
    return {"value_pk": w["indicator_value"][s].pk}


ADMIN = Skip("Django admin: staff only (is_staff), walked by test_admin_is_staff_only")
SERVICE_WRITE = "a POST-only write; refusals are walked by test_post_writes_refuse_roles_without_the_action"

PAGES = {
    "core:home": Model("project"),
    "core:suggest": Skip("type-ahead lists: core/tests checks they hold only what the person may see"),
    "people:login": Public(),
    "people:logout": Skip("POST-only, ends the session"),
    "people:profile": Skip("a signed-in person's own page; anonymous visitors sent to login (test_anonymous)"),
    "strategy:tree": Public(),
    "strategy:import": Model("strategy", "add"),
    "strategy:period": Public(lambda w: {"period": w["period"].code}),
    "strategy:node": Public(lambda w: {"period": w["period"].code, "code": w["result"].code}),
    "strategy:node_edit": Model("strategy", "change",
                                kwargs={"period": "2008-2011", "code": "1.1"}),
    "portfolio:programme_list": Model("programme"),
    "portfolio:programme_create": Model("programme", "add"),
    "portfolio:programme_detail": Obj("programme", "view", pk("programme")),
    "portfolio:programme_edit": Obj("programme", "change", pk("programme")),
    "portfolio:programme_transition": Obj("programme", "transition", pk("programme"), method="post"),
    "portfolio:programme_component_add": Obj("programme", "change", pk("programme")),
    "portfolio:programme_consultation_add": Obj("programme", "change", pk("programme")),
    "portfolio:project_list": Model("project"),
    "portfolio:project_create": Model("project", "add"),
    "portfolio:project_detail": Obj("project", "view", pk("project")),
    "portfolio:project_edit": Obj("project", "change", pk("project")),
    "portfolio:project_delete": Obj("project", "delete", pk("project")),
    "portfolio:project_transition": Obj("project", "transition", pk("project"), method="post"),
    "portfolio:project_partner_add": Obj("project", "change", pk("project")),
    "portfolio:project_partner_remove": Skip("needs a partner role row; the same view guard as partner_add"),
    "portfolio:outcome_add": Obj("project", "change", pk("project")),
    "portfolio:outcome_edit": Obj("project", "change", sub("project", "row_pk", "outcomes")),
    "portfolio:output_add": Obj("project", "change", lambda w, s: {
        "pk": w["project"][s].pk, "row_pk": w["project"][s].outcomes.first().pk}),
    "portfolio:output_edit": Obj("project", "change", lambda w, s: {
        "pk": w["project"][s].pk, "row_pk": w["indicator"][s].output_id}),
    "portfolio:activity_add": Obj("project", "change", lambda w, s: {
        "pk": w["project"][s].pk, "row_pk": w["indicator"][s].output_id}),
    "portfolio:activity_edit": Skip("the world has no activities; same guard as activity_add"),
    "portfolio:logframe_delete": Obj("project", "change", lambda w, s: {
        "pk": w["project"][s].pk, "kind": "outcomes", "row_pk": w["project"][s].outcomes.first().pk}),
    "partners:list": Public(),
    "partners:create": Model("partner", "add"),
    "partners:detail": Obj("partner", "view", pk("partner")),
    "partners:edit": Obj("partner", "change", pk("partner")),
    "organisation:tree": Public(),
    "organisation:detail": Public(lambda w: {"code": "ROEA"}),
    "geography:list": Public(),
    "geography:detail": Public(lambda w: {"iso3": "KEN"}),
    "finance:overview": Model("finance"),
    "finance:projections": Model("finance"),
    "finance:segment_settings": Skip("finance structure settings: finance officers; walked in finance tests"),
    "finance:group_settings": Skip("finance structure settings: finance officers; walked in finance tests"),
    "finance:delivery": Model("finance"),
    "finance:allotments": Model("finance"),
    "finance:donor_list": Model("donor"),
    "finance:donor_create": Model("donor", "add"),
    "finance:donor_detail": Obj("donor", "view", pk("donor")),
    "finance:donor_edit": Obj("donor", "change", pk("donor")),
    "finance:contribution_list": Model("contribution"),
    "finance:contribution_create": Model("contribution", "add"),
    "finance:contribution_detail": Obj("contribution", "view", pk("contribution")),
    "finance:contribution_edit": Obj("contribution", "change", pk("contribution")),
    "finance:contribution_receipt": Obj("contribution", "change", pk("contribution"), method="post"),
    "finance:project": Obj("project_finance", "view", pk("project")),
    "finance:project_budget": Obj("project_finance", "add", pk("project")),
    "finance:office_budget": Skip("the regular budget of an office: finance officers; walked in finance tests"),
    "finance:import": Model("finance", "add"),
    "finance:import_template": Public(lambda w: {"fmt": "csv"}),  # the empty template, no data
    "finance:rates": Model("finance"),
    "finance:transactions": Model("project_finance", kwargs={"fmt": "csv"}),
    "results:indicator_list": Model("indicator"),
    "results:indicator_create": Model("indicator", "add"),
    "results:indicator_detail": Obj("indicator", "view", pk("indicator")),
    "results:indicator_edit": Obj("indicator", "change", pk("indicator")),
    "results:indicator_targets": Obj("indicator", "change", pk("indicator")),
    "results:value_create": Obj("indicator_value", "add", pk("indicator")),
    "results:value_edit": Obj("indicator_value", "change", value),
    "results:value_review": Obj("indicator_value", "transition", value, method="post"),
    "results:pending_values": Model("indicator_value", "transition"),
    "results:overdue_activities": Model("project"),
    "results:delivery_list": Model("delivery"),
    "results:delivery_create": Model("delivery", "add"),
    "results:delivery_detail": Obj("delivery", "view", pk("delivery")),
    "results:delivery_edit": Obj("delivery", "change", pk("delivery")),
    "results:plan": Model("implementation_plan"),
    "results:plan_result": Skip("one row of the plan in full: results/tests/test_plan checks its 403 and 404"),
    "results:plan_excel": Model("implementation_plan"),
    "results:plan_word": Model("implementation_plan"),
    "evaluation:list": Model("evaluation"),
    "evaluation:create": Model("evaluation", "add"),
    "evaluation:detail": Obj("evaluation", "view", pk("evaluation")),
    "evaluation:edit": Obj("evaluation", "change", pk("evaluation")),
    "evaluation:finding_add": Obj("evaluation", "change", pk("evaluation")),
    "evaluation:recommendation_add": Obj("evaluation", "change", pk("evaluation")),
    "evaluation:recommendation_edit": Obj("evaluation", "change", lambda w, s: {
        "rec_pk": w["recommendation"][s].pk}),
    "evaluation:response": Obj("evaluation", "change", lambda w, s: {"rec_pk": w["recommendation"][s].pk}),
    "evaluation:action_add": Obj("evaluation", "change", lambda w, s: {"rec_pk": w["recommendation"][s].pk}),
    "evaluation:action_edit": Obj("action_item", "change", pk("action_item", "action_pk")),
    "evaluation:follow_up": Model("action_item"),
    "evaluation:lessons": Model("lesson"),
    "evaluation:lesson_create": Model("lesson", "add"),
    "evaluation:lesson_detail": Obj("lesson", "view", pk("lesson")),
    "evaluation:lesson_edit": Obj("lesson", "change", pk("lesson")),
    "resolutions:list": Public(),
    "resolutions:import": Model("resolution", "add"),
    "resolutions:review": Skip("an import draft is private to the person who imported it: test_review walks it"),
    "resolutions:review_correct": Skip("an import draft is private to the person who imported it: test_review"),
    "resolutions:review_save": Skip("an import draft is private to the person who imported it: test_review"),
    "resolutions:review_cancel": Skip("an import draft is private to the person who imported it: test_review"),
    "resolutions:detail": Obj("resolution", "view", pk("resolution")),
    "resolutions:edit": Obj("resolution", "change", pk("resolution")),
    "resolutions:delete": Obj("resolution", "delete", pk("resolution"), method="post"),
    "resolutions:suggest": Obj("resolution", "change", pk("resolution"), method="post"),
    "resolutions:paragraph_edit": Skip("the world's resolution has no paragraphs; resolution tests walk them"),
    "resolutions:paragraph_merge": Skip("the world's resolution has no paragraphs; resolution tests walk them"),
    "resolutions:paragraph_split": Skip("the world's resolution has no paragraphs; resolution tests walk them"),
    "resolutions:paragraph_link": Skip("the world's resolution has no paragraphs; resolution tests walk them"),
    "resolutions:obligation_create": Skip("the world's resolution has no paragraphs; resolution tests walk them"),
    "resolutions:link_decide": Skip("the world's resolution has no links; resolution tests walk them"),
    "resolutions:calendar": Public(),
    "resolutions:obligation_edit": Skip("the world has no obligations; resolution tests walk them"),
    "resolutions:obligation_delete": Skip("the world has no obligations; resolution tests walk them"),
    "resolutions:results": Public(),
    "resolutions:results_period": Public(lambda w: {"period": w["period"].code}),
    "resolutions:result": Public(lambda w: {"period": w["period"].code, "code": w["result"].code}),
    "assistance:list": Model("assistance_request"),
    "assistance:create": Model("assistance_request", "add"),
    "assistance:statistics": Model("assistance_request"),
    "assistance:detail": Obj("assistance_request", "view", pk("assistance_request")),
    "assistance:edit": Obj("assistance_request", "change", pk("assistance_request")),
    "assistance:transition": Obj("assistance_request", "transition", pk("assistance_request"), method="post"),
    "treaties:list": Public(),
    "treaties:table": Public(),
    "treaties:assisted": Public(),
    "treaties:import": Model("treaty", "add"),
    "treaties:states": Public(),
    "treaties:state": Public(lambda w: {"code": "KEN"}),
    "treaties:event_assistance": Skip("the world has no treaty events; treaty tests walk it"),
    "treaties:detail": Skip("the world has no instruments (treaties are public to all)"),
    "treaties:edit": Skip("the world has no instruments; treaty tests walk the edit page"),
    "reporting:list": Model("report"),
    "reporting:adhoc": Model("report", query="?period=2008-2009"),
    "reporting:performance": Model("report", query="?period=2008-2009"),
    "reporting:regional": Model("report", query="?period=2008-2009"),
    "reporting:donor": Skip("needs a donor of the reporting data; reporting tests walk it"),
    "reporting:profile": Model("report", query="?period=2008-2009&country=KEN"),
    "reporting:medium_term": Model("report", query="?period=2008-2009"),
    "reporting:fact_records": Skip("needs a fact key; reporting tests walk each fact's records"),
    "reporting:narratives": Model("narrative"),
    "reporting:narrative_create": Model("narrative", "add"),
    "reporting:narrative_edit": Obj("narrative", "change", pk("narrative")),
    "reporting:detail": Obj("report", "view", pk("report")),
    "reporting:download": Obj("report", "view", lambda w, s: {"pk": w["report"][s].pk, "fmt": "docx"}
                              if s in w["report"] else None),
    "reporting:transition": Obj("report", "transition", pk("report"), method="post"),
    "reporting:items": Obj("report", "change", pk("report"), method="post"),
    "reporting:differences": Skip("only a final report has frozen figures; reporting tests walk it"),
    "statistics:explorer": Public(),
    "statistics:download": Skip("the world has no statistics (public to all); statistics tests walk it"),
    "statistics:area": Skip("the world has no statistics (public to all); statistics tests walk it"),
    "statistics:area_download": Skip("the world has no statistics (public to all); statistics tests walk it"),
    "statistics:capacity": Public(),
    "statistics:imports": Model("statistic_import"),
    "statistics:link": Obj("indicator", "change", pk("indicator", "indicator_id")),
    "jobs:list": Skip("a person's own jobs; jobs tests prove nobody sees another's job"),
    "jobs:start": Skip("POST-only; each job kind's allowed() is tested with the kind"),
    "jobs:detail": Skip("a person's own jobs; jobs tests prove nobody sees another's job"),
    "jobs:progress": Skip("a person's own jobs; jobs tests prove nobody sees another's job"),
    "jobs:download": Skip("a person's own jobs; jobs tests prove nobody sees another's job"),
    "search:search": Model("project", query="?q=MARK"),
    "notifications:list": Skip("a person's own notifications; notification tests"),
    "notifications:read_all": Skip("a person's own notifications; notification tests"),
    "notifications:unread": Skip("a person's own notifications; notification tests"),
    "notifications:open": Skip("a person's own notifications; notification tests"),
    "notifications:changes": Skip("a person's own changes since the last visit; notification tests"),
    "notifications:preferences": Skip("a person's own notifications; notification tests"),
    "interop:open_data": Public(),
    "interop:activities_file": Public(),
    "interop:organisation_file": Public(),
    "interop:imports": Model("iati_import"),
    "interop:coordination": Model("external_activity"),
    "interop:import_detail": Skip("the world has no IATI imports; interop tests walk them"),
    "interop:activity_list": Public(),
    "interop:activity_detail": Skip("the world has no external activities (public to all)"),
    "api-schema": Public(),
    "api-docs": Public(),
    "health": Public(),
    "health-live": Public(),
    "set_language": Skip("POST-only, sets a cookie"),
    "portal:overview": Public(),
    "portal:project_list": Public(),
    "portal:project": Obj("project", "view", attr("project", "code", "code"), public=True),
    "portal:programme_list": Public(),
    "portal:programme": Obj("programme", "view", attr("programme", "code", "code"), public=True),
    "portal:country": Public(lambda w: {"iso3": "KEN"}),
    "portal:region": Public(lambda w: {"m49": "014"}),
    "portal:donor": Skip("donor pages follow published contributions; portal tests walk them"),
    "portal:suggest_donors": Public(query="?donor=a"),
    "portal:result": Public(lambda w: {"pk": w["result"].pk}),
    "portal:search": Public(query="?q=MARK"),
    "portal:accessibility": Public(),
    "portal:embed": Public(lambda w: {"chart": "year"}),
    "portal:bulk": Public(),
    "portal:iati": Public(lambda w: {"kind": "activities"}),
    "portal:download": Public(lambda w: {"name": "projects", "fmt": "csv"}),
    "portal:mine": Skip("a reader's own scope; portal test_scoped_views walks it per role"),
    "portal:my_download": Skip("a reader's own scope; portal test_scoped_views walks it per role"),
    "?": Skip("the language-prefixed portal (/fr/open/...) serves the same views as /open/"),
}

API = {
    "strategy-period-list": Public(),
    "strategy-period-detail": Public(lambda w: {"code": w["period"].code}),
    "strategy-result-list": Public(),
    "strategy-result-detail": Skip("expected results are the tree's last level; strategy API tests walk it"),
    "strategy-node-list": Public(),
    "strategy-node-detail": Public(lambda w: {"pk": w["result"].pk}),
    "programme-list": Model("programme"),
    "programme-detail": Obj("programme", "view", pk("programme")),
    "programme-transition": Obj("programme", "transition", pk("programme"), method="post"),
    "project-list": Model("project"),
    "project-detail": Obj("project", "view", pk("project")),
    "project-transition": Obj("project", "transition", pk("project"), method="post"),
    "partner-list": Public(),
    "partner-detail": Obj("partner", "view", pk("partner")),
    "work-unit-list": Public(),
    "work-unit-detail": Public(lambda w: {"code": "ROEA"}),
    "country-list": Public(),
    "country-detail": Public(lambda w: {"iso3": "KEN"}),
    "area-list": Public(),
    "area-detail": Public(lambda w: {"m49_code": "014"}),
    "finance-funds": Model("finance"),
    "finance-projections": Model("finance"),
    "finance-delivery": Model("finance"),
    "finance-project": Obj("project_finance", "view", pk("project")),
    "finance-expenditure-import": Obj("finance", "add", lambda w, s: {}, method="post"),
    "finance-donor-list": Model("donor"),
    "finance-donor-detail": Obj("donor", "view", pk("donor")),
    "finance-contribution-list": Model("contribution"),
    "finance-contribution-detail": Obj("contribution", "view", pk("contribution")),
    "finance-budget-list": Model("project_finance"),
    "finance-budget-revision-list": Model("project_finance"),
    "finance-budget-revision-detail": Skip("revisions follow their project: finance-project walks the same rule"),
    "finance-expenditure-list": Model("project_finance"),
    "finance-rate-list": Model("finance"),
    "implementation-plan": Model("implementation_plan"),
    "indicator-list": Model("indicator"),
    "indicator-detail": Obj("indicator", "view", pk("indicator")),
    "indicator-value-list": Model("indicator_value"),
    "indicator-value-detail": Obj("indicator_value", "view", pk("indicator_value")),
    "indicator-value-approve": Obj("indicator_value", "transition", pk("indicator_value"), method="post"),
    "indicator-value-reopen": Obj("indicator_value", "transition", pk("indicator_value"), method="post"),
    "indicator-value-return-value": Obj("indicator_value", "transition", pk("indicator_value"), method="post"),
    "delivery-list": Model("delivery"),
    "delivery-detail": Obj("delivery", "view", pk("delivery")),
    "evaluation-list": Model("evaluation"),
    "evaluation-detail": Obj("evaluation", "view", pk("evaluation")),
    "recommendation-list": Model("evaluation"),
    "recommendation-detail": Obj("evaluation", "view", pk("recommendation")),
    "recommendation-response": Obj("evaluation", "change", pk("recommendation"), method="post"),
    "action-item-list": Model("action_item"),
    "action-item-detail": Obj("action_item", "view", pk("action_item")),
    "lesson-list": Model("lesson"),
    "lesson-detail": Obj("lesson", "view", pk("lesson")),
    "resolution-paragraph-list": Public(query="?symbol=A/RES/64/179"),
    "resolution-obligation-list": Public(),
    "resolution-obligation-detail": Skip("the world has no obligations; resolution API tests walk them"),
    "resolution-link-list": Public(),
    "resolution-link-detail": Skip("the world has no links; resolution API tests walk them"),
    "resolution-link-confirm": Skip("the world has no links; resolution API tests walk them"),
    "resolution-link-reject": Skip("the world has no links; resolution API tests walk them"),
    "resolution-list": Public(),
    "resolution-import-text": Skip("POST only, planning officers: resolutions/tests/test_api checks who may import"),
    "resolution-detail": Obj("resolution", "view", pk("resolution")),
    "assistance-request-list": Model("assistance_request"),
    "assistance-request-statistics": Model("assistance_request"),
    "assistance-request-detail": Obj("assistance_request", "view", pk("assistance_request")),
    "assistance-request-transition": Obj("assistance_request", "transition", pk("assistance_request"),
                                         method="post"),
    "treaty-instrument-list": Public(),
    "treaty-instrument-detail": Skip("the world has no instruments (treaties are public to all)"),
    "treaty-instrument-series": Skip("the world has no instruments (treaties are public to all)"),
    "treaty-status-list": Skip("needs an instrument; the world has none (treaties are public to all)"),
    "treaty-state-list": Public(),
    "treaty-state-detail": Public(lambda w: {"code": "KEN"}),
    "statistics-series-list": Public(),
    "statistics-series-detail": Skip("the world has no series (statistics are public to all)"),
    "statistics-value-list": Public(),
    "statistics-value-bulk": Obj("statistic_value", "add", lambda w, s: {}, method="post"),
    "statistics-value-detail": Skip("the world has no values (statistics are public to all)"),
}


def rule_for(name: str, route: str):
    if name.startswith("admin:"):
        return ADMIN
    if route.startswith("api/v1/") and name in API:
        return API[name]
    return PAGES.get(name)
