"""The governing bodies a text names ("the Commission on Narcotic Drugs", "the Council", "la Commission
des stupéfiants", "el Consejo"), and which body "its" or "the Commission" refers to."""
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import reference

GENERIC = {  # a generic word -> the word a body's name starts with, or a fixed body
    "Commission": "Commission", "Comisión": "Comisión", "Conference": "Conference", "Conférence": "Conférence",
    "Conferencia": "Conferencia", "Conseil": "ECOSOC", "Consejo": "ECOSOC", "Assemblée": "GA", "Asamblea": "GA",
}


@dataclass(frozen=True)
class Named:
    start: int
    end: int
    code: str
    reference: bool  # "General Assembly resolution 64/179": cites the body, does not address it


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str]]:
    patterns = []
    for body in reference.bodies().values():
        names = {body.name} | {a for a in body.aliases if " " in a and not a.lower().startswith("the ")}
        for name in sorted(names, key=len, reverse=True):
            patterns.append((re.compile(r"\b" + re.escape(name) + r"\b"), body.code))
        for alias in body.aliases:
            if alias.lower().startswith("the "):
                patterns.append((re.compile(r"\b[Tt]he " + re.escape(alias[4:]) + r"\b(?! on| against| of| for)"),
                                 body.code))
    patterns.sort(key=lambda item: -len(item[0].pattern))
    return patterns


GENERIC_RE = re.compile(r"\b(?:[Tt]he|[Ll]a|[Ll]e|[Ee]l|[Dd]u|[Dd]el|[Aa]u|[Aa]l|l')\s?"
                        r"(Commission|Comisión|Conference|Conférence|Conferencia|Conseil|Consejo|Assemblée|Asamblea)\b"
                        r"(?! on| of| against| des| de| pour| du)")
REFERENCE_RE = re.compile(r"\s*(?:resolutions?|decisions?|r[ée]solutions?|d[ée]cisions?|resoluci[oó]n|decisi[oó]n)\b",
                          re.I)


def named(text: str, context_body: str, earlier: tuple[str, ...] = ()) -> list[Named]:
    """Every body the text names, in order. "The Commission" is the commission named last before it
    (in this text, else in ``earlier`` paragraphs), else the adopting body when it is a commission."""
    found: dict[int, Named] = {}
    taken: list[range] = []
    for pattern, code in _patterns():
        for match in pattern.finditer(text):
            if any(match.start() in r or match.end() - 1 in r for r in taken):
                continue
            taken.append(range(match.start(), match.end()))
            ref = bool(REFERENCE_RE.match(text, match.end()))
            found[match.start()] = Named(match.start(), match.end(), code, ref)
    for match in GENERIC_RE.finditer(text):
        if any(match.start(1) in r for r in taken):
            continue
        word = GENERIC[match.group(1)]
        if word in reference.bodies():
            code = word
        else:
            before = [n.code for n in sorted(found.values(), key=lambda n: n.start) if n.start < match.start()]
            candidates = [c for c in before if _starts(c, word)] or [c for c in earlier if _starts(c, word)]
            code = candidates[-1] if candidates else (context_body if _starts(context_body, word) else "")
        if code:
            ref = bool(REFERENCE_RE.match(text, match.end()))
            found[match.start()] = Named(match.start(), match.end(), code, ref)
    return sorted(found.values(), key=lambda n: n.start)


def _starts(code: str, word: str) -> bool:
    body = reference.bodies().get(code)
    if body is None:
        return False
    english = {"Comisión": "Commission", "Conférence": "Conference", "Conferencia": "Conference"}.get(word, word)
    return body.name.startswith(english)


def bodies_named(text: str, context_body: str) -> list[tuple[int, str]]:
    """(offset, body code) of the bodies the text names, in order (kept for older callers)."""
    return [(n.start, n.code) for n in named(text, context_body)]
