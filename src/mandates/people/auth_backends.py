"""Login throttling (django-axes) on every login made through a request.

Axes refuses to authenticate without a request; logins without one (management commands, the test
client's ``login``) carry no address to throttle and are left to the model backend.
"""
from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend as _ModelBackend
from django.core.cache import caches


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class ModelBackend(_ModelBackend):
    """Django's model backend, whose ``get_user`` reads the signed-in person from the shared cache.

    Every signed-in request loads its person (the session names them); a page-cache hit then needed one
    query for that alone. With ``PEOPLE_USER_CACHE`` (set with a cache every process shares, as for the
    ``cached_db`` sessions) the row is kept under ``people:user:<pk>`` for ``PEOPLE_USER_CACHE_SECONDS`` and
    dropped whenever the person is saved or deleted (``forget_user``, connected in ``PeopleConfig.ready``),
    so a deactivation, a new role or a new password reaches every process at its next request. Django still
    checks the session's password hash against the kept row and ``is_active`` (``user_can_authenticate``).
    """

    def get_user(self, user_id):
        if not getattr(settings, "PEOPLE_USER_CACHE", False):
            return super().get_user(user_id)
        cache = caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]
        key = user_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, getattr(settings, "PEOPLE_USER_CACHE_SECONDS", 300))
            return user
        return user if self.user_can_authenticate(user) else None


def user_key(user_id) -> str:
    return f"people:user:{user_id}"


def forget_user(sender, instance, **kwargs):
    """Drop a person's kept row when it changes (receiver of post_save / post_delete / m2m_changed)."""
    if getattr(settings, "PEOPLE_USER_CACHE", False) and instance is not None and getattr(instance, "pk", None):
        caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")].delete(user_key(instance.pk))
