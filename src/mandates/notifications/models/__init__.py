from .notification import Notification, Preference, Visit

__all__ = ["Notification", "Preference", "Visit"]
