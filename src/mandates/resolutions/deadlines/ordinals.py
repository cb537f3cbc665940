"""Ordinal numbers as printed in resolutions, in English, French and Spanish, in words or digits:
"sixty-fifth", "one hundred and first", "25th", "cinquante-quatrième", "vingt et unième",
"quatre-vingt-dixième", "54e", "quincuagésimo cuarto", "vigésimo primer", "decimotercer", "54º"."""
import re
import unicodedata

UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
         "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
         "eighteenth", "nineteenth"]
TENS_ORDINAL = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
                "seventieth": 70, "eightieth": 80, "ninetieth": 90}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}

# English: "sixty-fifth", "one hundred and first", "hundredth", "25th"
EN_WORD = r"(?:[a-z]+-)?[a-z]+(?:st|nd|rd|th)"
EN_ORDINAL_RE = rf"(?:\d{{1,3}}(?:st|nd|rd|th)|(?:one\s+)?hundred(?:th|(?:\s+and)?\s+{EN_WORD})|{EN_WORD})"
# French: "cinquante-quatrième", "vingt et unième", "premier", "54e", "54ème"
FR_ORDINAL_RE = (r"(?:\d{1,3}\s?(?:e|ème|eme|ᵉ|re|ère)\b|premi[eè]re?|"
                 r"(?:[a-zéè]+(?:-|\s+et\s+|\s+))*?[a-zéè]+i[eè]me)")
# Spanish: "quincuagésimo cuarto", "vigésimo primer", "decimotercer", "54º", "54.º"
ES_ORDINAL_RE = (r"(?:\d{1,3}\.?\s?[º°oª]|(?:[a-záéíóú]+[eé]simo|d[eé]cimo|und[eé]cimo|duod[eé]cimo)"
                 r"(?:\s+(?:primer|primero|segundo|tercer|tercero|cuarto|quinto|sexto|s[eé]ptimo|octavo|noveno))?|"
                 r"decimo(?:primer|primero|segundo|tercer|tercero|cuarto|quinto|sexto|s[eé]ptimo|octavo|noveno)|"
                 r"primer|primero|segundo|tercer|tercero|cuarto|quinto|sexto|s[eé]ptimo|octavo|noveno)")


def _english(word: str) -> int | None:
    word = re.sub(r"\s+", " ", word.lower().strip())
    digits = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", word)
    if digits:
        return int(digits.group(1))
    if word in ("hundredth", "one hundredth"):
        return 100
    hundred = re.fullmatch(r"(?:one )?hundred (?:and )?(.+)", word)
    if hundred:
        rest = _english(hundred.group(1))
        return 100 + rest if rest and rest < 100 else None
    if word in UNITS:
        return UNITS.index(word) + 1
    if word in TENS_ORDINAL:
        return TENS_ORDINAL[word]
    if "-" in word:
        tens, _, unit = word.partition("-")
        if tens in TENS and unit in UNITS[:9]:
            return TENS[tens] + UNITS.index(unit) + 1
    return None


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


FR_CARDINAL = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
               "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
               "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50,
               "soixante": 60, "octante": 80, "cent": 100}
FR_ORDINAL = {"unieme": 1, "premier": 1, "premiere": 1, "deuxieme": 2, "second": 2, "seconde": 2, "troisieme": 3,
              "quatrieme": 4, "cinquieme": 5, "sixieme": 6, "septieme": 7, "huitieme": 8, "neuvieme": 9,
              "dixieme": 10, "onzieme": 11, "douzieme": 12, "treizieme": 13, "quatorzieme": 14, "quinzieme": 15,
              "seizieme": 16, "vingtieme": 20, "trentieme": 30, "quarantieme": 40, "cinquantieme": 50,
              "soixantieme": 60, "octantieme": 80, "centieme": 100}


def _french(word: str) -> int | None:
    text = _plain(word).strip()
    digits = re.fullmatch(r"(\d{1,3})\s?(?:e|eme|ᵉ|re|ere)", text)
    if digits:
        return int(digits.group(1))
    text = text.replace("quatre-vingts", "octante").replace("quatre-vingt", "octante").replace("quatre vingt", "octante")
    tokens = [t for t in re.split(r"[-\s]+", text) if t and t != "et"]
    if not tokens or tokens[-1] not in FR_ORDINAL:
        return None
    total = 0
    for token in tokens[:-1]:
        if token not in FR_CARDINAL:
            return None
        total += FR_CARDINAL[token]
    return total + FR_ORDINAL[tokens[-1]]


ES_UNITS = {"primer": 1, "primero": 1, "primera": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4,
            "quinto": 5, "sexto": 6, "septimo": 7, "setimo": 7, "octavo": 8, "noveno": 9, "nono": 9}
ES_TENS = {"decimo": 10, "undecimo": 11, "duodecimo": 12, "vigesimo": 20, "trigesimo": 30, "cuadragesimo": 40,
           "quincuagesimo": 50, "sexagesimo": 60, "septuagesimo": 70, "octogesimo": 80, "nonagesimo": 90,
           "centesimo": 100}


def _spanish(word: str) -> int | None:
    text = _plain(word).strip()
    digits = re.fullmatch(r"(\d{1,3})\.?\s?[º°oª]", text)
    if digits:
        return int(digits.group(1))
    text = re.sub(r"^decimo(?=[a-z])", "decimo ", text)
    tokens = text.split()
    total = 0
    for token in tokens:
        if token in ES_TENS:
            total += ES_TENS[token]
        elif token in ES_UNITS:
            total += ES_UNITS[token]
        else:
            return None
    return total or None


def ordinal(word: str) -> int | None:
    """'sixty-fifth' -> 65, '25th' -> 25, 'cinquante-quatrième' -> 54, 'quincuagésimo cuarto' -> 54; None
    for anything else."""
    word = (word or "").strip()
    for reader in (_english, _french, _spanish):
        number = reader(word)
        if number is not None:
            return number
    return None
