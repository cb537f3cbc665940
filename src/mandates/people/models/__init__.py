from .user import Role, User

__all__ = ["Role", "User"]
