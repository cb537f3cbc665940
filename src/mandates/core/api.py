"""Shared API plumbing: pagination, errors (400 with a message per field, never a 500)."""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def validation_error_body(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {field: list(messages) for field, messages in exc.message_dict.items()}
    return {"non_field_errors": exc.messages}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(detail=validation_error_body(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        return Response({"detail": str(exc) or "You may not do this."}, status=status.HTTP_403_FORBIDDEN)
    elif isinstance(exc, IntegrityError):
        return Response({"non_field_errors": ["This conflicts with an existing record."]},
                        status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


class ServiceViewSetMixin:
    """A DRF viewset whose reads are narrowed by the permission matrix and whose writes go
    through the app's services (validation, transaction, audit).

    Subclasses set ``permission_model`` and implement ``perform_service_create(data)`` /
    ``perform_service_update(instance, data)`` returning the saved object.
    """

    permission_model = None

    def get_queryset(self):
        from mandates.people import permissions

        return permissions.visible(self.request.user, self.base_queryset())

    def base_queryset(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self.perform_service_create(serializer.validated_data)
        out = self.get_serializer(self.base_queryset().get(pk=instance.pk))
        return Response(out.data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        instance = self.perform_service_update(instance, serializer.validated_data)
        return Response(self.get_serializer(self.base_queryset().get(pk=instance.pk)).data)


class OptionalSlashRouter(SimpleRouter):
    """Routes that answer with and without a trailing slash (``/api/v1/projects`` and ``.../projects/``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.trailing_slash = "/?"
