"""Limits every importer shares (issue 14): the size of an uploaded file and of one CSV field, and
a clear, line-numbered error instead of a 500 when a CSV file is malformed."""
import csv

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CSV_FIELD_LIMIT = 131_072  # characters in one CSV field (Python's own default, kept on purpose)


def read_limited(upload, *, limit: int | None = None) -> bytes:
    """The bytes of an upload or a path, refusing a file over the import limit before reading it all."""
    limit = limit or settings.MANDATES_MAX_UPLOAD
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError({"file": [_too_big(size, limit)]})
    if hasattr(upload, "read"):
        raw = upload.read(limit + 1)
    else:
        try:
            with open(upload, "rb") as handle:
                raw = handle.read(limit + 1)
        except OSError as exc:
            raise ValidationError({"file": [_("The file cannot be read: %(error)s") % {"error": exc.strerror}]})
    if len(raw) > limit:
        raise ValidationError({"file": [_too_big(len(raw), limit)]})
    return raw


def _too_big(size: int, limit: int) -> str:
    return _("The file is larger than the import limit of %(limit)d MB.") % {"limit": max(1, limit // 1_048_576)}


def guarded_rows(reader):
    """Iterate a csv reader/DictReader, turning csv.Error (a field over the limit, a NUL byte, an
    unclosed quote) into a ValidationError naming the line."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    done = 0  # the physical line the last good row ended on
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = done + 1
            text = str(exc)
            if "field larger than field limit" in text:
                text = _("a field is longer than %(limit)d characters") % {"limit": CSV_FIELD_LIMIT}
            raise ValidationError({"file": [_("Row %(line)d: %(problem)s.") % {"line": line, "problem": text}]})
        done = getattr(reader, "line_num", done + 1)
        yield row
