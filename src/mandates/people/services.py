"""Writes about people: users and their personal API tokens."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token

from mandates.core.audit import acting_as

from .models import Role, User


def issue_api_token(user: User, *, rotate: bool = False) -> str:
    """Return the user's personal API token, creating it (or a fresh one, with ``rotate``)."""
    with transaction.atomic():
        if rotate:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
    return token.key


@transaction.atomic
def create_user(*, by=None, username: str, password: str, role: str, **fields) -> User:
    if role not in Role.values:
        raise ValidationError({"role": gettext("Unknown role “%(role)s”.") % {"role": role}})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": gettext("A user “%(username)s” already exists.") % {"username": username}})
    user = User(username=username, role=role, **fields)
    user.set_password(password)
    user.full_clean()
    with acting_as(by):
        user.save()
    return user
