"""The demo's clock: every demo loader places its records relative to one instant, "now".

`bitgoeul.demo.load_all` fixes that instant once for the whole load (`demo_clock`), so the records of all
capabilities agree on the present, and a test that passes a fixed `now` gets identical data. Nothing here
touches a database.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

from bitgoeul.core.time import as_utc, now, to_local

HISTORY_DAYS = 540  # how far back the demo programme's history reaches (about 18 months)

_NOW: ContextVar[datetime | None] = ContextVar("demo_now", default=None)


def demo_now() -> datetime:
    """The present of the demo being loaded (aware, UTC): the instant `demo_clock` fixed, else the clock."""
    return _NOW.get() or now().replace(microsecond=0)


@contextmanager
def demo_clock(present: datetime) -> Iterator[None]:
    """Within the block, every demo loader reads `present` (naive values are read as UTC) as the present."""
    token = _NOW.set(as_utc(present))
    try:
        yield
    finally:
        _NOW.reset(token)


def timeline(name: str) -> random.Random:
    """A random source for one loader's dates, apart from the one its texts are drawn from, so placing
    records in time never changes what they say."""
    return random.Random(f"bitgoeul-demo-time-{name}")


def days_ago_growing(rng: random.Random, oldest: int = HISTORY_DAYS, newest: int = 1, growth: float = 1.0) -> float:
    """How many days ago something happened, between `newest` and `oldest`, more often recently: activity
    density rises as a power `growth` of time since the history began (0: even, 1: linear growth)."""
    share: float = rng.random() ** (1 / (growth + 1))  # the inverse of the cumulative share t^(growth+1)
    return oldest - (oldest - newest) * share


def spread(rng: random.Random, count: int, now: datetime, oldest: int = HISTORY_DAYS, newest: int = 1,
           growth: float = 1.0) -> list[datetime]:
    """`count` instants before `now`, oldest first, in working hours (Korean time), growing over time."""
    instants = []
    for _ in range(count):
        day = now - timedelta(days=days_ago_growing(rng, oldest, newest, growth))
        instants.append(working_hours(rng, day))
    return sorted(instants)


def working_hours(rng: random.Random, day: datetime) -> datetime:
    """The same calendar day in the city, at a random time between 09:00 and 17:50 on its clock (as UTC)."""
    local = to_local(day).replace(hour=rng.randint(9, 17), minute=rng.choice((0, 10, 20, 30, 40, 50)), second=0,
                                  microsecond=0)
    return local.astimezone(UTC)
