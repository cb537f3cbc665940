"""The portfolio the plan's summary tests compare on: the demo data and a sliver of a generated office."""
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from mandates.demo.generator import generate


def load_plan_portfolio(*, seed: int) -> None:
    quiet = StringIO()
    call_command("load_reference_data", stdout=quiet)
    call_command("load_demo", portfolio_only=True, stdout=quiet)
    call_command("load_finance_demo", stdout=quiet)
    call_command("load_results_demo", stdout=quiet)
    generate(scale=1, seed=seed, fraction=0.02)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class PlanPortfolioTestCase(TestCase):
    """A test case on that portfolio (generated with ``seed``), its period 2008-2011 and the administrator."""
    seed = 1

    @classmethod
    def setUpTestData(cls):
        from django.contrib.auth import get_user_model

        from mandates.strategy.models import StrategyPeriod

        load_plan_portfolio(seed=cls.seed)
        cls.period = StrategyPeriod.objects.get(code="2008-2011")
        cls.admin = get_user_model().objects.get(username="admin")
