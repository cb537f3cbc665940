"""Panels that interop adds to earlier domains' pages (registered from ``ready()``)."""


def register():
    pass
