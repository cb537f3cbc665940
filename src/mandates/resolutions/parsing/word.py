"""Word documents (.docx) read into the lines :func:`mandates.resolutions.parsing.parse_text` reads."""
import io
import re
import zipfile

from .errors import ParseError
from .layout import NUMBERED_RE


def read_docx(source) -> str:
    """The text of a .docx as lines :func:`parse_text` reads: one paragraph a line, italic runs in
    ``*``, superscript runs (footnote references) dropped, Word list paragraphs numbered ``#.``."""
    import docx  # python-docx
    from django.core.exceptions import ValidationError
    from docx.opc.exceptions import PackageNotFoundError

    from mandates.core import uploads

    if hasattr(source, "read"):
        raw = source.read()
    elif isinstance(source, bytes):
        raw = source
    else:
        with open(source, "rb") as handle:
            raw = handle.read()
    try:
        uploads.check_docx(raw)
    except ValidationError as exc:
        raise ParseError(" ".join(exc.messages)) from None
    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ParseError("the file is not a Word document (.docx) that can be read.") from exc
    out = []
    for paragraph in document.paragraphs:
        pieces = []
        for run in paragraph.runs:
            if run.font.superscript:
                continue
            text = run.text
            if run.italic and text.strip():
                lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", text, re.S).groups()
                text = f"{lead}*{core}*{trail}"
            pieces.append(text)
        line = re.sub(r"\*\*(?=\S)", "", "".join(pieces)) if pieces else paragraph.text
        line = line.replace("**", "")
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
        if style.startswith("heading") and line.strip():
            line = "## " + line.strip()
        elif (numbered or style.startswith("list number")) and line.strip() and not NUMBERED_RE.match(line.strip()):
            line = "#. " + line.strip()
        out.append(line)
        out.append("")
    return "\n".join(out)
