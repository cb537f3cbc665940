"""Shared API plumbing: pagination, errors (400 with a message per field, never a 500)."""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
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
        return Response({"detail": str(exc) or _("You may not do this.")}, status=status.HTTP_403_FORBIDDEN)
    elif isinstance(exc, IntegrityError):
        return Response({"non_field_errors": ["This conflicts with an existing record."]},
                        status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def representation_etag(data) -> str:
    """A strong ETag of a record's API representation: it changes whenever any field does."""
    import hashlib
    import json

    body = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = ("Someone else changed this record since you read it: read it again (its ETag is new) "
                      "and repeat your change.")
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = ("This change names no version of the record: read it, then send its ETag in If-Match "
                      "(or If-Match: * to replace whatever the record holds now). Nothing was changed.")
    default_code = "precondition_required"


class OptimisticLockingMixin:
    """ETag / If-Match on one record (issue 14). A read of one record answers with an ETag (a hash
    of what the reader saw); a PUT, PATCH or DELETE that sends ``If-Match`` with an ETag that is no
    longer current gets 412 and changes nothing. The check and the write run in one transaction
    with the row locked, so two writers holding the same ETag cannot both pass.

    A PUT, PATCH or DELETE without ``If-Match`` gets 428 Precondition Required (RFC 6585) and changes
    nothing, as a page form posted without its version token is refused (``core.locking``): no write
    overwrites a record without saying which version it replaces. ``If-Match: *`` is the knowing
    overwrite. The person's rights are checked first: a record they may not see or change answers
    404 or 403 as before."""

    UNSAFE = ("PUT", "PATCH", "DELETE")

    def _is_detail_write(self, request) -> bool:
        return request.method in self.UNSAFE and (self.lookup_url_kwarg or self.lookup_field) in self.kwargs

    def dispatch(self, request, *args, **kwargs):
        self.kwargs = kwargs  # _is_detail_write reads them before DRF sets them
        if request.method in self.UNSAFE and (self.lookup_url_kwarg or self.lookup_field) in kwargs:
            from django.db import transaction

            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def current_etag(self):
        """The ETag of the record as a plain read (the ``retrieve`` representation) shows it now."""
        action = self.action
        self.action = "retrieve"
        try:
            return representation_etag(self.get_serializer(self.get_object()).data)
        finally:
            self.action = action

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        expected = request.headers.get("If-Match")
        if not expected and self._is_detail_write(request):
            self.get_object()  # 404 / 403 first, as without the header
            raise PreconditionRequired()
        if expected and self._is_detail_write(request):
            instance = self.get_object()
            list(type(instance)._default_manager.select_for_update().filter(pk=instance.pk).values_list("pk"))
            tags = {tag.strip() for tag in expected.split(",")}
            if "*" not in tags and self.current_etag() not in tags:
                raise PreconditionFailed()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and (self.kwargs or {}).get(self.lookup_url_kwarg or self.lookup_field) and (
                getattr(self, "action", None) == "retrieve" or request.method in ("PUT", "PATCH")):
            import contextlib

            with contextlib.suppress(Exception):  # an ETag is a courtesy; the answer stands without it
                response["ETag"] = self.current_etag()
        return response


class ServiceViewSetMixin(OptimisticLockingMixin):
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


# --- the OpenAPI document states every answer the API gives (issue 14: schemathesis) ---------------------

_ERROR = {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_ERRORS = {
    "400": "Invalid parameters or body: each field with its messages.",
    "401": "No or an invalid token.",
    "403": "The permission matrix refuses this person.",
    "404": "No such record, or not one this person may see.",
    "405": "The method is not allowed here.",
    "406": "The Accept header asks for a format the API does not give.",
    "412": "If-Match names a version that is no longer current: nothing was changed.",
    "428": "No If-Match: a change of one record names the version it replaces (its ETag, or *).",
    "413": "The body is over the size limit.",
    "415": "The body's media type is not accepted.",
}


IF_MATCH = {"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"},
            "description": "The ETag of the record as read (GET answers it), or * to replace whatever it holds."}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the error answers it may give, with
    their JSON body ({"detail": ...} or field -> messages)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = {
        "type": "object", "additionalProperties": True,
        "description": "{\"detail\": message} or {field: [messages]}."}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            if method in ("put", "patch", "delete") and not any(
                    p.get("name") == "If-Match" for p in operation.get("parameters", [])):
                operation.setdefault("parameters", []).append(IF_MATCH)
            for code, text in _ERRORS.items():
                if code in ("412", "428") and method not in ("put", "patch", "delete"):
                    continue
                responses.setdefault(code, {**_ERROR, "description": text})
    return result


def _nullable_source(model, source: str) -> bool:
    """Does this dotted source path cross a nullable column or relation of the model?"""
    for part in source.split("."):
        try:
            field = model._meta.get_field(part)
        except Exception:  # a property or method: nothing to say
            return False
        if getattr(field, "null", False):
            return True
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


def document_nullable_fields(result, generator, request, public):
    """drf-spectacular postprocessing hook: a read field whose source crosses a nullable column (a project's
    optional programme, a value not yet approved) is documented ``nullable``, as the API answers null."""
    from rest_framework import serializers

    schemas = result.get("components", {}).get("schemas", {})
    for component in generator.registry._components.values():
        serializer = component.object
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        schema = schemas.get(component.name)
        if model is None or not isinstance(serializer, serializers.BaseSerializer) or not schema:
            continue
        properties = schema.get("properties", {})
        for name, field in getattr(serializer, "fields", {}).items():
            if name in properties and field.source != "*" and _nullable_source(model, field.source):
                prop = properties[name]
                if "$ref" in prop:
                    properties[name] = {"allOf": [{"$ref": prop.pop("$ref")}], "nullable": True, **prop}
                else:
                    prop["nullable"] = True
    return result
