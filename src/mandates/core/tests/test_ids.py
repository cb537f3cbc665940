"""``InIds`` selects the same rows as ``__in`` with one parameter, on SQLite and PostgreSQL."""
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from mandates.core.ids import InIds

pytestmark = pytest.mark.django_db


def test_same_rows_as_in_with_one_parameter_however_many_ids():
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"ids-{i}") for i in range(5)])
    wanted = [users[1].pk, users[3].pk] + list(range(10**6, 10**6 + 40_000))  # more than SQLite's 32,766
    with CaptureQueriesContext(connection) as queries:
        found = sorted(User.objects.filter(InIds("pk", wanted)).values_list("username", flat=True))
    assert found == ["ids-1", "ids-3"]
    assert len(queries) == 1 and len(queries[0]["sql"]) < 400_000
    assert list(User.objects.filter(InIds("pk", []))) == []
    either = User.objects.filter(Q(InIds("pk", [users[0].pk])) | Q(username="ids-4"))
    assert sorted(either.values_list("username", flat=True)) == ["ids-0", "ids-4"]


def test_ids_are_integers_only():
    with pytest.raises(ValueError):
        InIds("pk", ["1); DROP TABLE auth_user; --"])
