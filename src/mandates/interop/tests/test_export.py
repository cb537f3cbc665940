"""The export of the demo data: valid against the 2.03 XSD, zero ruleset errors, money to the cent."""
import io
from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from mandates.interop import export, reader, rules
from mandates.interop.selectors import identifier_of, public_projects

pytestmark = pytest.mark.django_db


def _export(**kwargs):
    out = io.BytesIO()
    export.write_activities(out, **kwargs)
    return out.getvalue()


def _organisation():
    out = io.BytesIO()
    export.write_organisation(out)
    return out.getvalue()


def _tree(data):
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def test_the_demo_export_is_schema_valid_and_passes_the_rulesets_and_codelists(demo, iati_dir):
    from mandates.interop import codelists

    for data, kind, xsd in ((_export(), "iati-activity", "iati-activities-schema.xsd"),
                            (_organisation(), "iati-organisation", "iati-organisations-schema.xsd")):
        tree = _tree(data)
        # the XSD of the shared folder, not our copy, and the whole document at once
        schema = etree.XMLSchema(etree.parse(str(iati_dir / "schema-2.03" / xsd)))
        assert schema.validate(tree), schema.error_log
        standard = rules.Ruleset.from_file(iati_dir / "rulesets" / "iati-rulesets_standard.json")
        for element in tree.iter(kind):
            findings = [f for f in standard.check(element, kind) if f.severity == "error"]
            assert findings == [], findings
            assert [c for c in codelists.check(element, kind) if c[0] == "error"] == []
    assert len(tree.findall("iati-organisation/total-budget")) >= 1


def test_only_published_projects_past_approval_are_exported(demo):
    from mandates.portfolio.models import Project

    hidden = Project.objects.filter(status__in=["in_implementation", "closed"]).first()
    hidden.is_public = False
    hidden.save()
    draft = Project.objects.exclude(pk=hidden.pk).first()
    Project.objects.filter(pk=draft.pk).update(status="draft", is_public=True)
    ids = {e.text for e in _tree(_export()).iter("iati-identifier")}
    assert identifier_of(hidden) not in ids
    assert identifier_of(draft) not in ids
    assert ids == {identifier_of(p) for p in public_projects()}


def test_only_approved_actuals_are_published(demo):
    from mandates.results.models import IndicatorValue

    value = IndicatorValue.objects.filter(status="approved", value__isnull=False).select_related("indicator").first()
    tree = _tree(_export())

    def actuals():
        return [p for p in tree.iter("period") if p.find("period-start").get("iso-date") == f"{value.year}-01-01"
                and p.getparent().findtext("title/narrative") == value.indicator.title and p.find("actual") is not None]

    assert actuals()
    IndicatorValue.objects.filter(pk=value.pk).update(status="submitted")
    tree = _tree(_export())
    assert not actuals()


def test_money_reconciles_to_the_cent_with_the_finance_pages(demo):
    from mandates.finance.models import Contribution
    from mandates.finance.selectors.project import project_finance

    tree = _tree(_export())
    admin = demo["admin"]
    checked = 0
    for project in public_projects():
        activity = next(a for a in tree.iter("iati-activity") if a.findtext("iati-identifier") == identifier_of(project))
        figures = project_finance(admin, project)
        budgets = sum((Decimal(v.text) for v in activity.findall("budget/value")), Decimal(0))
        assert budgets == figures["total"]["budget"]

        def total(*codes, activity=activity):
            return sum((Decimal(t.findtext("value")) for t in activity.findall("transaction")
                        if t.find("transaction-type").get("code") in codes), Decimal(0))

        assert total("4", "2") == figures["total"]["expenditure"]
        assert total("2") == figures["total"]["obligations"]
        contributions = Contribution.objects.filter(project=project)
        assert total("11") == sum((c.usd_amount for c in contributions), Decimal(0))
        assert total("1") == sum((c.received_usd for c in contributions), Decimal(0))
        checked += bool(budgets)
    assert checked > 5
    organisation = _tree(_organisation())
    by_year = {}
    for a in tree.iter("iati-activity"):
        for b in a.findall("budget"):
            year = date.fromisoformat(b.find("period-start").get("iso-date")).year
            by_year[year] = by_year.get(year, Decimal(0)) + Decimal(b.findtext("value"))
    org_years = {date.fromisoformat(b.find("period-start").get("iso-date")).year: Decimal(b.findtext("value"))
                 for b in organisation.iter("total-budget")}
    assert org_years == by_year


def test_the_export_streams_and_reads_back_with_the_importer(demo, tmp_path):
    path = tmp_path / "unodc.xml"
    count = export.write_activities(str(path))
    checked = [item for item in reader.read(str(path)) if not isinstance(item, tuple)]
    assert len(checked) == count == public_projects().count()
    assert all(item.valid for item in checked)


def test_the_export_runs_a_bounded_number_of_queries(demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        _export()
