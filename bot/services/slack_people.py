"""What we read about people from Slack (users.info), and publishing their App Home tab."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.blocks.home import home_view
from bot.deps import Deps
from bot.services.enrolment import get_enrolment
from bot.timezones import local_date


def fetch_timezone(client: WebClient, deps: Deps, user_id: str) -> str | None:
    """The person's IANA timezone from their Slack profile; None if Slack can't say."""
    user = deps.directory.user(client, user_id, deps.clock.now())
    return (user or {}).get("tz") or None


def publish_home(*, client: WebClient, deps: Deps, team_id: str, user_id: str) -> None:
    from bot.services.admins import is_admin
    from bot.services.report import programme_report

    now = deps.clock.now()
    admin = is_admin(client=client, deps=deps, user_id=user_id)
    with deps.reads.begin() as session:
        enrolment = get_enrolment(session=session, team_id=team_id, user_id=user_id, now=now)
        dashboard = programme_report(session=session, now=now, team_id=team_id)[0] if admin else None
    view = home_view(enrolment, deps.catalogue, today=local_date(now, enrolment.tz), dashboard=dashboard)
    client.views_publish(user_id=user_id, view=view)
