"""What one paragraph says: its opening verb, whom it addresses, and the requests it makes.

Works on the clean text of a paragraph (no number, no footnote markers). The verbs and the addressee
patterns come from ``data/operative_verbs.txt``, ``data/preambular_verbs.txt`` and
``data/addressees.yaml``.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import reference

NO_ADDRESSEE = "none"
OFFICE_CATEGORIES = ("office", "executive_director", "secretary_general")


@dataclass
class Clause:
    """One "verb + addressee + to ..." in a paragraph (a paragraph may hold several:
    "Recognizes the efforts ..., and requests the Office to continue ...")."""

    verb: str
    request: bool
    addressee: str
    category: str
    start: int  # offset of the verb in the paragraph text
    end: int = 0  # offset where the next clause starts (or the end of the text)
    passive: bool = False  # "Requests that a report be submitted ...": asks without naming who


@dataclass
class Analysis:
    verb: str = ""
    addressee: str = ""
    category: str = NO_ADDRESSEE
    clauses: list[Clause] = field(default_factory=list)

    @property
    def office_requests(self) -> list[Clause]:
        """Clauses asking the office, its Executive Director or the Secretary-General to act or report."""
        return [c for c in self.clauses if c.request and (c.category in OFFICE_CATEGORIES or c.passive)]

    @property
    def requests(self) -> list[Clause]:
        """Every asking clause, whoever it addresses (and the passive ones)."""
        return [c for c in self.clauses if c.request]


def categorise(addressee: str) -> str:
    text = (addressee or "").strip()
    if not text:
        return NO_ADDRESSEE
    for code, _label, patterns in reference.addressee_rules()["compiled"]:
        if any(p.search(text) for p in patterns):
            return code
    return NO_ADDRESSEE


def _strip_modifiers(text: str) -> tuple[str, str]:
    """('Also strongly ', 'urges Member States ...') for 'Also strongly urges Member States ...'."""
    _, modifiers = reference.operative_verbs()
    consumed = ""
    changed = True
    while changed:
        changed = False
        for modifier in modifiers:
            if text[: len(modifier) + 1].lower() == modifier.lower() + " ":
                consumed += text[: len(modifier) + 1]
                text = text[len(modifier) + 1:]
                changed = True
                break
    return consumed, text


def _starts_with_phrase(text: str, phrase: str) -> bool:
    if not text.lower().startswith(phrase.lower()):
        return False
    rest = text[len(phrase):]
    return not rest or not rest[0].isalnum()


PASSIVE_RE = re.compile(r"^(?:that|que|qu['’])(?=[\s,:])\s*", re.IGNORECASE)  # "Requests that a report be submitted"
ADVERB_RE = re.compile(r"[a-zà-ÿ]+ly")


def _adverbs_after(rest: str) -> int:
    """Length of the adverbs that follow the first word of ``rest`` ("Appeals consequently to ...",
    "Prie également le ..."): lowercase -ly words and the listed French and Spanish ones."""
    first = re.match(r"\S+", rest)
    if not first:
        return 0
    pos = first.end()
    after = reference.modifiers_after()
    while True:
        tail = rest[pos:]
        word = re.match(r"\s+([a-zà-ÿ]+)", tail)
        if word and ADVERB_RE.fullmatch(word.group(1)) and word.group(1) not in ("family", "supply", "only"):
            pos += word.end()
            continue
        listed = next((m for m in after if tail.lower().startswith(" " + m.lower())
                       and (len(tail) == len(m) + 1 or not tail[len(m) + 1].isalnum())), None)
        if listed:
            pos += len(listed) + 1
            continue
        return pos - first.end()


def match_operative_verb(text: str) -> tuple[str, reference.Verb | None]:
    """The opening verb as written (with its modifiers and adverbs) and the listed verb it is, if any."""
    verbs, _ = reference.operative_verbs()
    modifiers, rest = _strip_modifiers(text)
    first = re.match(r"\S+", rest)
    skipped = _adverbs_after(rest) if first else 0
    if skipped:
        # "Appeals consequently to Governments": match "Appeals to" on the words without the adverb
        bare = rest[: first.end()] + rest[first.end() + skipped:]
        for verb in verbs:
            if _starts_with_phrase(bare, verb.text):
                written = len(verb.text) + skipped if len(verb.text) > first.end() else first.end() + skipped
                return (modifiers + rest[:written]).strip(), verb
    for verb in verbs:
        if _starts_with_phrase(rest, verb.text):
            return (modifiers + rest[: len(verb.text)]).strip(), verb
    if modifiers:  # "Also xyz": keep the modifier and the next word
        word = re.match(r"[\w-]+", rest)
        return (modifiers + (word.group(0) if word else "")).strip(), None
    return "", None


def match_preambular_verb(text: str) -> str:
    for verb in reference.preambular_verbs():
        if _starts_with_phrase(text, verb):
            return text[: len(verb)]
    word = re.match(r"[A-Z][\w-]*", text)
    return word.group(0) if word else ""


@lru_cache(maxsize=1)
def _secondary_clause_re() -> re.Pattern:
    """"..., and requests the Office to ..." / "...; urges States to ..." inside a paragraph."""
    verbs, _ = reference.operative_verbs()
    actor_verbs = sorted({v.text.lower() for v in verbs if v.actor}, key=len, reverse=True)
    alternatives = "|".join(re.escape(v) for v in actor_verbs)
    after = "|".join(re.escape(m) for m in reference.modifiers_after())
    between = "|".join(re.escape(c) for c in reference.addressee_rules().get("connectives_before_verb", []))
    return re.compile(
        rf"(?:(?:,|;)?\s+(?:and|et|y)|;)(?:\s+(?:{between}),?)?\s+(?P<verb>(?:(?:also|further|again|once again|strongly)\s+)*"
        rf"(?:{alternatives})(?:\s+(?:also|further|again|{after}))?)\s+"
    )


# Where the addressee ends in French ("... de lui présenter") and Spanish ("... que le presente",
# "... a adoptar"): the infinitive or the conjunction after it.
FR_END_RE = re.compile(r"\s(?:de|d['’])\s?(?=(?:lui|leur|se|s['’]|y|en|ne|[a-zéèêîô]+(?:er|ir|re|oir))\b)")
ES_END_RE = re.compile(r"\sa\s+que\s|(?<!\blas)(?<!\blos)(?<!\bla)(?<!\bel)(?<!\blo)(?<!\by)\sque\s"
                       r"|\sa\s(?=[a-záéíóú]+(?:ar|er|ir)(?:se|lo|la|le|les)?\b)")


def _infinitive_to(text: str, lang: str = "en") -> int | None:
    """Offset of the " to " that opens the infinitive after an addressee, if any."""
    if lang == "es":
        # "Insta a todos los Estados que aún no lo hayan hecho a que ...": "a que" ends it, a bare
        # "que" after a noun only opens a relative clause
        match = re.search(r"\sa\s+que\s", text[:300]) or ES_END_RE.search(text)
        return match.start() if match else None
    if lang == "fr":
        match = FR_END_RE.search(text)
        return match.start() if match else None
    stop = reference.addressee_rules()["not_infinitive_after_to"]
    for match in re.finditer(r"(?:,\s*|\s)to\s+(?=([a-z][\w-]*(?:\s+so)?))", text):
        following = match.group(1)
        if following in stop or following.split()[0] in stop:
            continue
        first = following.split()[0]
        if first.endswith("s") and not first.endswith(("ss", "us")) and len(first) > 4:
            continue  # "and to foundations": a plural noun, not an infinitive
        return match.start()
    return None


def _starts_with_any(text: str, words) -> bool:
    lowered = text.lower()
    return any(lowered.startswith(w.lower()) for w in words)


def extract_addressee(rest: str, lang: str = "en") -> str | None:
    """The addressee at the start of ``rest`` ("the Secretary-General, within ..., to convene ..."
    -> "the Secretary-General"; "States, institutions and individuals to ..." kept whole), or None
    when no infinitive follows."""
    lowered = rest.lower()
    for lead in ("to ", "à ", "aux ", "al ", "a "):
        if lowered.startswith(lead):
            rest = ("el " if lead == "al " else "") + rest[len(lead):]
            break
    limit = _infinitive_to(rest[:600], lang)
    if limit is None:
        return None
    segment = rest[:limit].strip()
    rules = reference.addressee_rules()
    continues, asides = rules["continues_after_comma"], rules.get("aside_after_comma", [])
    parts = segment.split(", ")
    kept = [parts[0]]
    examples = rules.get("examples_after_comma", [])
    for part in parts[1:]:
        if _starts_with_any(part, examples):
            continue  # "the specialized agencies, in particular FAO, as well as UNCTAD": an example
        if part[:1].isupper() or part[:1].isdigit() or _starts_with_any(part, continues):
            kept.append(part)
        elif part[:1].islower() and not _starts_with_any(part, asides) and not ADVERB_RE.fullmatch(part.split()[0]):
            kept.append(part)  # "States, institutions and individuals"
        else:
            break
    addressee = ", ".join(kept).strip().rstrip(",").strip()
    return addressee or None


THAT_STOP_RE = re.compile(r"\b(?:should|shall|must|may|will|would|could|can|be|is|are|doit|doivent|deben?)\b")
FUNCTION_WORDS = frozenset("of the and to on for against in its their a an all other and or with at by from as "
                           "de la le les des du et el los las del y".split())


PASSIVE_BE_RE = re.compile(r"\b(?:(?:should|shall|must|may|will|would|could|can)\s+)?be\s+([a-z]+)\b")
ACTIVE_PARTICIPLES = frozenset({"requested", "invited", "asked", "encouraged", "urged", "called", "entrusted",
                                "authorized", "mandated", "able"})
SELF_RE = re.compile(r"^(?:it|the (?:General )?Assembly|the Council|the Economic and Social Council)$", re.I)
OBLIGING_RE = re.compile(r"\b(?:shall|should|will|must|is requested|be requested|be invited)\b")


def _addressee_without_infinitive(verb_text: str, rest: str) -> str | None:
    """"Appeals consequently to Governments for sustained support ...": no infinitive follows, the
    addressee ends at the preposition or the comma after it."""
    if not re.search(r"\b(?:to|upon|on)$", verb_text.strip(), re.I):
        return None
    match = re.match(r"^((?:the |all )?[A-Z][^,;:.]*?)(?=\s(?:for|in|on|with|by|that|to)\s|[,;:.]|$)", rest)
    return match.group(1).strip() if match else None


def that_subject(rest: str, decided: bool = False) -> str:
    """Who a "that" clause asks: "that the Committee's meetings should be limited" -> "the Committee";
    "that the Conference of the Parties ... consider" -> "the Conference of the Parties ..."; "" for a
    passive request ("that a report be submitted")."""
    body = PASSIVE_RE.sub("", rest, count=1)
    body = re.sub(r"^:?\s*\((?:a|i)\)\s*", "", body.strip())  # "Decides that: (a) The Commission shall"
    body = re.sub(r"^,[^,]{0,80},\s*", "", body.strip())  # "that, if possible, the Committee ..."
    determiner = re.compile(r"^(?:the|a|an|all|its|their|le|la|les|l['’]|el|los|las)\b|^[A-ZÀ-Ý]")
    if not determiner.match(body):  # a lead-in: "pending further study by ..., the Commission shall"
        comma = body.find(", ")
        if 0 <= comma < 250 and determiner.match(body[comma + 2:]):
            body = body[comma + 2:]
        else:  # "in future the Subcommission ... shall"
            lead = re.match(r"^(?:[a-zà-ÿ-]+\s+){1,4}?(?=(?:the|a|an|all|its|their)\s|[A-Z])", body)
            body = body[lead.end():] if lead else body
    passive = PASSIVE_BE_RE.search(body[:300])
    if passive and passive.group(1) not in ACTIVE_PARTICIPLES and ", " not in body[: passive.start()]:
        return ""  # "that a report be submitted", "that the Strategy ... be given priority": nobody named
    words = body.split()
    subject = []
    for index, word in enumerate(words[:40]):
        bare = word.strip(",;:.")
        if THAT_STOP_RE.fullmatch(bare.lower()):
            if bare.lower() == "be" and (not subject or subject[0].lower() in ("a", "an")) or (
                    bare.lower() == "be" and index == len(subject)):
                return "" if bare.lower() == "be" else " ".join(subject)
            break
        if index and bare[:1].islower() and bare.lower() not in FUNCTION_WORDS:
            break
        subject.append(bare)
        if word.endswith((",", ";", ":")):
            break
    text = " ".join(subject)
    if decided and (SELF_RE.match(text) or not OBLIGING_RE.search(body[len(text): len(text) + 40])):
        return ""  # "Decides that it shall ..." / "Decides that the report is ...": nobody else asked
    text = re.sub(r"['’]s\b.*$", "", text)
    if not re.search(r"[A-Z]", text) or re.match(r"^(?:a|an)\b", text, re.I):
        return ""  # "that a sufficient share ... be allocated": nobody named
    return text


def _verb_flags(verb_text: str) -> reference.Verb | None:
    _, base = match_operative_verb(verb_text[:1].upper() + verb_text[1:])
    return base


def analyse_operative(text: str, italic_verb: str = "") -> Analysis:
    """Verb, addressee and request clauses of an operative paragraph."""
    result = Analysis()
    if italic_verb:
        verb_text, base = italic_verb.strip(), _verb_flags(italic_verb.strip())
        if not _starts_with_phrase(text, verb_text):
            verb_text, base = match_operative_verb(text)
    else:
        verb_text, base = match_operative_verb(text)
    if not verb_text:
        word = re.match(r"[\w-]+", text)
        verb_text = word.group(0) if word else ""
    result.verb = verb_text
    lang = base.lang if base is not None else "en"
    rest = text[len(verb_text):].lstrip()
    names_someone = (base is not None and base.actor) or bool(
        re.match(r"to (?:the|all|States|Member|Governments|relevant)\b", rest)
    )
    if base is not None and base.request and PASSIVE_RE.match(rest):
        subject = that_subject(rest)
        result.clauses.append(Clause(verb=verb_text, request=True, addressee=subject, category=categorise(subject),
                                     start=0, passive=not subject))
    elif base is not None and base.asks_that and PASSIVE_RE.match(rest):
        subject = that_subject(rest, decided=True)
        if subject:
            result.clauses.append(Clause(verb=verb_text, request=True, addressee=subject,
                                         category=categorise(subject), start=0))
    elif names_someone:
        addressee = extract_addressee(rest, lang) or _addressee_without_infinitive(verb_text, rest)
        if addressee:
            result.clauses.append(Clause(
                verb=verb_text, request=bool(base and base.request), addressee=addressee,
                category=categorise(addressee), start=0,
            ))
    for match in _secondary_clause_re().finditer(text):
        verb = match.group("verb")
        flags = _verb_flags(verb)
        following = text[match.end():]
        if flags is not None and flags.request and PASSIVE_RE.match(following):
            subject = that_subject(following)
            result.clauses.append(Clause(verb=verb, request=True, addressee=subject, category=categorise(subject),
                                         start=match.start("verb"), passive=not subject))
            continue
        addressee = extract_addressee(following, flags.lang if flags else lang)
        if not addressee:
            continue
        result.clauses.append(Clause(
            verb=verb, request=bool(flags and flags.request), addressee=addressee,
            category=categorise(addressee), start=match.start("verb"),
        ))
    result.clauses.sort(key=lambda c: c.start)
    for this, following in zip(result.clauses, result.clauses[1:] + [None]):
        this.end = following.start if following else len(text)
    if result.clauses:
        result.addressee = result.clauses[0].addressee
        result.category = result.clauses[0].category
    return result


def analyse_preambular(text: str, italic_verb: str = "") -> Analysis:
    verb = italic_verb.strip() if italic_verb and _starts_with_phrase(text, italic_verb.strip()) else ""
    return Analysis(verb=verb or match_preambular_verb(text))


def starts_with_operative_verb(text: str) -> bool:
    _, base = match_operative_verb(text)
    return base is not None


def starts_with_preambular_verb(text: str) -> bool:
    return any(_starts_with_phrase(text, verb) for verb in reference.preambular_verbs())
