"""The portal's filters (donor, country, theme, year), read from the URL and checked.

Every filter is optional; a value that is not understood raises :class:`BadFilter` with a message
for the person (shown on a 400 page), never a server error.
"""
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from mandates.finance.models import Donor
from mandates.geography.models import Country
from mandates.strategy.models import StrategyNode
from mandates.strategy.models.node import Track

MAX_TEXT = 200


class BadFilter(ValueError):
    """A query-string value that cannot be used; the message is for the person."""


def _integer(params, name: str, label: str, low: int, high: int) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise BadFilter(_("The %(label)s must be a whole number, not “%(value)s”.")
                        % {"label": label, "value": raw[:40]})
    value = int(raw)
    if not low <= value <= high:
        raise BadFilter(_("The %(label)s must be between %(low)s and %(high)s.")
                        % {"label": label, "low": low, "high": high})
    return value


@dataclass
class Filters:
    donor: Donor | None = None
    country: Country | None = None
    theme: StrategyNode | None = None
    year: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.donor or self.country or self.theme or self.year)

    def params(self) -> dict:
        out = {}
        if self.donor:
            out["donor"] = self.donor.pk
        if self.country:
            out["country"] = self.country.iso3
        if self.theme:
            out["theme"] = self.theme.pk
        if self.year:
            out["year"] = self.year
        return out

    def querystring(self, **more) -> str:
        return urlencode({**self.params(), **more}, doseq=True)

    def cache_part(self) -> str:
        return self.querystring()


def _donor(raw: str) -> Donor | None:
    """A donor of published projects, by its number (links) or its name (the type-ahead); any other
    donor is answered as unknown, so the portal never confirms that an unpublished donor exists."""
    from .selectors.public import donors

    if not raw:
        return None
    if len(raw) > MAX_TEXT:
        raise BadFilter(_("Search for at most %(n)s characters.") % {"n": MAX_TEXT})
    if raw.isdigit():
        donor = donors().filter(pk=int(raw)).first() if len(raw) <= 9 else None
        if donor is None:
            raise BadFilter(_("There is no donor with the number %(value)s.") % {"value": raw[:40]})
        return donor
    donor = donors().filter(name__iexact=raw).first()
    if donor is None:
        raise BadFilter(_("No donor of a published project is named “%(value)s”.") % {"value": raw[:40]})
    return donor


def parse(params) -> Filters:
    """Filters from a QueryDict (or dict). Unknown identifiers and wrong types raise BadFilter."""
    filters = Filters()
    filters.donor = _donor(params.get("donor", "").strip())
    country = params.get("country", "").strip().upper()
    if country:
        if not (len(country) == 3 and country.isalpha()):
            raise BadFilter(_("A country is given by its three-letter ISO code (e.g. KEN), not “%(value)s”.")
                            % {"value": country[:40]})
        filters.country = Country.objects.select_related("region").filter(iso3=country).first()
        if filters.country is None:
            raise BadFilter(_("There is no country with the code %(value)s.") % {"value": country})
    theme_id = _integer(params, "theme", _("theme"), 1, 10**9)
    if theme_id is not None:
        filters.theme = StrategyNode.objects.filter(pk=theme_id, track=Track.RESULTS).first()
        if filters.theme is None:
            raise BadFilter(_("There is no theme or result with the number %(value)s.") % {"value": theme_id})
    filters.year = _integer(params, "year", _("year"), 1945, 2100)
    return filters


def search_text(params) -> str:
    text = params.get("q", "").strip()
    if len(text) > MAX_TEXT:
        raise BadFilter(_("Search for at most %(n)s characters.") % {"n": MAX_TEXT})
    return text


def page_number(params) -> int:
    return _integer(params, "page", _("page number"), 1, 10**9) or 1
