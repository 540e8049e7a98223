"""Check-in codes: signed, bound to one activity and one 30-second step, alive for 30-60 s."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backend.attendance.check_in import (
    check_in_window,
    make_code,
    make_hold,
    read_code,
    read_hold,
    shown_time,
)
from backend.core.errors import InvalidInput

SECRET = "a-test-secret"
NOW = datetime(2027, 3, 10, 0, 50, 7, tzinfo=UTC)


def _refusal(code: str, now: datetime, secret: str = SECRET) -> str:
    with pytest.raises(InvalidInput) as refused:
        read_code(secret, code, now)
    return refused.value.code


def test_a_fresh_code_names_its_activity():
    issued = make_code(SECRET, 42, NOW)
    assert read_code(SECRET, issued.code, NOW) == 42
    assert read_code(SECRET, issued.code, NOW + timedelta(seconds=29)) == 42


def test_a_code_lives_through_the_next_step_and_no_longer():
    issued = make_code(SECRET, 42, NOW)
    assert read_code(SECRET, issued.code, issued.expires_at - timedelta(seconds=1)) == 42
    assert _refusal(issued.code, issued.expires_at) == "check_in_code_expired"
    assert _refusal(issued.code, NOW + timedelta(seconds=61)) == "check_in_code_expired"
    assert issued.refresh_at - NOW <= timedelta(seconds=30) < issued.expires_at - NOW


def test_a_code_signed_with_another_secret_is_refused():
    forged = make_code("someone-elses-secret", 42, NOW).code
    assert _refusal(forged, NOW) == "check_in_code_invalid"


def test_changing_the_activity_in_a_code_breaks_its_signature():
    activity, step, mac = make_code(SECRET, 42, NOW).code.split(".")
    assert _refusal(f"43.{step}.{mac}", NOW) == "check_in_code_invalid"
    assert _refusal(f"{activity}.{int(step) + 1}.{mac}", NOW) == "check_in_code_invalid"


@pytest.mark.parametrize("text", ["", "hello", "42", "42.1.x", "https://example.com/?code=1"])
def test_text_that_is_not_a_code_is_refused_as_invalid(text):
    assert _refusal(text, NOW) == "check_in_code_invalid"


def test_a_code_from_the_future_is_refused():
    later = make_code(SECRET, 42, NOW + timedelta(minutes=5)).code
    assert _refusal(later, NOW) == "check_in_code_invalid"


def test_the_window_opens_thirty_minutes_before_the_start_and_closes_at_the_end():
    starts, ends = datetime(2027, 3, 10, 1, 0, tzinfo=UTC), datetime(2027, 3, 10, 3, 0, tzinfo=UTC)
    window = check_in_window(starts, ends)
    assert not window.holds(starts - timedelta(minutes=31))
    assert window.holds(starts - timedelta(minutes=30)) and window.holds(ends)
    assert not window.holds(ends + timedelta(seconds=1))


def test_times_are_shown_in_shanghai_wall_time():
    assert shown_time(datetime(2027, 3, 10, 1, 5, tzinfo=UTC)) == "2027-03-10 09:05"


def test_a_fresh_code_scanned_before_logging_in_is_kept_for_ten_minutes():
    issued = make_code(SECRET, 42, NOW)
    hold, expires_at = make_hold(SECRET, issued.code, NOW + timedelta(seconds=40))
    assert expires_at == datetime(2027, 3, 10, 1, 0, 30, tzinfo=UTC)
    assert read_hold(SECRET, hold, NOW + timedelta(minutes=9)) == 42
    with pytest.raises(InvalidInput) as late:
        read_hold(SECRET, hold, NOW + timedelta(minutes=11))
    assert late.value.code == "check_in_code_expired"


def test_an_expired_code_gets_no_hold_and_a_hold_is_not_a_code():
    issued = make_code(SECRET, 42, NOW)
    with pytest.raises(InvalidInput) as stale:
        make_hold(SECRET, issued.code, NOW + timedelta(minutes=2))
    assert stale.value.code == "check_in_code_expired"
    hold, _ = make_hold(SECRET, issued.code, NOW)
    assert _refusal(hold, NOW) == "check_in_code_invalid"  # a hold cannot be shown as a code
    with pytest.raises(InvalidInput):
        read_hold(SECRET, issued.code, NOW)  # nor a code sent as a hold
