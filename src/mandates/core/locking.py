"""Optimistic locking for page forms (issue 14, "two people editing the same budget must never silently
overwrite each other"). The API has ETag / If-Match (``core.api``); this is the same rule for forms.

- ``VersionedFormMixin``: an edit form carries a hidden ``record_version``, a signed token holding a short
  hash of each field of the record as it was when the form was opened.
- ``unchanged(form)``: the view runs the service's write inside it. It opens the transaction, locks the
  record's row (``select_for_update``), reads it again and refuses with a form error naming what changed
  (and its value now) when the record is no longer the one the form was opened on. The lock is held until
  the write commits, so two people submitting at the same moment cannot both pass.

A post that edits a record without a token (a page from before the token existed, a truncated or hand-made
post) is not saved: the form answers "This form is out of date or incomplete; reload the page" with the values
typed shown again and the record's current version in the form, so that saving again is a knowing overwrite
(as after a stale save). The API is held to the same rule: a PUT, PATCH or DELETE of one record without
``If-Match`` gets 428 (``core.api``); ``If-Match: *`` is the API's knowing overwrite. A token that is not ours
(tampered) counts as stale.
"""
import hashlib
import json
from contextlib import contextmanager

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

FIELD = "record_version"
MISSING = gettext_lazy("This form is out of date or incomplete; reload the page. Nothing was saved: your values "
                       "are kept below, and saving again saves them over the record as it is now.")
_SALT = "mandates.core.locking"


class StaleRecord(ValidationError):
    """The record changed since the form was opened; nothing was saved."""


def snapshot(record) -> dict:
    """What a person sees of a record: each concrete field and many-to-many selection, by label. Fields that
    change by themselves on every save (``auto_now``) are left out."""
    values = {}
    for field in record._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            continue
        values[str(field.verbose_name)] = field.value_from_object(record)
    if record.pk is not None:
        for field in record._meta.many_to_many:
            values[str(field.verbose_name)] = sorted(getattr(record, field.name).values_list("pk", flat=True))
    return values


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:12]


def make_token(values: dict) -> str:
    return signing.dumps({label: _digest(value) for label, value in values.items()}, salt=_SALT, compress=True)


def _read_token(token: str) -> dict | None:
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None


def _shown(value) -> str:
    text = ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value if value is not None
                                                                                        else "")
    return text if len(text) <= 80 else text[:77] + "..."


class VersionedFormMixin:
    """A form that edits one record carries its version. ModelForms version their ``instance``; other forms
    pass ``record=``. ``version=`` replaces the field snapshot when the record's "version" is something else
    (a budget's current revision): a callable(record) -> dict of label -> value."""

    def __init__(self, *args, record=None, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        if record is None:
            instance = getattr(self, "instance", None)
            record = instance if getattr(instance, "pk", None) is not None else None
        self.versioned_record = record
        self.version_of = version or snapshot
        if record is not None:
            self.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
            self.initial[FIELD] = make_token(self.version_of(record))
        self.version_token = ""

    def _clean_form(self):
        super()._clean_form()  # the token is not data for the service: kept aside
        self.version_token = (self.cleaned_data or {}).pop(FIELD, "") or ""
        if self.versioned_record is not None and not self.version_token:
            self.add_error(None, ValidationError(MISSING, code="no_version"))
            self.data = self.data.copy()  # shown again with the record's version now: saving again is knowing
            self.data[self.add_prefix(FIELD)] = make_token(self.version_of(self.versioned_record))


def _changes(expected: dict, now: dict) -> list[str]:
    changed = []
    for label, value in now.items():
        if expected.get(label) != _digest(value):
            changed.append(gettext("%(field)s is now “%(value)s”") % {"field": label[:1].upper() + label[1:],
                                                                       "value": _shown(value)})
    return changed


@contextmanager
def unchanged(form):
    """Run a write only if the form's record is still the version the form was opened on (see the module)."""
    record = getattr(form, "versioned_record", None)
    with transaction.atomic():
        token = getattr(form, "version_token", "") if record is not None else None
        if token:
            current = type(record)._base_manager.select_for_update().get(pk=record.pk)
            now = form.version_of(current)
            expected = _read_token(token)
            changes = _changes(expected, now) if expected is not None else [gettext("its version is unknown")]
            if changes:
                form.data = form.data.copy()
                form.data[form.add_prefix(FIELD)] = make_token(now)  # saving again now overwrites, knowingly
                raise StaleRecord(gettext(
                    "Someone else changed this record since you opened it: %(changes)s. Nothing was saved. "
                    "Check the values, then save again to keep yours.") % {"changes": "; ".join(changes)},
                    code="stale")
        yield

