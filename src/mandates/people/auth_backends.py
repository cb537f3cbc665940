"""Login throttling (django-axes) on every login made through a request.

Axes refuses to authenticate without a request; logins without one (management commands, the test
client's ``login``) carry no address to throttle and are left to the model backend.
"""
from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
