"""Deliveries: the register, their breakdown of participants, and indicators that follow from them."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from mandates.results import services
from mandates.results.models import Delivery, DeliveryParticipants
from mandates.results.selectors import breakdown_for, delivery_list, delivery_summary, series_for


@pytest.fixture
def trained(kenya_project, users):
    _project, output = kenya_project
    return services.save_indicator(by=users["programme_manager"], output=output, title="Officials trained",
                                   unit="officials", actual_source="delivery_participants",
                                   targets={2008: 100, 2009: 100})


def workshop(project, by, *, participants=30, rows=None, indicators=(), when=date(2009, 3, 10), **extra):
    rows = rows if rows is not None else [("sex", "female", participants // 2),
                                          ("sex", "male", participants - participants // 2)]
    fields = {"start_date": when, "end_date": when, **extra}
    return services.save_delivery(
        by=by, kind="workshop", title="Regional workshop on the legal regime against terrorism", project=project,
        place="Nairobi", participants=participants, participant_rows=rows, indicators=list(indicators), **fields)


def test_recording_a_workshop_moves_the_indicator(trained, kenya_project, users):
    project, _ = kenya_project
    assert series_for([trained])[trained.pk].actuals == {}
    workshop(project, users["programme_manager"], participants=45, indicators=[trained])
    assert series_for([trained])[trained.pk].actuals == {2009: 45}
    workshop(project, users["programme_manager"], participants=28, indicators=[trained], when=date(2009, 11, 2))
    series = series_for([trained])[trained.pk]
    assert series.actuals == {2009: 73} and series.deliveries == {2009: 2}
    # and the breakdown follows too, by sex
    by_sex = {r["category"]: r["amount"] for r in breakdown_for(trained)[2009]}
    assert by_sex == {"female": 22 + 14, "male": 23 + 14}


def test_counting_deliveries_instead_of_people(kenya_project, users):
    project, output = kenya_project
    held = services.save_indicator(by=users["programme_manager"], output=output, title="Workshops held",
                                   actual_source="delivery_count")
    workshop(project, users["programme_manager"], participants=10, indicators=[held])
    workshop(project, users["programme_manager"], participants=12, indicators=[held], when=date(2010, 5, 5))
    assert series_for([held])[held.pk].actuals == {2009: 1, 2010: 1}


def test_participants_that_do_not_add_up_are_refused_and_nothing_is_saved(trained, kenya_project, users):
    project, _ = kenya_project
    with pytest.raises(ValidationError) as err:
        workshop(project, users["programme_manager"], participants=30, indicators=[trained],
                 rows=[("sex", "female", 10), ("sex", "male", 10), ("country", "KEN", 30)])
    assert "adds up to 20, not to the number of participants of 30" in err.value.message_dict["participant_rows"][0]
    with pytest.raises(ValidationError) as err:
        workshop(project, users["programme_manager"], participants=2, rows=[("country", "XXX", 2)])
    assert "Unknown country code" in err.value.message_dict["participant_rows"][0]
    assert not Delivery.objects.exists() and not DeliveryParticipants.objects.exists()
    assert series_for([trained])[trained.pk].actuals == {}


def test_links_must_be_consistent(trained, kenya_project, build, units, users, strategy):
    project, output = kenya_project
    other = build.project("GLOT99", units["DO-JUS"], results=[strategy["1.4.3"]])
    with pytest.raises(ValidationError) as err:  # indicator of another project
        workshop(other, users["planning_officer"], indicators=[trained])
    assert "another project" in err.value.message_dict["indicators"][0]
    reported = services.save_indicator(by=users["planning_officer"], output=output, title="Laws drafted")
    with pytest.raises(ValidationError) as err:  # an indicator whose values are reported
        workshop(project, users["planning_officer"], indicators=[reported])
    assert "reported" in err.value.message_dict["indicators"][0]
    with pytest.raises(ValidationError) as err:  # outside the indicator's years
        workshop(project, users["planning_officer"], indicators=[trained], when=date(2012, 1, 20))
    assert "outside the range" in err.value.message_dict["indicators"][0]
    with pytest.raises(ValidationError) as err:
        services.save_delivery(by=users["planning_officer"], kind="publication", title="Model law on witness "
                               "protection", project=project, start_date=date(2009, 1, 1))
    assert "publication_type" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        workshop(project, users["planning_officer"], end_date=date(2009, 1, 1), start_date=date(2009, 2, 1))
    assert "before the start date" in err.value.message_dict["end_date"][0]
    assert not Delivery.objects.exists()


def test_output_and_activity_give_the_project(kenya_project, users):
    project, output = kenya_project
    activity = output.activities.first()
    delivery = services.save_delivery(by=users["programme_manager"], kind="advisory_mission",
                                      title="Advisory mission on counter-terrorism legislation", activity=activity,
                                      start_date=date(2009, 6, 1), end_date=date(2009, 6, 5))
    assert delivery.project == project and delivery.output == output


def test_summary_counts_people_and_states(kenya_project, users, country):
    project, _ = kenya_project
    workshop(project, users["programme_manager"], participants=20, country=country("KEN"),
             rows=[("sex", "female", 8), ("sex", "male", 12), ("country", "KEN", 5), ("country", "UGA", 10),
                   ("country", "TZA", 5)])
    services.save_delivery(by=users["programme_manager"], kind="legislative_assistance", title="Review of the "
                           "draft counter-terrorism bill", project=project, start_date=date(2010, 2, 1),
                           country=country("SOM"))
    summary = delivery_summary(delivery_list(users["reader"]))
    assert (summary["deliveries"], summary["participants"], summary["women"], summary["men"]) == (2, 20, 8, 12)
    assert summary["states"] == 4  # Kenya, Uganda, Tanzania (participants) and Somalia (assisted)
    assert delivery_summary(delivery_list(users["reader"], year=2010))["deliveries"] == 1


def test_programme_manager_records_a_workshop_on_the_page_and_sees_the_indicator_move(client, trained,
                                                                                       kenya_project, users):
    project, _ = kenya_project
    client.force_login(users["programme_manager"])
    before = client.get(f"/results/indicators/{trained.pk}/").content.decode()
    assert "No delivery linked yet" in before
    form = client.get(f"/results/deliveries/new/?project={project.pk}")
    assert form.status_code == 200 and "Officials trained" in form.content.decode()
    response = client.post(f"/results/deliveries/new/?project={project.pk}", {
        "project": project.pk, "kind": "training", "title": "Training of prosecutors", "start_date": "2009-04-06",
        "end_date": "2009-04-09", "place": "Mombasa", "participants": "37", "indicators": [trained.pk],
        "dis__sex__female": "17", "dis__sex__male": "20", "dis__country__row0": "KEN", "dis__country__row0__n": "37",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(f"/results/indicators/{trained.pk}/").content.decode()
    assert "Training of prosecutors" in page
    assert series_for([trained])[trained.pk].actuals == {2009: 37}
    # a breakdown that does not add up is shown on the form, nothing saved
    bad = client.post(f"/results/deliveries/new/?project={project.pk}", {
        "project": project.pk, "kind": "training", "title": "Second training", "start_date": "2009-05-06",
        "participants": "10", "indicators": [trained.pk], "dis__sex__female": "3", "dis__sex__male": "3"})
    assert bad.status_code == 200 and "adds up to 6" in bad.content.decode()
    assert Delivery.objects.count() == 1


def test_delivery_list_queries_do_not_grow(client, kenya_project, users, django_assert_max_num_queries):
    project, _ = kenya_project
    for i in range(60):
        workshop(project, users["programme_manager"], participants=4, when=date(2009, 1, 1 + i % 28))
    client.force_login(users["reader"])
    with django_assert_max_num_queries(16):
        response = client.get("/results/deliveries/")
    assert response.status_code == 200 and "60</span>deliveries" in response.content.decode()
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/deliveries?page_size=100").json()["count"] == 60


def test_a_delivery_under_an_output_counts_towards_its_indicators_by_default(client, trained, kenya_project, users):
    """32 officials trained under the output move its indicator with no box to tick; unticking the
    default keeps a delivery out."""
    project, output = kenya_project
    client.force_login(users["programme_manager"])
    form = client.get(f"/results/deliveries/new/?project={project.pk}").content.decode()
    import re

    assert re.search(r'<input type="checkbox" name="count_for_output"[^>]*checked', form)
    response = client.post(f"/results/deliveries/new/?project={project.pk}", {
        "project": project.pk, "kind": "training", "title": "Training of officials", "output": output.pk,
        "start_date": "2009-04-06", "end_date": "2009-04-09", "participants": "32", "count_for_output": "on",
        "dis__sex__female": "16", "dis__sex__male": "16", "dis__country__row0": "KEN", "dis__country__row0__n": "32"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert series_for([trained])[trained.pk].actuals == {2009: 32}
    services.save_delivery(by=users["programme_manager"], kind="workshop", title="Not counted", project=project,
                           output=output, start_date=date(2009, 6, 1), end_date=date(2009, 6, 1), participants=5,
                           count_for_output=False)
    assert series_for([trained])[trained.pk].actuals == {2009: 32}
    services.save_delivery(by=users["programme_manager"], kind="workshop", title="Counted", project=project,
                           output=output, start_date=date(2009, 7, 1), end_date=date(2009, 7, 1), participants=8)
    assert series_for([trained])[trained.pk].actuals == {2009: 40}


def test_a_reported_output_indicator_proposes_its_actual_from_the_deliveries(client, kenya_project, users):
    project, output = kenya_project
    reported = services.save_indicator(by=users["programme_manager"], output=output, title="Officials certified",
                                       targets={2009: 50})
    services.save_delivery(by=users["programme_manager"], kind="training", title="Course", project=project,
                           output=output, start_date=date(2009, 3, 1), end_date=date(2009, 3, 5), participants=32)
    client.force_login(users["programme_manager"])
    html = client.get(f"/results/indicators/{reported.pk}/values/new/").content.decode()
    assert 'name="value" value="32"' in html and "2009: 32 participants" in html
