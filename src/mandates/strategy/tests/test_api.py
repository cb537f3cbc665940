"""The strategy API: periods, results with their ancestors, node writes through the services."""
import pytest
import yaml
from auditlog.models import LogEntry

from mandates.strategy import selectors
from mandates.strategy.models import StrategyNode
from mandates.strategy.services import load_strategy

API = "/api/v1/strategy"


def node(period, code):
    return StrategyNode.objects.get(period=period, code=code)


@pytest.mark.django_db
def test_periods_are_public_with_their_level_names(client, shipped, four_levels):
    body = client.get(f"{API}/periods").json()
    assert [p["code"] for p in body["results"]] == ["2012-2015", "2008-2011"]
    one = client.get(f"{API}/periods/2008-2011").json()
    assert one["level_names"] == ["theme", "result area", "expected result"]
    assert one["level_keys"] == ["theme", "result_area", "expected_result"]
    assert one["adopted_by"] == "ECOSOC resolution 2007/12"


@pytest.mark.django_db
def test_results_of_a_period_carry_their_theme_and_result_area(client, shipped):
    body = client.get(f"{API}/results?period=2008-2011&page_size=100").json()
    assert body["count"] == 53 and len(body["results"]) == 53
    item = next(r for r in body["results"] if r["code"] == "1.2.5")
    assert item["period"] == "2008-2011" and item["level_name"] == "expected result" and item["is_result"]
    assert item["title"].startswith("Enhanced knowledge of the barriers to and good practices")
    assert item["result_area"] == {"id": node(shipped, "1.2").pk, "code": "1.2",
                                   "title": "International cooperation in criminal justice matters"}
    assert item["theme"]["code"] == "1" and item["theme"]["title"] == "Rule of law"
    assert [(a["code"], a["level_name"]) for a in item["ancestors"]] == [("1", "theme"), ("1.2", "result area")]
    one = client.get(f"{API}/results/{item['id']}").json()
    assert one["result_area"]["code"] == "1.2" and one["code"] == "1.2.5"
    theme_id = node(shipped, "1").pk
    assert client.get(f"{API}/results/{theme_id}").status_code == 404  # a theme is not a result


@pytest.mark.django_db
@pytest.mark.parametrize("query, codes", [
    ("theme=2", ["2.1.1", "2.1.2", "2.2.1", "2.2.2"]),
    ("result_area=1.4", ["1.4.1", "1.4.2", "1.4.3"]),
    ("theme=1&result_area=1.4", ["1.4.1", "1.4.2", "1.4.3"]),
    ("theme=2&result_area=1.4", []),
    ("ancestor=3.7", ["3.7.1", "3.7.2"]),
    ("q=witnesses", ["1.2.8"]),
    ("theme=3&q=juvenile", ["3.7.1", "3.7.2"]),
])
def test_results_filter_by_theme_result_area_and_text(client, shipped, query, codes):
    body = client.get(f"{API}/results?period=2008-2011&{query}&page_size=100").json()
    assert [r["code"] for r in body["results"]] == codes


@pytest.mark.django_db
def test_other_shapes_name_their_ancestors_by_their_own_levels(client, shipped, four_levels, two_levels):
    deep = client.get(f"{API}/results?period=2012-2015").json()
    assert deep["count"] == 7
    first = deep["results"][0]
    assert first["code"] == "A.1.a.i" and first["level_name"] == "expected accomplishment"
    assert (first["pillar"]["code"], first["sub_programme"]["code"], first["outcome"]["code"]) == ("A", "A.1", "A.1.a")
    assert "theme" not in first and len(first["ancestors"]) == 3
    assert [r["code"] for r in client.get(f"{API}/results?period=2012-2015&outcome=A.1.b").json()["results"]] == \
        ["A.1.b.i"]
    assert [r["code"] for r in client.get(f"{API}/results?period=2012-2015&pillar=B").json()["results"]] == \
        ["B.1.a.i"]
    flat = client.get(f"{API}/results?period=2016-2019&goal=G1").json()
    assert [(r["code"], r["goal"]["code"]) for r in flat["results"]] == [("G1-R1", "G1"), ("G1-R2", "G1")]
    everything = client.get(f"{API}/results?page_size=500").json()
    assert everything["count"] == 53 + 7 + 3
    assert client.get(f"{API}/results?period=1999-2000").status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("role, allowed", [
    (None, False), ("reader", False), ("member_state_reader", False), ("programme_manager", False),
    ("planning_officer", True), ("administrator", True),
])
def test_only_planning_officers_and_administrators_write(client, shipped, users, role, allowed):
    if role:
        client.force_login(users[role])
    area = node(shipped, "1.2")
    created = client.post(f"{API}/results", {"period": "2008-2011", "parent": area.pk, "code": "1.2.9",
                                             "title": "Enhanced capacity to trace firearms"},
                          content_type="application/json")
    changed = client.patch(f"{API}/results/{node(shipped, '1.2.8').pk}", {"title": "Witnesses are protected"},
                           content_type="application/json", HTTP_IF_MATCH="*")
    assert client.get(f"{API}/results?period=2008-2011").status_code == 200
    if allowed:
        assert created.status_code == 201 and changed.status_code == 200
        assert created.json()["result_area"]["code"] == "1.2" and created.json()["level"] == 2
        assert changed.json()["title"] == "Witnesses are protected"
        assert LogEntry.objects.get_for_object(node(shipped, "1.2.9")).get().actor == users[role]
    else:
        assert created.status_code in (401, 403) and changed.status_code in (401, 403)
        assert not StrategyNode.objects.filter(code="1.2.9").exists()
        assert node(shipped, "1.2.8").title == "Enhanced capacity to protect witnesses"


@pytest.mark.django_db
def test_bad_writes_answer_400_per_field_and_save_nothing(client, shipped, four_levels, users):
    client.force_login(users["planning_officer"])
    area, other = node(shipped, "1.2"), node(four_levels, "A.1.a")
    cases = [
        ({"period": "2008-2011", "parent": area.pk, "code": "1.2.8", "title": "Twice"}, "code", "already used"),
        ({"period": "2008-2011", "parent": other.pk, "code": "1.2.9", "title": "Elsewhere"}, "parent",
         "belongs to the strategy period 2012-2015"),
        ({"period": "2008-2011", "parent": area.pk, "code": "1.2.9"}, "title", "Give the title"),
        ({"period": "2008-2011", "parent": area.pk, "code": "1 2 9", "title": "Spaces"}, "code", "without spaces"),
        ({"period": "2008-2011", "parent": node(shipped, "1").pk, "code": "1.9", "title": "An area"}, "parent",
         "expected result sits under a result area"),
        ({"period": "2099", "parent": area.pk, "code": "1.2.9", "title": "No period"}, "period", ""),
    ]
    count = StrategyNode.objects.count()
    for payload, field, words in cases:
        response = client.post(f"{API}/results", payload, content_type="application/json")
        assert response.status_code == 400, payload
        assert field in response.json() and words in " ".join(response.json()[field]), response.json()
    assert StrategyNode.objects.count() == count
    nodes_api = client.post(f"{API}/nodes", {"period": "2008-2011", "parent": node(shipped, "1").pk, "code": "1.5",
                                             "title": "Firearms"}, content_type="application/json")
    assert nodes_api.status_code == 201 and nodes_api.json()["level_name"] == "result area"
    moved = client.patch(f"{API}/nodes/{area.pk}", {"parent": node(four_levels, "A").pk},
                         content_type="application/json", HTTP_IF_MATCH="*")
    assert moved.status_code == 400 and "parent" in moved.json()
    blank = client.patch(f"{API}/nodes/{area.pk}", {"title": ""}, content_type="application/json", HTTP_IF_MATCH="*")
    assert blank.status_code == 400 and "title" in blank.json()
    assert node(shipped, "1.2").title == "International cooperation in criminal justice matters"


def big_strategy_csv(themes=8, areas=8, results=6) -> str:
    rows = ["# code: 2030-2033", "# title: A large strategy", "# start_year: 2030", "# end_year: 2033",
            "# level_names: theme; result area; expected result", "track,code,parent_code,title,description"]
    for t in range(1, themes + 1):
        rows.append(f"results,{t},,Theme {t},")
        for a in range(1, areas + 1):
            rows.append(f"results,{t}.{a},{t},Area {t}.{a},")
            rows += [f"results,{t}.{a}.{r},{t}.{a},Result {t}.{a}.{r},"for r in range(1, results + 1)]
    return "\n".join(rows) + "\n"


@pytest.mark.django_db
def test_results_endpoint_and_tree_run_a_bounded_number_of_queries(client, users, tmp_path, make_project,
                                                                    django_assert_max_num_queries):
    path = tmp_path / "big.csv"
    path.write_text(big_strategy_csv())
    period = load_strategy(path, by=None).period
    results = list(selectors.results_of_period(period))
    assert len(results) == 384
    for i in range(60):
        make_project(period, results=results[i::60][:3], outcome_results=[results[-i]], output_results=[results[i]])
    client.force_login(users["reader"])
    with django_assert_max_num_queries(7):
        body = client.get(f"{API}/results?period=2030-2033&page_size=500").json()
    assert body["count"] == 384 and body["results"][-1]["result_area"]["code"] == "8.8"
    with django_assert_max_num_queries(7):
        body = client.get(f"{API}/results?theme=5&q=Result").json()
    assert body["count"] == 48 and {r["theme"]["code"] for r in body["results"]} == {"5"}
    with django_assert_max_num_queries(8):
        assert client.get("/strategy/2030-2033/").status_code == 200


@pytest.mark.django_db
def test_openapi_schema_documents_the_strategy_endpoints(client):
    schema = yaml.safe_load(client.get("/api/v1/openapi.json").content)
    paths = {path.rstrip("/"): ops for path, ops in schema["paths"].items()}
    assert {f"{API}/results", f"{API}/results/{{id}}", f"{API}/periods", f"{API}/nodes"} <= set(paths)
    params = {p["name"] for p in paths[f"{API}/results"]["get"]["parameters"]}
    assert {"period", "theme", "result_area", "q"} <= params
    assert {"post", "patch"} <= set(paths[f"{API}/results/{{id}}"]) | set(paths[f"{API}/results"])


@pytest.mark.django_db
def test_lists_give_what_the_node_serializer_gives_for_every_node(client, shipped, four_levels, two_levels):
    """The lists build each node's JSON without the serializer's field objects (api.node_data): the same
    bytes, for every node of three trees of different shapes, in two languages (level names are translated)."""
    import json

    from django.utils import translation

    from mandates.strategy.api import NodeSerializer, node_data

    nodes = selectors.attach_ancestors(StrategyNode.objects.select_related("period", "parent"))
    assert len(nodes) > 80
    for language in ("en", "fr"):
        with translation.override(language):
            for one in nodes:
                assert json.dumps(node_data(one)) == json.dumps(NodeSerializer(one).data)
