"""The portal's figures: exact, consistent between pages and downloads, bounded in queries."""
import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ..filters import Filters
from ..selectors import figures as fig


@pytest.mark.django_db
def test_money_is_shared_by_location_and_reconciles_to_the_cent(world):
    figures = fig.compute(Filters())
    assert figures.total_spent == Decimal("1800.50")  # disbursements only, published projects only
    assert figures.total_budget == Decimal("3000.00")  # current revision only
    assert {r["year"]: r["spent"] for r in figures.by_year} == {2009: Decimal("1300.00"), 2010: Decimal("500.50")}
    countries = {r["country"].iso3: r["spent"] for r in figures.by_country}
    assert countries == {"KEN": Decimal("900.30"), "UGA": Decimal("600.20")}
    assert sum(r["spent"] for r in figures.by_theme) == figures.total_spent
    assert {r["name"]: r["spent"] for r in figures.by_donor} == {"Sweden": Decimal("1000.00"), None: Decimal("800.50")}

    kenya = fig.compute(Filters(country=world["ken"]))
    assert kenya.total_spent == Decimal("900.30") == countries["KEN"]
    sweden = fig.compute(Filters(donor=world["sweden"]))
    assert sweden.total_spent == Decimal("1000.00")
    assert fig.compute(Filters(year=2010)).total_spent == Decimal("500.50")
    assert fig.compute(Filters(theme=world["theme"])).total_spent == Decimal("1500.50")


@pytest.mark.django_db
def test_downloads_hold_what_the_page_shows_with_the_chosen_columns(client, world):
    page = client.get("/open/?country=KEN")
    assert "$900" in page.content.decode()
    rows = list(csv.reader(io.StringIO(client.get("/open/download/countries.csv?country=KEN").content.decode())))
    assert rows == [["ISO code", "Country or area", "Spent (USD)"], ["KEN", "Kenya", "900.30"]]
    data = json.loads(client.get("/open/download/projects.json?country=KEN&columns=code&columns=spent_usd").content)
    assert data["rows"] == [{"code": "OPEN1", "spent_usd": "900.30"}]
    book = load_workbook(io.BytesIO(client.get("/open/download/years.xlsx").content))
    assert [list(r) for r in book.active.iter_rows(values_only=True)] == [
        ["Year", "Budget (USD)", "Spent (USD)"], [2009, 2000, 1300], [2010, 1000, 500.5]]
    french = list(csv.reader(io.StringIO(client.get("/fr/open/download/countries.csv").content.decode())))
    assert ["UGA", "Ouganda", "600.20"] in french


@pytest.mark.django_db
def test_bulk_download_streams_every_published_project_with_formulas_neutralised(client, world):
    world["open2"].title = "=HYPERLINK(\"http://evil\")"
    world["open2"].save()
    response = client.get("/open/download/all.csv")
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["code"] for r in rows] == ["OPEN1", "OPEN2"]
    assert rows[0]["spent_usd"] == "1500.50" and rows[0]["budget_usd"] == "3000.00"
    assert rows[1]["title"].startswith("'=")


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    "year=abc", "year=99999", "country=XXX", "country=K", "country=%27%3B%20DROP%20TABLE", "donor=-1",
    "donor=1%20OR%201%3D1", "donor=999999", "theme=abc", "theme=424242", "page=99999999999999",
    "page=-3", "columns=password", "q=" + "x" * 300,
])
def test_bad_input_gets_a_clear_400_never_a_500(client, world, query):
    for path in ("/open/", "/open/projects/", "/open/download/projects.csv", "/open/search/"):
        response = client.get(f"{path}?{query}")
        if response.status_code == 200:  # a parameter that page does not use
            continue
        assert response.status_code == 400, (path, query)
        assert b"This request cannot be answered" in response.content or b"request" in response.content


@pytest.mark.django_db
def test_unknown_pages_and_languages(client, world):
    assert client.get("/open/projects/NOPE/").status_code == 404
    assert client.get("/open/embed/secret/").status_code == 404
    assert client.get("/open/download/nothing.csv").status_code == 404
    assert client.get("/open/?page=4000").status_code == 200  # a page past the end shows the last one
    response = client.get("/xx/open/projects/?country=KEN")
    assert response.status_code == 302 and response["Location"] == "/open/projects/?country=KEN"
    response = client.get("/open/", HTTP_ACCEPT_LANGUAGE="xx")
    assert '<html lang="en' in response.content.decode()


def _grow(world, n):
    from mandates.finance.models import Expenditure
    from mandates.portfolio.models import Project, ProjectLocation

    template = Expenditure.objects.filter(project=world["open1"]).first()
    for i in range(n):
        p = Project.objects.create(code=f"GROW{Project.objects.count()}", title="More", objective="More",
                                   strategy_period=world["period"], lead_unit=world["open1"].lead_unit,
                                   start_date=date(2008, 1, 1), end_date=date(2011, 12, 31),
                                   status="in_implementation")
        ProjectLocation.objects.create(project=p, country=world["uga"] if i % 2 else world["ken"])
        p.results.set([world["result"]])
        Expenditure.objects.create(document_number=f"G{p.pk}", line=1, segment=template.segment, kind="disbursement",
                                   date=date(2009, 1, 1), project=p, budget_class=template.budget_class,
                                   currency="USD", amount=1, rate=1, usd_amount=1, contribution=template.contribution)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client, world, django_assert_max_num_queries):
    from django.core.cache import cache

    urls = ["/open/", "/open/?country=KEN", f"/open/?donor={world['sweden'].pk}", "/open/projects/",
            "/open/countries/KEN/", "/open/projects/OPEN1/", "/open/regions/002/", "/open/download/projects.csv",
            f"/open/donors/{world['sweden'].pk}/", f"/open/results/{world['theme'].pk}/"]
    counts = {}
    for size in (0, 30):
        _grow(world, size)
        cache.clear()
        for url in urls:
            with django_assert_max_num_queries(20) as captured:
                assert client.get(url).status_code == 200
            counts.setdefault(url, []).append(len(captured.captured_queries))
    assert all(large <= small for small, large in counts.values()), counts
    # A cached page answers with one query: the data version (the latest audit entry), which every
    # service write moves, bulk ones included — no figure is computed.
    with django_assert_max_num_queries(1):
        client.get("/open/")


@pytest.mark.django_db
def test_a_project_page_shows_results_with_targets_approved_actuals_and_disaggregation(client, world):
    text = client.get("/open/projects/OPEN1/").content.decode()
    assert "Judges trained in fair trials" in text
    assert "Sex, Female: 20" in text and "Sex, Male: 22" in text  # approved value's breakdown
    assert "Training of judges in Nairobi" in text and "Sex, Female: 14" in text  # a delivery
    assert ">50<" in text and ">42<" in text  # the 2009 target and its approved actual
    assert "Kenya" in text and "Uganda" in text and "(60 %)" in text
    assert "Independent evaluation of OPEN1" in text  # published; the unpublished one never shows


@pytest.mark.parametrize("language", ["en-gb", "fr", "es", "ar", "ru", "zh-hans"])
def test_usd_matches_babel(language):
    """The page's whole-dollar figures are Babel's, written without running Babel's pattern per figure."""
    import random
    from decimal import ROUND_HALF_UP

    from django.utils import translation

    from mandates.portal.templatetags import portal as tags

    values = [0, 1, -1, 999, 1000, 1234, -1234, 1234567, -98765432, Decimal("0.5"), Decimal("1234.5"),
              Decimal("-2.5"), Decimal("987654321012.49")]
    rng = random.Random(7)
    values += [Decimal(rng.randint(-10**12, 10**12)) / 100 for _ in range(200)]
    with translation.override(language):
        locale, pattern = tags._whole_dollars(tags.babel_locale())
        assert tags._whole_dollar_parts(tags.babel_locale()) is not None
        for value in values:
            whole = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            assert tags.usd(value) == pattern.apply(whole, locale, currency="USD", currency_digits=False), value


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/fr", "/ar"])
def test_every_figures_table_row_links_to_its_own_page(client, world, prefix):
    """Row links are built from one reverse per table and language; each is the reverse of its own row."""
    import re

    from django.urls import resolve

    html = client.get(f"{prefix}/open/").content.decode()
    found = {}
    for table in ("donors", "countries", "regions", "results"):
        body = html.split(f'id="t-{table}"', 1)[1].split("</table>", 1)[0]
        found[table] = re.findall(r'<th scope="row"><a href="([^"]+)"', body)
        assert found[table], table
        for href in found[table]:
            assert href.startswith(f"{prefix}/open/"), href
            assert resolve(href).url_name == {"donors": "donor", "countries": "country", "regions": "region",
                                              "results": "result"}[table]
    assert f"{prefix}/open/donors/{world['sweden'].pk}/" in found["donors"]
    assert f"{prefix}/open/countries/KEN/" in found["countries"]
    assert f"{prefix}/open/results/{world['result'].pk}/" in found["results"]


# The loop that wrote a figures table's rows before ``figure_rows`` (portal/_table.html, 29 November 2026).
_FORMER_ROWS = (
    '{% load i18n portal %}{% for row in rows %}\n'
    '        <tr{% if row.country %} data-m49="{{ row.country.m49_code }}"{% endif %} data-value="{{ row.spent|plain }}">\n'
    '          <th scope="row">{% if name == "years" %}{{ row.year }}{% elif name == "donors" %}{% if row.donor %}'
    '<a href="{% row_link name row %}">{{ row.name }}</a>{% else %}{% translate "Not attributed to a donor" %}{% endif %}'
    '{% elif name == "countries" or name == "regions" %}<a href="{% row_link name row %}">{{ row.name }}</a>{% else %}'
    '<a href="{% row_link name row %}">{{ row.node.code }} {{ row.node.short_title }}</a>{% endif %}</th>\n'
    '          {% if with_budget %}<td class="num" data-budget="{{ row.budget|plain }}">{{ row.budget|usd }}</td>'
    '{% endif %}\n'
    '          <td class="num">{{ row.spent|usd }}</td>\n'
    '        </tr>\n'
    '      {% endfor %}')


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_figure_rows_write_what_the_template_loop_wrote(world, language):
    from django.template import Context, Template
    from django.utils import translation

    figures = fig.compute(Filters())
    tables = {"years": figures.by_year, "donors": figures.by_donor, "countries": figures.by_country,
              "regions": figures.by_region, "themes": figures.by_theme, "results": figures.by_result}
    assert all(tables.values()) and any(r["donor"] is None for r in figures.by_donor)
    new = Template("{% load portal %}{% figure_rows name rows with_budget %}")
    with translation.override(language):
        for name, rows in tables.items():
            for with_budget in ([True, False] if name == "years" else [False]):
                context = {"name": name, "rows": rows, "with_budget": with_budget}
                former = Template(_FORMER_ROWS).render(Context(context))
                assert new.render(Context(context)) == former
                assert former.count("<tr") == len(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_display_writes_the_label_django_writes(world, language):
    from django.template import Context, Template
    from django.utils import translation

    from mandates.portfolio.models import Project

    ours = Template('{% load portal %}{{ p|display:"status" }}')
    django_s = Template("{{ p.get_status_display }}")
    statuses = [value for value, _label in Project.Status.choices] + ["not-a-status"]
    project = Project.objects.first()
    with translation.override(language):
        for status in statuses:
            project.status = status
            assert ours.render(Context({"p": project})) == django_s.render(Context({"p": project}))


def test_a_page_lists_the_largest_donors_and_adds_up_the_others():
    rows = [{"donor": object(), "name": f"D{i}", "spent": Decimal(f"{100 - i}.01")} for i in range(30)]
    shown = fig.largest(rows, shown=25)
    assert shown[:25] == rows[:25] and len(shown) == 26
    assert shown[25] == {"others": 5, "listed": 25, "spent": sum((r["spent"] for r in rows[25:]), Decimal(0))}
    assert sum(r["spent"] for r in shown) == sum(r["spent"] for r in rows)  # the table still adds up to the total
    assert fig.largest(rows[:26], shown=25) == rows[:26]  # one more row is listed, not added up alone
    assert fig.largest([], shown=25) == []
    unattributed = {"donor": None, "name": None, "spent": Decimal("1.00")}  # spending of no donor is not a donor
    shown = fig.largest([*rows, unattributed], shown=25)
    assert shown[25] is unattributed and shown[26]["others"] == 5 and len(shown) == 27


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_overview_adds_up_the_donors_beyond_the_largest_and_its_table_still_reconciles(client, world, monkeypatch,
                                                                                          language):
    import re

    from mandates.finance.models import Contribution, Donor, Expenditure

    sweden = Contribution.objects.get(reference="SWE-1")
    for name, doc in (("Norway", "D2"), ("Japan", "D3")):  # the world's unattributed spending, given two donors
        donor = Donor.objects.create(name=name, kind="member_state")
        line = Expenditure.objects.get(document_number=doc)
        line.contribution = Contribution.objects.create(
            reference=f"{name}-1", donor=donor, segment=sweden.segment, date=sweden.date, currency="USD",
            amount=Decimal("5000.00"), rate=Decimal(1), rate_month=sweden.rate_month, usd_amount=Decimal("5000.00"),
            earmarking="hard", project=line.project)
        line.save()
    monkeypatch.setattr(fig, "DONORS_SHOWN", 1)  # Sweden (1,000.00) listed; Norway (500.50) and Japan (300.00) added up
    prefix = "" if language == "en" else f"/{language}"
    page = client.get(f"{prefix}/open/").content.decode()
    table = page[page.index('id="t-donors"'):]
    table = table[:table.index("</table>")]
    assert table.count("<tr") == 3  # the head, Sweden, and one row adding up the others
    assert "Sweden" in table and "Norway" not in table and "Japan" not in table
    assert {"en": "Other donors (2)", "fr": "Autres donateurs (2)"}[language] in table
    assert table.count('href="') == 1  # the others are not one donor: no link
    values = [Decimal(v) for v in re.findall(r'data-value="([^"]+)"', table)]
    assert values == [Decimal("1000.00"), Decimal("800.50")]
    assert sum(values) == fig.compute(Filters()).total_spent  # the table still adds up to the headline
    assert {"en": "The 1 largest donors are listed", "fr": "Les 1 principaux donateurs sont listés"}[language] in page
    download = client.get(f"{prefix}/open/download/donors.csv").content.decode()
    assert "Norway" in download and "Japan" in download  # the downloads list every donor
