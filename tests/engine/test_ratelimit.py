"""Pacing: our limiter, and the wait after a 429 (with and without Retry-After)."""

from __future__ import annotations

import pytest

from rect_conformance._errors import UsageError
from rect_conformance._ratelimit import RateLimiter, parse_rate, wait_after_429


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_limiter_waits_once_the_window_is_full():
    clock = _Clock()
    limiter = RateLimiter(3, 10.0, clock=clock, sleep=clock.sleep)
    waits = [limiter.acquire() for _ in range(4)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3] == pytest.approx(10.0)


def test_rate_is_parsed_in_the_usual_forms():
    assert (parse_rate("1000/300s").limit, parse_rate("1000/300s").period) == (1000, 300.0)
    assert parse_rate("10/1m").period == 60.0
    assert parse_rate("5/s").period == 1.0


@pytest.mark.parametrize("text", ["fast", "0/10s", "10/0s", ""])
def test_a_rate_that_is_not_one_is_a_usage_error(text):
    with pytest.raises(UsageError, match="rate-limit"):
        parse_rate(text)


def test_retry_after_in_seconds_is_obeyed():
    assert wait_after_429("7", now=1000.0) == 7.0


def test_without_retry_after_the_wait_runs_to_the_next_five_minute_window():
    # 100 s into a fixed 300 s window: 200 s to go, plus a second of margin.
    assert wait_after_429(None, now=300.0 * 1000 + 100) == pytest.approx(201.0)


def test_the_wait_after_429_is_bounded():
    assert wait_after_429("100000", now=0.0) <= 305
