"""Every public URL of the portal for a given world (used by the leak walk and the axe-core run)."""
from mandates.finance.models import Donor
from mandates.geography.models import Area
from mandates.strategy.models import StrategyNode

from ..selectors import public
from ..tables import TABLES


def public_pages(world) -> list[str]:
    filters = ["", f"?country={world['ken'].iso3}", f"?donor={world['sweden'].pk}", f"?theme={world['theme'].pk}",
               "?year=2009"]
    pages = [f"/open/{f}" for f in filters] + [f"/open/projects/{f}" for f in filters]
    pages += [f"/open/projects/{p.code}/" for p in public.projects()]
    pages += [f"/open/programmes/{p.code}/" for p in public.programmes()]
    pages += ["/open/countries/KEN/", "/open/countries/UGA/", "/open/regions/002/", "/open/regions/001/",
              "/open/search/?q=internal", "/open/search/?q=evaluation", "/open/search/?q=indicator",
              "/open/search/?q=request", "/open/search/?q=project", "/open/projects/?q=draft", "/open/accessibility/", "/open/programmes/"]
    pages += [f"/open/donors/{d.pk}/" for d in Donor.objects.all()]
    pages += [f"/open/results/{n.pk}/" for n in StrategyNode.objects.all()]
    pages += [f"/open/regions/{a.m49_code}/" for a in Area.objects.filter(level="region")]
    pages += [f"/open/embed/{chart}/" for chart in ("year", "donor", "country", "theme")]
    return pages


def public_downloads(world) -> list[str]:
    filters = ["", f"country={world['ken'].iso3}", f"donor={world['sweden'].pk}", f"theme={world['theme'].pk}"]
    urls = [f"/open/download/{name}.{fmt}?{f}" for name in TABLES for fmt in ("csv", "json", "xlsx")
            for f in filters]
    urls += [f"/open/download/iati-activities.xml?{f}" for f in filters]
    return urls + ["/open/download/all.csv", "/open/download/iati-organisation.xml"]
