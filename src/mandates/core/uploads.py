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


# --- rows and expansion (issue 14: a 433 KB .xlsx declaring 3 million rows took 137 s and 8 GB) ----------
MAX_ROWS = 250_000  # rows of one imported table (an office's ERP year or a UN-CTS file are far below)
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024  # what an .xlsx/.docx may unpack to
ZIP_MAX_RATIO = 100  # office files compress 5-20 times; far more is a bomb
ZIP_MAX_ENTRIES = 5000


def check_zip(raw: bytes) -> None:
    """Refuse a zipped office file (.xlsx, .docx) that would unpack to far more than it weighs, before
    anything is unpacked."""
    import io
    import zipfile

    try:
        infos = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError({"file": [_("The file is damaged: it is not a readable Office file.")]}) from None
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if len(infos) > ZIP_MAX_ENTRIES or total > ZIP_MAX_UNCOMPRESSED or total / packed > ZIP_MAX_RATIO:
        raise ValidationError({"file": [_(
            "The file would unpack to %(size)d MB in %(count)d parts (%(ratio)d times its size): it is refused as a "
            "“zip bomb”.") % {"size": total // 1_048_576, "count": len(infos), "ratio": total // packed}]})


def _too_many_rows(limit: int) -> ValidationError:
    return ValidationError({"file": [_("The file has more than %(limit)d rows, the import limit: split it.")
                                     % {"limit": limit}]})


def xlsx_rows(raw: bytes, *, limit: int = MAX_ROWS):
    """The rows (values) of an .xlsx file's first sheet, refusing bombs, files with no sheet, damaged XML
    and more than ``limit`` rows (as declared, or as read) with a clear error, never a 500."""
    import io

    from openpyxl import load_workbook

    check_zip(raw)
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:
        raise ValidationError({"file": [_("The file is not a readable .xlsx workbook.")]}) from None
    try:
        if not book.worksheets:
            raise ValidationError({"file": [_("The workbook has no worksheet.")]})
        sheet = book.worksheets[0]
        try:
            declared = sheet.max_row or 0  # from the sheet's <dimension>, before any row is read
        except Exception:
            declared = 0
        if declared and declared > limit + 1:
            raise _too_many_rows(limit)
        count = 0
        rows = sheet.iter_rows(values_only=True)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except ValidationError:
                raise
            except Exception:  # truncated or damaged sheet XML
                raise ValidationError({"file": [_("Row %(line)d: the worksheet is damaged and cannot be read.")
                                                % {"line": count + 1}]}) from None
            count += 1
            if count > limit + 1:  # the header and ``limit`` rows
                raise _too_many_rows(limit)
            yield row
    finally:
        book.close()


def limited(rows, *, limit: int = MAX_ROWS):
    """Pass rows through, refusing more than ``limit`` (plus a header)."""
    for count, row in enumerate(rows, start=1):
        if count > limit + 1:
            raise _too_many_rows(limit)
        yield row


MAX_DOCX_PARAGRAPHS = 20_000  # a resolution has tens or hundreds; a long report a few thousand


def check_docx(raw: bytes, *, limit: int = MAX_DOCX_PARAGRAPHS) -> None:
    """Refuse a .docx with more than ``limit`` paragraphs before it is parsed (a 532 KB file holding 1.5
    million paragraphs kept python-docx busy for over half an hour): the paragraphs are counted in the
    compressed stream, a chunk at a time."""
    import io
    import re
    import zipfile

    check_zip(raw)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        handle = archive.open("word/document.xml")
    except (KeyError, zipfile.BadZipFile, ValueError, OSError):
        return  # not a Word document: the reader says so
    opening = re.compile(rb"<w:p[ >/]")
    count, previous = 0, b""
    with handle:
        while chunk := handle.read(1 << 20):
            # an opening tag is 5 bytes: those across the boundary are the ones in these 8 bytes
            count += len(opening.findall(chunk)) + len(opening.findall(previous[-4:] + chunk[:4]))
            previous = chunk
            if count > limit:
                raise ValidationError({"file": [_(
                    "The document has more than %(limit)d paragraphs, the import limit: it is refused.")
                    % {"limit": limit}]})
