"""What we read about people from Slack (users.info), and publishing their App Home tab."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.blocks.home import home_view
from bot.deps import Deps
from bot.payload import Payload
from bot.report_maths import Report, Rollup
from bot.services.enrolment import enrolments, programme_choices
from bot.services.programme import programmes_to_report, workspace_settings
from bot.timezones import local_date
from storage import programmes
from storage.programmes import requests_in


def fetch_person(client: WebClient, deps: Deps, user_id: str) -> tuple[str | None, Payload]:
    """The person's IANA timezone (None if Slack can't say) and their Slack profile (for its status)."""
    user = deps.directory.user(client, user_id, deps.clock.now()) or {}
    profile = user.get("profile")
    return user.get("tz") or None, profile if isinstance(profile, dict) else {}


def home_for(*, session: Session, deps: Deps, team_id: str, user_id: str, admin: bool, now: datetime) -> View:
    """Someone's Home tab as it stands in this unit of work (an admin's with the programme dashboard)."""
    found = enrolments(session=session, team_id=team_id, user_id=user_id, now=now)
    several = programmes.count(session, team_id) > 1  # else nothing more to join: no need to look
    choices = programme_choices(session=session, team_id=team_id, user_id=user_id) if several else []
    dashboard = _dashboard(session, team_id, now) if admin else None
    mode = workspace_settings(session=session, team_id=team_id).mode
    enrolment = found[0][1]
    return home_view(
        enrolment,
        deps.catalogue,
        today=local_date(now, enrolment.tz),
        dashboard=dashboard,
        mode=mode,
        each=found if len(found) > 1 else (),
        more_to_join=any(c.may_join and not c.enrolled for c in choices) and len(choices) > 1,
        # The groups Slack last said they are in (publish_home asks; a unit of work never does).
        requests=_requests_for(session, team_id, user_id, admin, deps.directory.groups_known(user_id, now)),
    )


def _dashboard(session: Session, team_id: str, now: datetime) -> Report | Rollup:
    """A workspace admin's figures: the programme's, or the roll-up of the workspace's several."""
    from bot.services.report import programme_report, rollup

    every, several = programmes_to_report(session=session, team_id=team_id, name="")
    if several:
        return rollup(session=session, now=now, team_id=team_id, programmes=every)
    return programme_report(session=session, now=now, team_id=team_id)[0]


def publish_home(
    *, client: WebClient, deps: Deps, team_id: str, user_id: str, view: View | None = None
) -> None:
    """Publish someone's Home tab: the one given (built in the request's own unit of work), else read now."""
    if view is None:
        from bot.services.admins import groups_of, is_admin

        now = deps.clock.now()
        admin = is_admin(client=client, deps=deps, user_id=user_id)
        if not admin:  # a programme's admin by user group: learn their groups now, outside the unit
            groups_of(client=client, deps=deps, team_id=team_id, user_id=user_id)
        with deps.reads.begin() as session:
            view = home_for(
                session=session, deps=deps, team_id=team_id, user_id=user_id, admin=admin, now=now
            )
    client.views_publish(user_id=user_id, view=view)


def _requests_for(
    session: Session, team_id: str, user_id: str, admin: bool, groups: frozenset[str]
) -> list[tuple[int, str, str]]:
    """The requests to join this person decides: all (a workspace admin), those of the programmes they are
    an own admin of (named, or in a user group named: `groups`), or none."""
    mine = None if admin else set(programmes.administered_by(session, team_id, user_id, groups))
    if mine is not None and not mine:
        return []  # most people: one small read, and nothing to show
    return [
        (r.id, r.user_id, name)
        for r, name in requests_in(session, team_id)
        if mine is None or r.programme_id in mine
    ]
