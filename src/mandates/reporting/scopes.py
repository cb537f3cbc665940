"""What a programme, donor, country or region report is about: ``programme=GLOZ31``, ``donor=Sweden``,
``country=KEN``, ``region=002`` (an M49 area code), resolved against the data and the reader's permissions.
A scope that does not exist, or that the reader may not see, is a ReportError (a clear message, never a 500)."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .periods import ReportError

SCOPE_KINDS = ("programme", "donor", "country", "region")


@dataclass(frozen=True)
class Scope:
    kind: str
    code: str
    obj: object

    @property
    def spec(self) -> str:
        return f"{self.kind}={self.code}"

    @property
    def name(self) -> str:
        obj = self.obj
        if self.kind == "programme":
            return f"{obj.code} {obj.title}"
        return getattr(obj, "name", str(obj))


def resolve(spec: str, user) -> Scope:
    """``kind=code`` -> Scope, checking that the thing exists and that the reader may see it."""
    from mandates.people import permissions

    kind, _sep, code = (spec or "").partition("=")
    kind, code = kind.strip(), code.strip()
    if kind not in SCOPE_KINDS or not code:
        raise ReportError(_("“%(spec)s” is not a report subject (use programme=CODE, donor=NAME, country=ISO3 or "
                            "region=M49).") % {"spec": spec})
    obj = None
    if kind == "programme":
        from mandates.portfolio.models import Programme

        obj = permissions.visible(user, Programme.objects.filter(code__iexact=code)).first()
    elif kind == "donor":
        from django.db.models import Q

        from mandates.finance.models import Donor

        query = Q(short_name__iexact=code) | Q(name__iexact=code) | Q(country__iso3__iexact=code)
        if code.isdigit():
            query |= Q(pk=int(code))
        obj = permissions.visible(user, Donor.objects.filter(query).select_related("country")).first()
    elif kind == "country":
        from django.db.models import Q

        from mandates.geography.models import Country

        obj = Country.objects.filter(Q(iso3__iexact=code) | Q(m49_code=code) | Q(name__iexact=code)).first()
    else:
        from django.db.models import Q

        from mandates.geography.models import Area

        obj = Area.objects.filter(Q(m49_code=code) | Q(name__iexact=code)).first()
    if obj is None:
        raise ReportError(_("There is no %(kind)s “%(code)s” that you may see.") % {"kind": _(kind), "code": code})
    canonical = {"programme": lambda o: o.code, "donor": lambda o: str(o.pk), "country": lambda o: o.iso3,
                 "region": lambda o: o.m49_code}[kind](obj)
    return Scope(kind=kind, code=canonical, obj=obj)


def donor_reference(donor) -> str:
    """A stable, meaningful reference for a donor in a document symbol: a Member State's ISO alpha-3 code (SWE),
    else its short name (EC), else its name, in capitals with hyphens (GATES-FOUNDATION); never a database id."""
    from django.utils.text import slugify

    if donor.country_id:
        return donor.country.iso3
    return slugify(donor.short_name or donor.name).upper() or "DONOR"


def projects(scope: Scope, user):
    """The projects of a scope the reader may see (a donor's: those its contributions paid for or are earmarked to)."""
    from mandates.people import permissions
    from mandates.portfolio import selectors
    from mandates.portfolio.models import Project

    qs = Project.objects.all()
    if scope.kind == "programme":
        qs = selectors.filter_projects(qs, programme=scope.obj)
    elif scope.kind == "country":
        qs = selectors.filter_projects(qs, country=scope.obj)
    elif scope.kind == "region":
        qs = selectors.filter_projects(qs, region=scope.obj)
    else:
        from django.db.models import Q

        from mandates.finance.models import Contribution, Expenditure

        given = Contribution.objects.filter(donor=scope.obj)
        qs = qs.filter(Q(pk__in=given.values("project")) | Q(pk__in=Expenditure.objects.filter(
            contribution__in=given).values("project")))
    return permissions.visible(user, qs)


def countries(scope: Scope):
    """The countries of a country or region scope (a queryset), for requests and treaty status."""
    from django.db.models import Q

    from mandates.geography.models import Area, Country

    if scope.kind == "country":
        return Country.objects.filter(pk=scope.obj.pk)
    if scope.kind == "region":
        if scope.obj.level == Area.Level.WORLD:
            return Country.objects.all()
        return Country.objects.filter(Q(region=scope.obj) | Q(sub_region=scope.obj) | Q(intermediate_region=scope.obj))
    return Country.objects.none()
