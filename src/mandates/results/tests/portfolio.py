"""The portfolio the plan's summary tests compare on: the demo data and a sliver of a generated office."""
from io import StringIO

from django.core.management import call_command

from mandates.demo.generator import generate


def load_plan_portfolio(*, seed: int) -> None:
    quiet = StringIO()
    call_command("load_reference_data", stdout=quiet)
    call_command("load_demo", portfolio_only=True, stdout=quiet)
    call_command("load_finance_demo", stdout=quiet)
    call_command("load_results_demo", stdout=quiet)
    generate(scale=1, seed=seed, fraction=0.02)
