"""Planning the lifecycle steps that take a demo object from draft to the status its data file gives.

The graph is read from the model's own django-fsm transitions, so a new status or transition in the
portfolio is picked up without changing this module.
"""
from collections import deque
from dataclasses import dataclass
from datetime import date, timedelta

from django_fsm import ANY_OTHER_STATE, ANY_STATE


@dataclass(frozen=True)
class Step:
    name: str
    source: str
    target: str


def graph(model) -> list[Step]:
    """Every (transition, from, to) of the model's ``status`` field."""
    field = model._meta.get_field("status")
    states = [value for value, _ in field.choices]
    steps = []
    for transition in field.get_all_transitions(model):
        if transition.source == ANY_STATE:
            sources = states
        elif transition.source == ANY_OTHER_STATE:
            sources = [s for s in states if s != transition.target]
        else:
            sources = [transition.source]
        steps.extend(Step(transition.name, source, transition.target) for source in sources)
    return sorted(steps, key=lambda s: (s.source, s.name))


def transition_names(model) -> set[str]:
    return {step.name for step in graph(model)}


def _shortest(steps: list[Step], start: str, goal) -> list[Step] | None:
    """Breadth-first: the shortest list of steps from ``start`` to a state for which ``goal`` is true."""
    queue, seen = deque([(start, [])]), {start}
    while queue:
        state, path = queue.popleft()
        if goal(state):
            return path
        for step in steps:
            if step.source == state and step.target not in seen:
                seen.add(step.target)
                queue.append((step.target, [*path, step]))
    return None


def plan(model, target: str, via: list[str] = (), *, start: str | None = None) -> list[Step]:
    """Steps from ``start`` (the field's default, i.e. draft) to ``target``, passing through the named
    transitions ``via`` in that order. Raises ``ValueError`` when the target cannot be reached so."""
    steps = graph(model)
    state = start or model._meta.get_field("status").default
    path: list[Step] = []
    for name in via:
        candidates = {s.source: s for s in steps if s.name == name}
        if not candidates:
            raise ValueError(f"“{name}” is not a lifecycle step of a {model._meta.verbose_name}.")
        lead = _shortest(steps, state, lambda s: s in candidates)
        if lead is None:
            raise ValueError(f"the step “{name}” cannot be reached from “{state}”.")
        path += lead
        step = candidates[lead[-1].target if lead else state]
        path.append(step)
        state = step.target
    tail = _shortest(steps, state, lambda s: s == target)
    if tail is None:
        raise ValueError(f"the status “{target}” cannot be reached from “{state}”"
                         + (f" after {', '.join(via)}" if via else "") + ".")
    return path + tail


# Default dates of the steps a data file does not date, relative to the object's start and end.
_OFFSETS = {
    "submit": ("start", -60),
    "approve": ("start", -30),
    "cancel": ("start", -14),
    "return_to_draft": ("start", -45),
    "start_consultation": ("start", -180),
    "endorse": ("start", -30),
    "start_implementation": ("start", 0),
    "continue_implementation": ("end", -30),
    "suspend": ("middle", 0),
    "start_evaluation": ("end", -60),
    "complete": ("end", 0),
    "close": ("end", 90),
}


def default_date(name: str, start: date, end: date) -> date:
    anchor, days = _OFFSETS.get(name, ("start", 0))
    base = {"start": start, "end": end, "middle": start + (end - start) / 2}[anchor]
    return base + timedelta(days=days)


def dated(path: list[Step], explicit: dict[str, date], start: date, end: date, *, today: date) -> list[date]:
    """One date per step: the data file's date where given, else a default; never going backwards in
    time and never after ``today``."""
    result, previous = [], None
    for step in path:
        when = explicit.get(step.name) or default_date(step.name, start, end)
        if previous is not None and when < previous:
            when = previous
        when = min(when, today)
        result.append(when)
        previous = when
    return result
