"""Languages: every string of the portal and the base layout is marked for translation, the catalogues
of the six languages are complete, Arabic is right to left, names and numbers follow the language."""
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

PACKAGE = Path(__file__).resolve().parents[2]
OWNED_TEMPLATES = sorted((PACKAGE / "portal" / "templates").rglob("*.html")) + [PACKAGE / "templates" / "base.html"]
# Every other template (the staff pages): marked, and complete in French and Spanish, except those
# still listed in templates_pending_translation.txt (a list that may only shrink).
PENDING_LIST = Path(__file__).with_name("templates_pending_translation.txt")
PENDING = {PACKAGE / line.strip() for line in PENDING_LIST.read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")}
STAFF_TEMPLATES = [path for path in sorted(PACKAGE.rglob("templates/**/*.html"))
                   if path not in OWNED_TEMPLATES and path not in PENDING]
OWNED_PYTHON = sorted(p for p in (PACKAGE / "portal").rglob("*.py") if "tests" not in p.parts)

# Staff apps whose Python strings (forms, messages, service errors, model verbose names and choices, API
# errors) are complete in French and Spanish too: the catalogue test covers their Python files (tests and
# migrations aside). One app per line.
TRANSLATED_APPS = [
    "assistance",
    "core",
    "evaluation",
    "finance",
    "geography",
    "interop",
    "jobs",
    "notifications",
    "organisation",
    "partners",
    "people",
    "portfolio",
    "resolutions",
    "results",
    "search",
    "statistics",
    "strategy",
    "treaties",
]
TRANSLATED_PYTHON = sorted(p for app in TRANSLATED_APPS for p in (PACKAGE / app).rglob("*.py")
                           if "tests" not in p.parts and "migrations" not in p.parts)
LOCALE = PACKAGE / "locale"
NOT_WORDS = {"CSV", "Excel", "JSON", "M"}  # format names and the logo letter
TEXT_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"{]*[A-Za-z][^"{]*)"')
KEYWORDS = {"gettext": None, "gettext_lazy": None, "_": None, "_lazy": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3), "gettext_noop": None}


def visible_text(source: str) -> str:
    source = re.sub(r"{% comment %}.*?{% endcomment %}", " ", source, flags=re.DOTALL)
    source = re.sub(r"{% blocktranslate.*?{% endblocktranslate %}", " ", source, flags=re.DOTALL)
    source = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", " ", source, flags=re.DOTALL)
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.DOTALL)
    source = re.sub(r"<!DOCTYPE[^>]*>|<[^>]+>|&[a-z]+;|&#\d+;", " ", source)
    return source


@pytest.mark.parametrize("path", OWNED_TEMPLATES + STAFF_TEMPLATES, ids=lambda p: p.name)
def test_every_template_string_is_marked_for_translation(path):
    words, attributes = unmarked(path)
    assert not words, f"{path.name}: text not marked for translation: {sorted(words)}"
    assert not attributes, f"{path.name}: attribute text not marked for translation: {attributes}"


@pytest.mark.parametrize("path", sorted(PENDING), ids=lambda p: p.name)
def test_a_template_pending_translation_is_really_pending(path):
    """The pending list only shrinks: a template that is done (or gone) leaves it."""
    assert path.exists(), f"{path} no longer exists: remove it from {PENDING_LIST.name}"
    untranslated = {language: untranslated_messages(language, owned_messages([path], [])) for language in ("fr", "es")}
    assert any(unmarked(path)) or any(untranslated.values()), (
        f"{path.name} is marked and translated: remove it from {PENDING_LIST.name}")


def unmarked(path):
    source = path.read_text(encoding="utf-8")
    words = {w for w in re.findall(r"[^\W\d_][\w’'-]*", visible_text(source))} - NOT_WORDS
    return words, TEXT_ATTRIBUTES.findall(source)


def owned_messages(templates=OWNED_TEMPLATES, python=OWNED_PYTHON) -> set:
    found = set()
    for path in templates:
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        code = "\n".join(line.lstrip() for line in code.splitlines())  # the tokenizer wants no indentation
        found |= {m for _, m, _, _ in extract("python", io.BytesIO(code.encode()), keywords=KEYWORDS)}
    for path in python:
        found |= {m for _, m, _, _ in extract("python", io.BytesIO(path.read_bytes()), keywords=KEYWORDS)}
    found.discard(None)
    return {m if isinstance(m, str) else tuple(x for x in m if isinstance(x, str)) for m in found}


@pytest.mark.parametrize("language,staff", [("fr", True), ("es", True), ("ar", False), ("ru", False),
                                            ("zh_Hans", False)])
def test_the_catalogue_is_complete_for_the_portal_and_the_base_layout(language, staff):
    wanted = owned_messages() | (owned_messages(STAFF_TEMPLATES, TRANSLATED_PYTHON) if staff else set())
    assert len(wanted) > 100
    missing = untranslated_messages(language, wanted)
    assert not missing, f"{language}: {len(missing)} strings untranslated, e.g. {missing[:5]}"


def untranslated_messages(language, wanted) -> list:
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as handle:
        catalogue = read_po(handle, locale=language)
    translated = {}
    for message in catalogue:
        if message.id and "fuzzy" not in message.flags:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if all(strings):
                translated[message.id[0] if isinstance(message.id, tuple) else message.id] = strings
    return sorted(str(m) for m in wanted if (m[0] if isinstance(m, tuple) else m) not in translated)


@pytest.mark.django_db
def test_pages_follow_the_language_in_the_url(client, world):
    french = client.get("/fr/open/?country=UGA").content.decode()
    assert '<html lang="fr" dir="ltr">' in french
    assert "Où vont les fonds" in french and "Ouganda" in french
    assert "600\xa0$US" in french  # CLDR French: amount, then the currency
    spanish = client.get("/es/open/projects/OPEN1/").content.decode()
    assert "Resultados" in spanish and "Kenya" in spanish  # M49 Spanish name
    arabic = client.get("/ar/open/").content.decode()
    assert 'dir="rtl"' in arabic and "كينيا" in arabic
    english = client.get("/open/").content.decode()
    assert "US$1,801" in english and "Where the money goes" in english
    # Chinese and Russian: the M49 names and the translated pages.
    chinese = client.get("/zh-hans/open/?country=KEN").content.decode()
    assert "肯尼亚" in chinese and "资金流向" in chinese
    russian = client.get("/ru/open/?country=KEN").content.decode()
    assert "Кения" in russian and "Куда идут средства" in russian


@pytest.mark.django_db
def test_the_staff_layout_follows_the_chosen_language(client, world, users):
    client.force_login(users["reader"])
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert '<html lang="fr"' in home and "Aller au contenu" in home and "Projets" in home
    assert "Par où commencer" in home and "Where to start" not in home
    projects = client.get("/projects/").content.decode()
    assert "Filtrer les projets" in projects and "Lead work unit" not in projects
    project = client.get(f"/projects/{world['open1'].pk}/").content.decode()
    assert "Cadre logique" in project and "Indicateurs et réalisations" in project and "Historique" in project
    assert "Logical framework" not in project
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert 'dir="rtl"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})  # not offered: ignored
    assert '<html lang="ar"' in client.get("/").content.decode()


# The model choices whose labels the portal shows (status, kind, role, modality, earmarking, treaty action).
SHOWN_CHOICES = [("portfolio.Project", "status"), ("portfolio.Programme", "kind"), ("portfolio.ProjectPartner", "role"),
                 ("results.Delivery", "kind"), ("finance.Donor", "kind"), ("finance.Contribution", "earmarking"),
                 ("finance.Contribution", "status"), ("evaluation.Evaluation", "modality"),
                 ("evaluation.Evaluation", "status"), ("assistance.AssistanceRequest", "status"),
                 ("treaties.TreatyEvent", "kind")]


SAME_IN_FRENCH = {"Signature", "Ratification", "Succession"}


@pytest.mark.parametrize("language", ["fr", "es", "ru", "ar", "zh-hans"])
def test_choice_labels_shown_on_the_portal_are_translated(language):
    from django.apps import apps
    from django.utils import translation

    untranslated = []
    for label, name in SHOWN_CHOICES:
        for value, text in apps.get_model(label)._meta.get_field(name).choices:
            with translation.override("en"):
                english = str(text)
            with translation.override(language):
                translated = str(text)
            if translated == english and not (language == "fr" and english in SAME_IN_FRENCH):
                untranslated.append(f"{label}.{name}={value}")
    assert not untranslated, f"{language}: {untranslated}"


@pytest.mark.django_db
def test_a_french_project_page_gives_its_status_in_french(client, world):
    from django.utils import translation

    page = client.get(f"/fr/open/projects/{world['open1'].code}/").content.decode()
    label = type(world["open1"]).Status(world["open1"].status).label
    with translation.override("en"):
        english = str(label)
    with translation.override("fr"):
        french = str(label)
    assert french != english and french in page and english not in page
