"""Settings for the test suite: production settings with what the tests need asked for explicitly.

A fixed test-only secret key, and plain HTTP (the test client and the live server of the browser
tests speak HTTP, so no HTTPS redirect, no HSTS and no Secure-only cookies).
"""
import os

os.environ.setdefault("MANDATES_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("MANDATES_HTTPS", "0")

from mandates.settings import *  # noqa: F403
