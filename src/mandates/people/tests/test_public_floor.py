"""A signed-in person never sees less than the public, whatever the role (the permission matrix's floor)."""
import pytest

from mandates.people import permissions
from mandates.people.models import Role


@pytest.mark.parametrize("role", Role.values)
def test_every_role_may_view_what_the_public_may_view(role):
    matrix = permissions.load_matrix()
    objects = {obj for (_, obj, _) in matrix} - {"*"}
    narrower = []
    for name in sorted(objects):
        public = permissions.scope(None, name, "view")

        class Person:
            is_authenticated = True
            is_active = True
            matrix_role = role

        if public != "none" and permissions.scope(Person(), name, "view") == "none":
            narrower.append(name)
    assert narrower == []


def test_docs_permissions_tables_match_the_matrix():
    from mandates.people import matrix_doc

    assert matrix_doc.current() == matrix_doc.render(), "run: python -m mandates.people.matrix_doc"
