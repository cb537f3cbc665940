"""Corrections by hand: paragraphs, merges, splits, obligations, links; permissions; the audit trail."""
import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from mandates.people import permissions
from mandates.resolutions import services
from mandates.resolutions.models import Obligation, Paragraph, Resolution, ResultLink

from .conftest import seed_text


@pytest.fixture
def regional(db, users):
    return services.import_resolution(seed_text("000"), symbol="E/RES/2009/23", body="ECOSOC", date="2009-07-30",
                                      by=users["planning_officer"])


def para(resolution, number):
    return resolution.paragraphs.get(kind="operative", number=number)


def test_update_paragraph_is_validated_and_audited(regional, users):
    planner = users["planning_officer"]
    paragraph = para(regional, 11)
    services.update_paragraph(paragraph, by=planner, addressee_category="other",
                              addressee="bilateral and multilateral aid agencies", verb="Encourages")
    entry = LogEntry.objects.get_for_object(paragraph).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == planner and "addressee" in entry.changes_dict
    with pytest.raises(ValidationError) as caught:
        services.update_paragraph(paragraph, by=planner, number=12)
    assert "number" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.update_paragraph(paragraph, by=planner, text="  ")
    assert "text" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.update_paragraph(paragraph, by=planner, addressee_category="office", addressee="")
    assert "addressee" in caught.value.message_dict
    paragraph.refresh_from_db()
    assert paragraph.number == 11 and paragraph.text.startswith("Encourages bilateral")


def test_a_paragraph_made_preambular_loses_its_number(regional, users):
    paragraph = services.update_paragraph(para(regional, 1), by=users["planning_officer"], kind="preambular")
    assert paragraph.number is None and paragraph.kind == "preambular"


def test_merge_keeps_order_and_moves_obligations(regional, users):
    seven, eight = para(regional, 7), para(regional, 8)
    eight_obligation = eight.obligations.get()
    services.merge_paragraphs(seven, by=users["planning_officer"])
    assert not Paragraph.objects.filter(pk=eight.pk).exists()
    eight_obligation.refresh_from_db()
    assert eight_obligation.paragraph_id == seven.pk
    positions = list(regional.paragraphs.values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))
    last = regional.paragraphs.order_by("position").last()
    with pytest.raises(ValidationError):
        services.merge_paragraphs(last, by=None)


def test_split_reads_the_new_part_again(regional, users):
    thirteen = para(regional, 13)
    original = thirteen.text
    new = services.split_paragraph(thirteen, at="and to report on progress", number=14, by=users["planning_officer"])
    thirteen.refresh_from_db()
    assert thirteen.text + " " + new.text == original
    assert new.number == 14 and new.position == thirteen.position + 1
    with pytest.raises(ValidationError) as caught:
        services.split_paragraph(thirteen, at="the", by=None)
    assert "more than once" in caught.value.message_dict["at"][0]
    with pytest.raises(ValidationError):
        services.split_paragraph(thirteen, at=thirteen.text[:20], by=None)  # nothing would be left before


def test_obligation_answers(regional, users):
    planner = users["planning_officer"]
    obligation = para(regional, 13).obligations.get()
    with pytest.raises(ValidationError) as caught:
        services.save_obligation(obligation, by=planner, status="answered")
    assert "status" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.save_obligation(obligation, by=planner, report_symbol="E/CN.7/2011/2", report_date="2008-01-01")
    assert "report_date" in caught.value.message_dict
    services.save_obligation(obligation, by=planner, status="answered", report_symbol="E/CN.7/2011/2",
                             report_date=datetime.date(2011, 1, 5), deadline="2011-03-21")
    obligation.refresh_from_db()
    assert obligation.state == "answered" and obligation.deadline_rule == "set by hand"
    made = services.save_obligation(None, paragraph=para(regional, 5), by=planner, kind="act", actor="Member States")
    assert made.pk and made.state == "due"
    services.delete_obligation(made, by=planner)
    assert not Obligation.objects.filter(pk=made.pk).exists()


def test_add_a_link_by_hand(regional, users, strategy):
    result = strategy["results"]["1.3.2"]
    link = services.add_link(para(regional, 8), result, by=users["planning_officer"])
    assert (link.state, link.source) == ("confirmed", "person")
    with pytest.raises(ValidationError):
        services.add_link(para(regional, 8), result.parent, by=None)  # a result area is not an expected result


@pytest.mark.parametrize("role, view, change", [
    ("administrator", True, True), ("planning_officer", True, True), ("programme_manager", True, False),
    ("finance_officer", True, False), ("reader", True, False), ("member_state_reader", True, False),
])
def test_permission_matrix(users, regional, role, view, change):
    user = users[role]
    for model in (Resolution, Paragraph, Obligation, ResultLink):
        assert permissions.can(user, "view", model) is view
        assert permissions.can(user, "change", model) is change
    assert permissions.can(user, "add", Resolution) is change
    assert permissions.can(user, "delete", regional) is change
    assert permissions.visible(user, Resolution.objects.all()).count() == 1


def test_the_public_reads_but_does_not_write(regional):
    assert permissions.can(None, "view", regional)
    assert not permissions.can(None, "change", regional)
    assert permissions.visible(None, Paragraph.objects.all()).count() == regional.paragraphs.count()


def test_delete_removes_everything(regional, users):
    services.delete_resolution(regional, by=users["planning_officer"])
    assert not Paragraph.objects.exists() and not Obligation.objects.exists() and not ResultLink.objects.exists()
    assert LogEntry.objects.filter(action=LogEntry.Action.DELETE, actor=users["planning_officer"]).exists()
