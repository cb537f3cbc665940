"""Choice fields of countries and areas whose options are in the order of the names the reader sees (the
database can only order by the stored English name): the queryset is read once, as Django reads it, and sorted
by ``names.collation_key`` of each option's label, within the groups its ordering puts before the name (e.g.
``order_by("level", "name")``: by level, then by name in the reader's language)."""
from django import forms
from django.forms.models import ModelChoiceIterator

from .names import collation_key


def _groups(queryset) -> list[str]:
    order = [str(f).lstrip("-") for f in queryset.query.order_by]
    return order[:order.index("name")] if "name" in order else []


class PlaceChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset, groups = self.queryset, _groups(self.queryset)
        if not queryset._prefetch_related_lookups:
            queryset = queryset.iterator()
        keyed = [((tuple(getattr(obj, f) for f in groups), collation_key(str(self.field.label_from_instance(obj)))),
                  obj) for obj in queryset]
        for _key, obj in sorted(keyed, key=lambda pair: pair[0]):
            yield self.choice(obj)


class PlaceChoiceField(forms.ModelChoiceField):
    iterator = PlaceChoiceIterator


class PlaceMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = PlaceChoiceIterator


def sort_places(form, *names: str) -> None:
    """Give the named choice fields of ``form`` (a model form's generated ones, say) the reader's order."""
    for name in names:
        field = form.fields.get(name)
        if field is not None:
            field.iterator = PlaceChoiceIterator
            field.widget.choices = field.choices
