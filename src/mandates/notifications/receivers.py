from . import services


def on_event(sender, *, kind, recipients, title, url="", actor=None, key="", **kwargs):
    services.deliver(kind, recipients, title, url, key)
