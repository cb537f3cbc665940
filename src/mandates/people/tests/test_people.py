import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from mandates.people import permissions


@pytest.mark.django_db
def test_api_token_command_prints_a_working_bearer_token(client, users, capsys):
    call_command("api_token", "planner")
    token = capsys.readouterr().out.strip()
    assert Token.objects.get(user=users["planning_officer"]).key == token
    response = client.post("/api/v1/partners", {"name": "ECOWAS Commission", "kind": "regional_organisation"},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201
    refused = client.post("/api/v1/partners", {"name": "Other", "kind": "regional_organisation"},
                          content_type="application/json", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert refused.status_code == 401


@pytest.mark.django_db
def test_rotating_replaces_the_token(users, capsys):
    call_command("api_token", "reader")
    first = capsys.readouterr().out.strip()
    call_command("api_token", "reader", "--rotate")
    second = capsys.readouterr().out.strip()
    assert first != second and not Token.objects.filter(key=first).exists()


@pytest.mark.django_db
def test_login_and_logout(client, users):
    page = client.post("/accounts/login/", {"username": "planner", "password": "pass-word-123"})
    assert page.status_code == 302
    assert "Planning officer" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert "Log in" in client.get("/").content.decode()
    wrong = client.post("/accounts/login/", {"username": "planner", "password": "nope"})
    assert wrong.status_code == 200 and "correct username and password" in wrong.content.decode()


def test_matrix_scopes_are_all_known_and_roles_exist():
    from mandates.people.models import Role

    matrix = permissions.load_matrix()
    roles = {key[0] for key in matrix}
    assert roles <= set(Role.values) | {permissions.PUBLIC_ROLE}
    assert set(matrix.values()) <= set(permissions.SCOPES)
    for role, obj, action in matrix:
        assert obj == "*" or obj in permissions.registered_objects() or obj == "history", obj
        assert action == "*" or action in permissions.ACTIONS


def test_a_role_without_a_row_gets_nothing_beyond_what_the_public_sees():
    class Ghost:
        is_authenticated = True
        is_active = True
        matrix_role = "nobody"

    # A signed-in person never sees less than the public: viewing falls back to the public's scope.
    assert permissions.scope(Ghost(), "project", "view") == permissions.scope(None, "project", "view") == "public"
    assert permissions.scope(Ghost(), "project", "change") == "none"
    assert permissions.scope(Ghost(), "project", "approve") == "none"


@pytest.mark.django_db
@pytest.mark.parametrize("language, action, expected", [
    ("en", "change", "You may not change this project."),
    ("fr", "delete", "Vous n’êtes pas autorisé(e) à supprimer cet élément (projet)."),
    ("es", "add", "No tiene permiso para añadir un elemento (proyecto) aquí."),
])
def test_a_refusal_is_a_whole_sentence_in_the_persons_language(language, action, expected):
    """The refusal names what was refused in words, never the matrix's internal action name."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.utils import translation

    from mandates.portfolio.models import Project

    with translation.override(language), pytest.raises(PermissionDenied) as refused:
        permissions.require(AnonymousUser(), action, Project)
    assert str(refused.value) == expected


# Names spelt the same in the language (their catalogue entry exists and repeats the word).
SAME_WORD = {"fr": {"programme", "instrument", "notification", "obligation", "contribution", "participant"},
             "es": {"series"}}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_models_name_is_translated(language):
    """Refusals and other messages name a kind of record by its model's verbose name, read through the catalogues."""
    from django.apps import apps
    from django.utils import translation
    from django.utils.translation import gettext

    names = {str(m._meta.verbose_name) for m in apps.get_models() if m.__module__.startswith("mandates.")}
    with translation.override(language):
        untranslated = sorted(n for n in names if gettext(n) == n and n not in SAME_WORD[language])
    assert untranslated == []
