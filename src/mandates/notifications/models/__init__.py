from .notification import Notification, Preference

__all__ = ["Notification", "Preference"]
