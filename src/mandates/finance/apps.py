from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "mandates.finance"
    label = "finance"
    verbose_name = "Finance (funds, contributions, budgets, expenditure)"

    def ready(self):
        from . import policies

        policies.register_all()

        from mandates.core import suggest

        suggest.register("donors", _suggest_donors)

        from . import panels

        panels.register()

        from . import jobs

        jobs.register()

        from . import attention

        attention.register()


def _suggest_donors(user, text):
    """Type-ahead (``core.suggest``): visible donors whose name or short name holds ``text``; the
    value is the name, which the contribution register's donor filter accepts."""
    from django.db.models import Q

    from mandates.people import permissions

    from .models import Donor

    qs = permissions.visible(user, Donor.objects.all())
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(short_name__icontains=text))
    return qs.order_by("name").values_list("name", "short_name")
