"""Rate limits: so many tries per window for each (kind, address) and (kind, account).

Fixed windows counted with one INCR per try: in Redis when one is configured (every worker and machine
shares the counts), else in this process. Our own ~60 lines rather than `limits`/`slowapi`: we need
"count only failures" for logins (a person who types the right password is not slowed down), a check that
does not count, and the Retry-After of the window; the redis client is already a dependency.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

from bitgoeul.core.errors import DomainError
from bitgoeul.core.settings import Settings, SettingsError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    tries: int
    seconds: int


# login counts wrong passwords (page and API token alike); the others count every request.
DEFAULT_RULES = {
    "login": Rule(20, 900),
    "signup": Rule(10, 3600),
    "search": Rule(120, 60),
    "import": Rule(30, 3600),
}


class TooManyRequests(DomainError):
    """429: the caller must wait `retry_after` seconds."""

    code = "rate_limited"
    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__("security.rate_limited", minutes=max(1, math.ceil(retry_after / 60)))
        self.retry_after = retry_after


class Counter(Protocol):
    def incr(self, key: str, seconds: int) -> int: ...
    def get(self, key: str) -> int: ...


class MemoryCounter:
    """Counts in this process only (one worker, or tests); expired windows are dropped as they pass."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def incr(self, key: str, seconds: int) -> int:
        now = time.time()
        with self._lock:
            if len(self._counts) > 100_000:
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            count, expires = self._counts.get(key, (0, now + seconds))
            count = count + 1 if expires > now else 1
            self._counts[key] = (count, expires if expires > now else now + seconds)
            return count

    def get(self, key: str) -> int:
        count, expires = self._counts.get(key, (0, 0.0))
        return count if expires > time.time() else 0


class RedisCounter:
    """Counts shared by every process using the same Redis. While Redis cannot be reached this process
    counts alone (logged), rather than answering 500 or letting every try through."""

    def __init__(self, url: str) -> None:
        import redis

        self._redis: Any = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._errors: tuple[type[Exception], ...] = (redis.RedisError, OSError)
        self._fallback = MemoryCounter()

    def incr(self, key: str, seconds: int) -> int:
        try:
            pipe = self._redis.pipeline()
            pipe.incr(key)
            pipe.expire(key, seconds + 1)
            count, _ = pipe.execute()
            return int(count)
        except self._errors as exc:
            log.warning("rate limits counted in this process only: Redis unreachable (%s)", exc)
            return self._fallback.incr(key, seconds)

    def get(self, key: str) -> int:
        try:
            return int(self._redis.get(key) or 0)
        except self._errors:
            return self._fallback.get(key)


class RateLimiter:
    def __init__(self, counter: Counter, rules: dict[str, Rule]) -> None:
        self.counter = counter
        self.rules = rules

    def _key(self, kind: str, who: str, now: float) -> tuple[str, int]:
        rule = self.rules[kind]
        window = int(now // rule.seconds)
        retry_after = int((window + 1) * rule.seconds - now) + 1
        return f"bitgoeul:rl:{kind}:{window}:{who}", retry_after

    def check(self, kind: str, *who: str) -> None:
        """Refuse (429) when any of `who` (an address, an account) has used up its tries; counts nothing."""
        now = time.time()
        for name in who:
            key, retry_after = self._key(kind, name, now)
            if self.counter.get(key) >= self.rules[kind].tries:
                raise TooManyRequests(retry_after)

    def hit(self, kind: str, *who: str) -> None:
        """Count one try for each of `who`, refusing (429) the one past the limit."""
        now = time.time()
        worst = 0
        for name in who:
            key, retry_after = self._key(kind, name, now)
            if self.counter.incr(key, self.rules[kind].seconds) > self.rules[kind].tries:
                worst = max(worst, retry_after)
        if worst:
            raise TooManyRequests(worst)


def parse_rules(text: str) -> dict[str, Rule]:
    """The defaults with BITGOEUL_RATE_LIMITS' overrides, e.g. 'login=20/900,search=120/60'."""
    rules = dict(DEFAULT_RULES)
    for part in filter(None, (p.strip() for p in text.split(","))):
        kind, _, spec = part.partition("=")
        tries, _, seconds = spec.partition("/")
        if kind.strip() not in DEFAULT_RULES or not tries.strip().isdigit() or not seconds.strip().isdigit() \
                or int(seconds) < 1:
            raise SettingsError(f"BITGOEUL_RATE_LIMITS: {part!r} is not KIND=TRIES/SECONDS "
                                f"(kinds: {', '.join(DEFAULT_RULES)})")
        rules[kind.strip()] = Rule(int(tries), int(seconds))
    return rules


def limiter_for(settings: Settings) -> RateLimiter:
    """Redis when BITGOEUL_RATE_LIMIT_URL (or else BITGOEUL_QUEUE_URL) is redis://, else this process."""
    url = settings.rate_limit_url or settings.queue_url
    counter: Counter = RedisCounter(url) if url.startswith(("redis://", "rediss://", "unix://")) else MemoryCounter()
    return RateLimiter(counter, parse_rules(settings.rate_limits))
