from .event import CONSENT_KINDS, SIGNATURE_KINDS, EventKind, TreatyEvent
from .instrument import Instrument
from .participant import Participant

__all__ = ["CONSENT_KINDS", "SIGNATURE_KINDS", "EventKind", "Instrument", "Participant", "TreatyEvent"]
