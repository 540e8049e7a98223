"""Logging in and out, and turning a session cookie into a Viewer."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from backend.auth.passwords import password_matches
from backend.auth.production import is_demo_password
from backend.auth.roles import UserRole
from backend.auth.scope import Viewer, institution_scope
from backend.auth.tables import User, UserSession
from backend.auth.throttle import record_failure, record_success, refuse_if_throttled
from backend.core.errors import NotAuthenticated

SESSION_COOKIE = "drillbook_session"
SESSION_LIFETIME = timedelta(hours=12)


def _token_hash(secret: str, token: str) -> str:
    # Keyed with DRILLBOOK_SECRET: a copy of the database alone cannot forge a session,
    # and changing the secret logs everybody out.
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()


async def log_in(
    username: str,
    password: str,
    secret: str,
    now: datetime,
    address: str = "unknown",
    production: bool = False,
) -> str:
    """Returns a fresh session token, or raises the same error for any failure.

    Raises LoginThrottled (429) after too many failures (see throttle.py); in production the
    demo password is refused whoever types it."""
    await refuse_if_throttled(username, address, now)
    if production and is_demo_password(password):
        raise NotAuthenticated("demo_password_refused")
    user = await User.objects().where(User.username == username.strip()).first()
    matches = password_matches(user.password_hash if user else None, password)
    if not matches or user is None or not user.active:
        await record_failure(username, address, now)
        raise NotAuthenticated("login_failed")
    await record_success(username, address, now)
    token = secrets.token_urlsafe(32)
    await UserSession.insert(
        UserSession(
            token_hash=_token_hash(secret, token),
            user=user.id,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    return token


async def log_out(token: str | None, secret: str) -> None:
    if token:
        await UserSession.delete().where(UserSession.token_hash == _token_hash(secret, token))


async def viewer_for_token(token: str | None, secret: str, now: datetime) -> Viewer:
    if not token:
        raise NotAuthenticated("not_authenticated")
    session = (
        await UserSession.select(UserSession.user, UserSession.expires_at)
        .where(UserSession.token_hash == _token_hash(secret, token))
        .first()
    )
    if session is None or session["expires_at"] <= now:
        raise NotAuthenticated("not_authenticated")
    user = await User.objects().where(User.id == session["user"]).first()
    if user is None or not user.active:
        raise NotAuthenticated("not_authenticated")
    return await viewer_for_user(user)


async def viewer_for_user(user: User) -> Viewer:
    role = UserRole(user.role)
    institution_ids, jurisdiction_ids = await institution_scope(
        role, user.institution, user.jurisdiction
    )
    return Viewer(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=role,
        institution_id=user.institution,
        jurisdiction_id=user.jurisdiction,
        staff_member_id=user.staff_member,
        locale=user.locale,
        institution_ids=institution_ids,
        jurisdiction_ids=jurisdiction_ids,
    )
