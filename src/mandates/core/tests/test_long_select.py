"""``core.forms.LongSelect`` draws the same HTML as Django's Select (its options written in one template loop)."""
import pytest
from django import forms

from mandates.core.forms import LongSelect

CHOICES = [("", "---------"), (1, 'Bureau <d\'aide> & "conseil"'), ("x y", "Ünïcode"),
           ("Group", [(3, "Three"), (4, "Four & more")]), (5, "Five")]


@pytest.mark.parametrize("value", [None, "", 1, "1", "x y", 4, "missing"])
@pytest.mark.parametrize("attrs", [{}, {"required": True, "id": "id_partner", "class": 'a"b', "disabled": False}])
def test_the_same_html_as_django_select(value, attrs):
    django, mine = (widget(choices=CHOICES).render("partner-partner", value, attrs=attrs)
                    for widget in (forms.Select, LongSelect))
    assert mine == django
    assert "<option" in mine and "</optgroup>" in mine


@pytest.mark.django_db
def test_a_model_choice_field_of_a_form():
    from mandates.partners.models import Partner
    from mandates.portfolio.forms import PartnerRoleForm

    chosen = Partner.objects.create(name="Ministère de la Justice <Kenya> & co", acronym="MOJ", kind="government")
    Partner.objects.create(name="United Nations Development Programme", acronym="UNDP", kind="un_entity")

    form = PartnerRoleForm(prefix="partner", data={"partner-partner": str(chosen.pk), "partner-role": "donor"})
    field = form["partner"]
    assert type(form.fields["partner"].widget) is LongSelect
    mine = field.as_widget()
    assert mine == field.as_widget(widget=forms.Select(choices=form.fields["partner"].choices))
    assert mine.count("<option") == 3 and f'<option value="{chosen.pk}" selected>' in mine
