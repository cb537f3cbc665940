"""DRF permission class that asks the permission matrix, for lists and for each object."""
from rest_framework.permissions import SAFE_METHODS, BasePermission

from . import permissions

METHOD_ACTION = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class MatrixPermission(BasePermission):
    """Views declare ``permission_model``; reads are narrowed by ``visible`` in the queryset."""

    def has_permission(self, request, view):
        model = getattr(view, "permission_model", None)
        if model is None:
            return bool(request.user and request.user.is_authenticated)
        if request.method in SAFE_METHODS:
            return permissions.can(request.user, "view", model)
        action = getattr(view, "permission_action", None) or METHOD_ACTION.get(request.method, "change")
        return permissions.can(request.user, action, model)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return permissions.can(request.user, "view", obj)
        action = getattr(view, "permission_action", None) or METHOD_ACTION.get(request.method, "change")
        return permissions.can(request.user, action, obj)
