"""The strategy pages: tree, node, edit, import — contents, permissions and query counts."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mandates.core.testing import with_version
from mandates.strategy import selectors
from mandates.strategy.models import StrategyNode, StrategyPeriod

from .conftest import DATA


def node(period, code):
    return StrategyNode.objects.get(period=period, code=code)


@pytest.fixture
def portfolio(shipped, make_project, make_programme):
    """Projects linked in every way, one of them a draft the public may not see."""
    r121, r122, r311 = node(shipped, "1.2.1"), node(shipped, "1.2.2"), node(shipped, "3.1.1")
    return {
        "both_ways": make_project(shipped, results=[r121], outcome_results=[r121], code="XAMT01"),
        "via_output": make_project(shipped, output_results=[r122], unit="DO-JUS", code="GLOU40"),
        "draft": make_project(shipped, results=[r121], status="draft", code="DRAFT1"),
        "prevention": make_project(shipped, outcome_results=[r311], code="COLI92"),
        "programme": make_programme(shipped, results=[r121, r122]),
    }


@pytest.mark.django_db
def test_counts_are_distinct_rolled_up_and_narrowed_to_what_one_may_see(shipped, portfolio, users):
    public = selectors.period_tree(shipped, None).nodes
    by_code = {n.code: n for n in public.values()}
    # the project linked both directly and through its outcome counts once; the draft is not public
    assert by_code["1.2.1"].project_count == 1 and by_code["1.2.2"].project_count == 1
    assert by_code["1.2"].project_count == 2 and by_code["1"].project_count == 2 and by_code["3"].project_count == 1
    assert by_code["1.2"].programme_count == 1 and by_code["1"].programme_count == 1
    assert by_code["2"].project_count == 0
    reader = {n.code: n for n in selectors.period_tree(shipped, users["reader"]).nodes.values()}
    assert reader["1.2.1"].project_count == 2 and reader["1"].project_count == 3


@pytest.mark.django_db
def test_tree_page_shows_the_period_its_themes_counts_and_management_support(client, shipped, four_levels, portfolio):
    response = client.get("/strategy/?period=2008-2011")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Strategy for the period 2008-2011 for the United Nations Office on Drugs and Crime" in html
    assert "3 themes" in html and "14 result areas" in html and "53 expected results" in html
    assert 'href="/strategy/2008-2011/1.2.8/"' in html and "Enhanced capacity to protect witnesses" in html
    assert "Management support" in html and "MS.e.v" in html
    assert '<option value="2012-2015"' in html  # the period selector offers the other period
    assert "1 programme · 2 projects" in html  # result area 1.2, as the public sees it
    # With no period asked for, the latest is shown, with its own level names.
    latest = client.get("/strategy/").content.decode()
    assert "Strategy for the period 2012-2015 (test)" in latest and "7 expected accomplishments" in latest
    assert client.get("/strategy/1999-2000/").status_code == 404


@pytest.mark.django_db
def test_result_page_lists_the_contributions_one_may_see(client, shipped, portfolio, users):
    url = "/strategy/2008-2011/1.2.1/"
    html = client.get(url).content.decode()
    assert "Enhanced capacity for international cooperation against crime, organized crime" in html
    assert "Rule of law" in html and "International cooperation in criminal justice matters" in html
    assert "XAMT01" in html and "project, outcome OC1" in html and "Regional Office for Eastern Africa" in html
    assert "In implementation" in html and "PRG001" in html
    assert "DRAFT1" not in html and "History" not in html  # a draft and the audit trail are not public
    client.force_login(users["reader"])
    html = client.get(url).content.decode()
    assert "DRAFT1" in html and "History" in html
    theme = client.get("/strategy/2008-2011/1/").content.decode()
    assert "<h2 id=\"kids-title\">Result areas</h2>" in theme and "Terrorism prevention" in theme


@pytest.mark.django_db
def test_pages_of_a_four_level_strategy_name_its_own_levels(client, four_levels, make_project):
    make_project(four_levels, results=[node(four_levels, "A.1.a.iii")], code="FOUR01")
    html = client.get("/strategy/2012-2015/A.1.a.iii/").content.decode()
    assert "Expected accomplishment A.1.a.iii" in html and "Case backlogs fall" in html
    for ancestor in ("Pillar A", "Sub-programme A.1", "Outcome A.1.a"):
        assert ancestor in html
    assert "FOUR01" in html
    tree = client.get("/strategy/2012-2015/").content.decode()
    assert tree.index("A.1.a.iii") < tree.index("A.1.a.iv") < tree.index("A.1.a.v") < tree.index("A.1.b")
    outcome = client.get("/strategy/2012-2015/A.1.a/").content.decode()
    assert "Expected accomplishments</h2>" in outcome and "Court users trust the courts" in outcome


@pytest.mark.django_db
@pytest.mark.parametrize("role, allowed", [
    (None, False), ("reader", False), ("programme_manager", False), ("finance_officer", False),
    ("planning_officer", True), ("administrator", True),
])
def test_who_may_edit_a_node_and_import_a_period(client, shipped, users, role, allowed):
    if role:
        client.force_login(users[role])
    edit = client.post("/strategy/2008-2011/1.2.8/edit/", with_version(
        client, "/strategy/2008-2011/1.2.8/edit/", {"title": "Protected witnesses", "description": ""}))
    upload = SimpleUploadedFile("s.csv", (DATA / "strategy_2_levels.csv").read_bytes())
    imported = client.post("/strategy/import/", {"file": upload})
    tree = client.get("/strategy/2008-2011/").content.decode()
    assert ("Import a strategy period" in tree) is allowed
    if allowed:
        assert edit.status_code == 302 and imported.status_code == 302
        assert node(shipped, "1.2.8").title == "Protected witnesses"
        assert StrategyPeriod.objects.filter(code="2016-2019").exists()
    else:
        assert edit.status_code in (302, 403) and imported.status_code in (302, 403)
        assert node(shipped, "1.2.8").title == "Enhanced capacity to protect witnesses"
        assert not StrategyPeriod.objects.filter(code="2016-2019").exists()


@pytest.mark.django_db
def test_edit_shows_field_errors_and_the_change_appears_in_the_history(client, shipped, users):
    client.force_login(users["planning_officer"])
    bad = client.post("/strategy/2008-2011/2.2.1/edit/", with_version(
        client, "/strategy/2008-2011/2.2.1/edit/", {"title": "   ", "description": "x"}))
    assert bad.status_code == 200 and "field--error" in bad.content.decode()
    assert node(shipped, "2.2.1").description == ""
    client.post("/strategy/2008-2011/2.2.1/edit/", with_version(client, "/strategy/2008-2011/2.2.1/edit/", {
        "title": node(shipped, "2.2.1").title, "description": "Forensic laboratories and their networks"}))
    client.force_login(users["reader"])
    html = client.get("/strategy/2008-2011/2.2.1/").content.decode()
    assert "Forensic laboratories and their networks" in html and "by planner" in html


@pytest.mark.django_db
def test_import_page_reports_each_bad_line_and_saves_nothing(client, users):
    client.force_login(users["planning_officer"])
    assert client.get("/strategy/import/").status_code == 200
    text = (DATA / "strategy_4_levels.csv").read_text()
    text = text.replace("results,A.1.a.iii,A.1.a,Case backlogs fall,", "results,A.1.a.iii,A.1.z,Case backlogs fall,")
    text = text.replace("results,B.1,B,Drug dependence treatment,", "results,B.1,B,,")
    response = client.post("/strategy/import/", {"file": SimpleUploadedFile("next.csv", text.encode())})
    html = response.content.decode()
    assert response.status_code == 200 and "next.csv was not loaded" in html and "2 problems found" in html
    assert '<td class="num">16</td><td>The parent A.1.z of A.1.a.iii does not exist in this file.</td>' in html
    assert '<td class="num">22</td><td>The title of B.1 is missing.</td>' in html
    assert not StrategyPeriod.objects.exists() and not StrategyNode.objects.exists()


@pytest.mark.django_db
def test_tree_and_node_pages_run_a_bounded_number_of_queries(client, shipped, users, make_project, make_programme,
                                                              django_assert_max_num_queries):
    results = list(selectors.results_of_period(shipped))
    for i in range(90):
        trio = [results[i % 53], results[(i * 7) % 53], results[(i * 11) % 53]]
        make_project(shipped, results=[results[0], trio[0]], outcome_results=trio[1:2], output_results=trio[2:])
    for i in range(15):
        make_programme(shipped, results=results[i:i + 4])
    client.force_login(users["reader"])
    with django_assert_max_num_queries(8):
        response = client.get("/strategy/2008-2011/")
    assert response.status_code == 200 and "90 projects" in response.content.decode()
    with django_assert_max_num_queries(20):
        page = client.get(f"/strategy/2008-2011/{results[0].code}/")
    html = page.content.decode()
    assert page.status_code == 200 and "TST0001" in html and "Page 1 of 2 · 90 in all" in html


@pytest.mark.django_db
def test_tree_page_nests_every_node_under_its_parent(client, shipped, portfolio):
    """The tree is rendered as one flat loop; the lists it opens and closes still nest each node in its parent."""
    from lxml import html as lxml_html

    page = lxml_html.fromstring(client.get("/strategy/?period=2008-2011").content)
    nodes = StrategyNode.objects.filter(period=shipped)
    items = {}
    for li in page.xpath("//ul[@class='tree']//li"):
        items[li.xpath("./div/span[@class='tree__code']")[0].text] = li
    assert set(items) == {n.code for n in nodes}
    for n in nodes.select_related("parent"):
        parent_li = items[n.code].getparent().getparent()
        if n.parent_id:
            assert parent_li.tag == "li" and parent_li is items[n.parent.code], n.code
        else:
            assert parent_li.tag != "li", n.code
    assert "1 project" in items["1.2.1"].xpath("./div/span[@class='tree__count']")[0].text
