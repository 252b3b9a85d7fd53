"""Interactions reached from both a slash command and an App Home button (open a modal, resume)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.models.views import View
from slack_sdk.webhook import WebhookClient
from sqlalchemy.orm import Session

from bot.blocks import messages
from bot.blocks.dialogs import avoid_modal, guides_modal, leave_modal, notice_modal, pause_modal
from bot.blocks.profile_modal import newcomer_modal, profile_modal
from bot.blocks.programmes import about_programme, programme_picker
from bot.blocks.settings import settings_modal
from bot.deps import Deps
from bot.errors import NotEnrolled
from bot.guides import shown
from bot.outbox import kinds
from bot.payload import Payload
from bot.profile import Enrolment, State
from bot.programme import ProgrammeSettings
from bot.services import enrolment
from bot.services.admins import Scope, require_admin
from bot.services.avoid import avoided_of
from bot.services.guides import my_guides
from bot.services.programme import (
    programme_named,
    programme_settings,
    programme_topics,
    workspace_programme,
    workspace_settings,
)
from bot.services.slack_people import publish_home
from bot.timezones import local_date
from handlers.errors import reply_for
from storage import modals

# Where an answer goes: Bolt's `respond` (a slash command's response_url), or the person's DM (Home tab).
Reply = Callable[..., object]


@dataclass(frozen=True)
class Asker:
    """Who asked, and how to answer them: the same whether they typed /mentor or pressed a Home button."""

    client: WebClient
    deps: Deps
    body: Payload  # the request as Slack sent it (to answer an error where the person acted)
    team_id: str
    user_id: str
    trigger_id: str
    response_url: str | None = None  # only slash commands have one
    opened: Payload | None = None  # the light modal already opened for this request (handlers/listen.py)
    hint: str | None = None  # the programme they named (`/mentor join <programme>`), if any
    scope: Scope = Scope(False)  # what they may run as an admin (set by `/mentor admin`)


def _profile(asker: Asker, state: Enrolment, session: Session) -> View | Payload:
    programme_id = workspace_programme(session=session, team_id=asker.team_id)
    topics = programme_topics(session=session, programme_id=programme_id)
    return _profile_modal(
        asker, state, programme_settings(session=session, programme_id=programme_id), topics
    )


def _profile_modal(
    asker: Asker, state: Enrolment, settings: ProgrammeSettings, topics: tuple[str, ...] | None
) -> View | Payload:
    """The join / profile modal, offering the programme's topics (`topics`; None: the whole catalogue)."""
    catalogue = asker.deps.catalogue.only(topics)
    if state.profile is None:  # a newcomer: the same modal for everyone (the programme's default cadence)
        return newcomer_modal(catalogue, settings.default_cadence, settings.mode)
    return profile_modal(
        catalogue,
        state.profile,
        enrolled=state.state in (State.ACTIVE, State.PAUSED),
        mode=settings.mode,
    )


def _pause(asker: Asker, state: Enrolment, session: Session) -> View:
    if state.state not in (State.ACTIVE, State.PAUSED):
        raise NotEnrolled()
    choices = enrolment.enrolled_in(session=session, team_id=asker.team_id, user_id=asker.user_id)
    return pause_modal(today=local_date(asker.deps.clock.now(), state.tz), choices=choices)


def _leave(asker: Asker, state: Enrolment, session: Session) -> View:
    """Leave every programme, or (for someone in several) the one they choose: `/mentor leave <programme>`
    preselects it."""
    waiting = enrolment.has_request(session=session, team_id=asker.team_id, user_id=asker.user_id)
    if state.state is State.NOT_ENROLLED and not waiting:  # (leaving withdraws a request to join)
        raise NotEnrolled()
    named = programme_named(session=session, team_id=asker.team_id, name=asker.hint or "")
    choices = enrolment.enrolled_in(session=session, team_id=asker.team_id, user_id=asker.user_id)
    return leave_modal(choices, named.id if named else None)


def _avoid(asker: Asker, state: Enrolment, session: Session) -> View:
    if state.state not in (State.ACTIVE, State.PAUSED):
        raise NotEnrolled()
    return avoid_modal(avoided_of(session=session, team_id=asker.team_id, user_id=asker.user_id))


def _guides(asker: Asker, _: Enrolment, session: Session) -> View:
    """The Home tab's *Guides*: for the person's side of each pairing they are in."""
    deps = asker.deps
    sections = my_guides(
        session=session,
        team_id=asker.team_id,
        user_id=asker.user_id,
        guides=deps.guides,
        catalogue=deps.catalogue,
    )
    return guides_modal([(heading, [shown(g) for g in guides]) for heading, guides in sections])


def _settings(asker: Asker, _: Enrolment, session: Session) -> View:
    return settings_modal(workspace_settings(session=session, team_id=asker.team_id))


MODALS: dict[str, Callable[[Asker, Enrolment, Session], View | Payload]] = {
    "profile": _profile,
    "pause": _pause,
    "leave": _leave,
    "avoid": _avoid,
    "settings": _settings,
    "guides": _guides,
}


def open_modal(kind: str, asker: Asker) -> None:
    """Fill in the light modal opened for this request (at once, in the prompt lane) from the database."""
    deps, opened = asker.deps, asker.opened
    assert opened is not None, "register this listener with modal=…: its modal opens before the work runs"

    def build() -> View | Payload:
        if kind == "settings":
            require_admin(client=asker.client, deps=deps, user_id=asker.user_id)
        with deps.reads.begin() as session:
            if kind == "profile" and (choices := _choices(asker, session)):
                chosen = enrolment.chosen_programme(choices, asker.hint)
                if chosen is None:
                    return programme_picker([(c.id, c.profile, c.enrolled, c.may_join) for c in choices])
                return programme_profile_modal(asker, session, chosen, several=len(choices) > 1)
            state = enrolment.get_enrolment(
                session=session, team_id=asker.team_id, user_id=asker.user_id, now=deps.clock.now()
            )
            return MODALS[kind](asker, state, session)

    if asker.response_url:  # the submission answers in the channel where /mentor was typed
        with deps.requests.begin() as session:
            modals.remember(
                session,
                view_id=opened["view"]["id"],
                team_id=asker.team_id,
                user_id=asker.user_id,
                response_url=asker.response_url,
                now=deps.clock.now(),
            )
    fill_modal(asker.client, opened, build)


def _choices(asker: Asker, session: Session) -> list[enrolment.ProgrammeChoice]:
    return enrolment.programme_choices(session=session, team_id=asker.team_id, user_id=asker.user_id)


def programme_profile_modal(
    asker: Asker, session: Session, chosen: enrolment.ProgrammeChoice, *, several: bool
) -> Payload:
    """The join / profile modal for one programme (named at its top when the workspace runs several)."""
    enrolment.check_joinable(
        session, team_id=asker.team_id, user_id=asker.user_id, programme_id=chosen.id, asking=True
    )
    now = asker.deps.clock.now()
    state = enrolment.get_enrolment(
        session=session, team_id=asker.team_id, user_id=asker.user_id, now=now, programme_id=chosen.id
    )
    settings = programme_settings(session=session, programme_id=chosen.id)
    built = _profile_modal(asker, state, settings, programme_topics(session=session, programme_id=chosen.id))
    view = built if isinstance(built, dict) else built.to_dict()
    view["private_metadata"] = str(chosen.id)
    if several:
        view["blocks"].insert(0, about_programme(chosen.profile).to_dict())
    return view


def fill_modal(client: WebClient, opened: Payload, build: Callable[[], View | Payload]) -> None:
    """Replace a just-opened loading modal with the real one, or with a kind word if it can't be built."""
    try:
        view = build()
    except Exception as exc:  # noqa: BLE001 - the person sees why in the modal itself
        view = notice_modal(reply_for(exc))
    client.views_update(view_id=opened["view"]["id"], hash=opened["view"]["hash"], view=view)


def answer_opener(deps: Deps, body: Payload, view: Payload, text: str) -> bool:
    """Answer, ephemerally, in the channel where this person opened this modal with /mentor (as recorded
    when it opened, by its view id); False if it wasn't opened that way."""
    with deps.reads.begin() as session:
        url = modals.response_url(
            session, view_id=str(view.get("id") or ""), team_id=body["team"]["id"], user_id=body["user"]["id"]
        )
    if url:
        WebhookClient(url).send(text=text, response_type="ephemeral")
    return bool(url)


def resume(*, client: WebClient, deps: Deps, team_id: str, user_id: str, name: str = "") -> str:
    """Back from a pause: in every programme, or the one named."""
    with deps.requests.begin() as session:
        named = programme_named(session=session, team_id=team_id, name=name)
        back = enrolment.resume(
            session=session,
            team_id=team_id,
            user_id=user_id,
            now=deps.clock.now(),
            programme_id=named.id if named else None,
        )
    publish_home(client=client, deps=deps, team_id=team_id, user_id=user_id)
    return messages.resumed(back.where, back.every) if back is not None else messages.NOT_PAUSED


def message_key(body: Payload) -> str:
    """The outbox key of the message a button was clicked on (its first block's marker)."""
    first = (body.get("message", {}).get("blocks") or [{}])[0].get("block_id", "")
    return kinds.key_in(first) or first


def id_in(value: object) -> int:
    """The row id a button's value (or a modal's metadata) carries; 0, which is no row's, when it isn't one (a
    garbled or forged request is then refused by the service like any unknown id, never a crash)."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() else 0
