"""Parts of a page that are the same for everyone who may see them, rendered once per data version (``SHARED_FIGURES``).

The page cache (``page_cache``) keeps a page per person: seven people opening the same project page cost seven
renderings of its logframe, money panel, places and timeline, although none of those depend on who reads them —
only the page's controls do (edit buttons, forms). A **shared part** is HTML rendered once and kept in the shared
cache (``core.shared_figures.kept``: under the data version, the language and the day) for every person whose
*facts* are the same: the key names each fact of the person that changes the part (``people.permissions.view_key``:
which rows of a kind they may see). What only some people see is written in a ``{% for_person flag %}`` block
(``core/templatetags/shared_parts.py``): the shared rendering keeps every such block between markers, and
``for_person(html, flags)`` keeps or drops each block for the person reading it, so that the controls of one person
never reach another and the part need not be rendered once per set of controls. CSRF tokens in a shared part are a
slot (``CSRF_SLOT``) filled with the reader's own token (``with_token``).

With sharing off the same code runs (the part is computed on every reading and filled for the reader), so the page
is byte-identical with sharing on and off; tests compare them for every demo person.
"""
import re

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .shared_figures import kept

SHARED_RENDERING = "shared_rendering"  # a context flag: render every for_person block, between markers
CSRF_SLOT = "@@shared-part-csrf-token@@"
_BLOCK = re.compile(r"<!--for:([a-z_]+)-->(.*?)<!--/for:\1-->", re.S)


def open_marker(flag: str) -> str:
    return f"<!--for:{flag}-->"


def close_marker(flag: str) -> str:
    return f"<!--/for:{flag}-->"


def for_person(html: str, flags: dict, request=None) -> SafeString:
    """A shared part as one person sees it: each ``for_person`` block kept (without its markers) when the
    person's flag is true, dropped otherwise (an unknown flag drops its block); CSRF slots filled with the token of
    ``request`` (a part with a form is given the request)."""
    if "<!--for:" in html:
        html = _BLOCK.sub(lambda m: m.group(2) if flags.get(m.group(1)) else "", html)
    if CSRF_SLOT in html:
        from django.middleware.csrf import get_token

        html = html.replace(CSRF_SLOT, get_token(request) if request is not None else "")
    return mark_safe(html)


def render_shared(template_name: str, values: dict) -> str:
    """``template_name`` rendered alone (no request, no person) for a shared part, its for_person blocks marked."""
    return str(get_template(template_name).render({**values, SHARED_RENDERING: True, "csrf_token": CSRF_SLOT}))


def sharing() -> bool:
    """Are shared parts kept (``SHARED_FIGURES``)? When not, a page need not work out their keys."""
    return bool(getattr(settings, "SHARED_FIGURES", False))


def kept_parts(parts: tuple, compute):
    """``compute()`` (a dict of parts), or what it gave for the same ``parts`` on the same day since the data last
    changed (``core.shared_figures.kept``: per data version and language)."""
    return kept(("shared parts", timezone.localdate(), *parts), compute)
