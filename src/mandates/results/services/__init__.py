"""Writes of the results domain (validation, transaction, audit): indicators, targets and values
(``values``), deliveries and their participants (``deliveries``). Callers use ``services.<name>``."""
from .deliveries import delete_delivery, save_delivery  # noqa: F401
from .values import *  # noqa: F401,F403
