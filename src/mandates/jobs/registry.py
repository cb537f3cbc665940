"""Job kinds: each domain app registers the long work it offers, from its ``AppConfig.ready()``,
so that ``jobs`` never imports a later app.

A job function is called as ``func(params=..., input_file=..., by=..., progress=...)``:

* ``params`` — the JSON-safe dict given to ``services.start``;
* ``input_file`` — the uploaded file opened in binary mode, or ``None``;
* ``by`` — the person who started the job (services called by the job audit under that name);
* ``progress(done, total, message="")`` — report how far it got (cheap; call it per row).

It runs inside one database transaction: raising ``ValidationError`` (e.g. "Line 12: amount
'1e309' is not a number") fails the job with that message and rolls every write back. It returns
``None``, a summary string, or a ``Result`` (summary and/or a file to download).
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass
class Result:
    summary: str = ""
    filename: str = ""
    content: bytes = b""
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class JobKind:
    kind: str
    func: Callable
    label: str
    allowed: Callable | None = None  # (user) -> bool; default: any signed-in person
    needs_file: bool = False
    file_extensions: tuple[str, ...] = ()
    max_upload_bytes: int = 20 * 1024 * 1024
    validate: Callable | None = field(default=None)  # (params) -> cleaned params, raises ValidationError

    def permits(self, user) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return self.allowed is None or bool(self.allowed(user))


_kinds: dict[str, JobKind] = {}


def register(kind: str, func: Callable, *, label: str, allowed: Callable | None = None,
             needs_file: bool = False, file_extensions: tuple[str, ...] = (),
             max_upload_bytes: int = 20 * 1024 * 1024, validate: Callable | None = None) -> JobKind:
    """Offer ``func`` as a background job named ``kind`` (e.g. ``"finance.expenditure_import"``)."""
    entry = JobKind(kind, func, str(label), allowed, needs_file, tuple(e.lower() for e in file_extensions),
                    max_upload_bytes, validate)
    _kinds[kind] = entry
    return entry


def get(kind: str) -> JobKind | None:
    return _kinds.get(kind)


def unregister(kind: str) -> None:
    """For tests that register a throwaway kind."""
    _kinds.pop(kind, None)


UNKNOWN_KIND = _("This kind of job is not known to Mandates.")
