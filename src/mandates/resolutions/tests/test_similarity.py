"""Suggested links from operative paragraphs to expected results (BM25, computed locally)."""
import pytest

from mandates.resolutions import services
from mandates.resolutions.models import Paragraph, ResultLink
from mandates.resolutions.similarity import BM25, stem, suggest, tokens


def test_tokens_drop_stop_words_and_stem():
    assert stem("laundering") == "launder" and stem("capacities") == "capacity" and stem("witnesses") == "witness"
    assert tokens("Requests the Office to combat money-laundering") == ["combat", "money", "launder"]


def test_bm25_prefers_the_document_sharing_rare_words():
    index = BM25({"a": "regimes against money-laundering", "b": "protect witnesses", "c": "prison reform"})
    ranked = index.score("assistance against money-laundering and the financing of terrorism")
    assert ranked[0][0] == "a" and len(ranked) == 1
    assert suggest({"q": "nothing in common"}, {"a": "prison reform"}) == {"q": []}


def links_of(resolution, number):
    paragraph = resolution.paragraphs.get(kind=Paragraph.Kind.OPERATIVE, number=number)
    return list(paragraph.links.order_by("rank").values_list("result__code", "state"))


def test_a_paragraph_on_money_laundering_is_linked_to_the_money_laundering_results(seeds):
    links = links_of(seeds["A/RES/64/179"], 8)  # "Urges UNODC ... to combat money-laundering ..."
    assert links[0][0] in {"1.2.2", "1.2.3"}
    assert {code for code, _ in links[:2]} == {"1.2.2", "1.2.3"}
    assert all(state == "suggested" for _, state in links)


def test_other_clear_cases(seeds):
    ga = seeds["A/RES/64/179"]
    assert links_of(ga, 12)[0][0] == "2.1.1"  # crime trends
    assert links_of(ga, 33)[0][0] == "1.1.1"  # status of ratifications


def test_only_paragraphs_addressed_to_the_office_get_suggestions(seeds):
    ga = seeds["A/RES/64/179"]
    linked = set(ResultLink.objects.filter(paragraph__resolution=ga).values_list("paragraph__number", flat=True))
    assert linked and linked <= {p.number for p in ga.paragraphs.filter(kind="operative") if p.addresses_office}
    assert 18 not in linked  # "Urges Member States ... to consider ratifying": Member States, not the office


def test_no_period_in_force_no_suggestion(seeds, strategy):
    assert services.period_for(seeds["E/RES/2004/32"].date) is None
    assert not ResultLink.objects.filter(paragraph__resolution=seeds["E/RES/2004/32"]).exists()
    # 2007/12, adopted in July 2007, is read against the period that starts the next year
    assert services.period_for(seeds["E/RES/2007/12"].date) == strategy["period"]
    assert services.period_for(seeds["A/RES/64/179"].date) == strategy["period"]


def test_decisions_survive_a_new_suggestion_run(seeds, users):
    ga = seeds["A/RES/64/179"]
    planner = users["planning_officer"]
    first, second = ResultLink.objects.filter(paragraph__resolution=ga, paragraph__number=8).order_by("rank")[:2]
    services.decide_link(first, state="confirmed", by=planner)
    services.decide_link(second, state="rejected", by=planner)
    services.suggest_links(ga, by=planner)
    kept = {link.result.code: link for link in ResultLink.objects.filter(paragraph__resolution=ga, paragraph__number=8)}
    assert kept[first.result.code].state == "confirmed" and kept[first.result.code].decided_by == planner
    assert kept[second.result.code].state == "rejected"
    assert list(kept).count(first.result.code) == 1


def test_decide_refuses_other_states(seeds, users):
    link = ResultLink.objects.first()
    with pytest.raises(Exception) as caught:
        services.decide_link(link, state="maybe", by=users["planning_officer"])
    assert "state" in caught.value.message_dict
