"""Talking to the programme team privately: a note to a programme's admins, anonymous unless its writer
chooses to sign it. An anonymous note is stored and sent without anything that says who wrote it."""

from __future__ import annotations

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks import messages
from bot.deps import Deps
from bot.errors import MentorError
from bot.outbox import kinds, queue
from bot.outbox.kinds import Kind
from bot.services.admins import readers_of
from storage import members, programmes, team_notes


class NotInProgramme(MentorError):
    def __init__(self) -> None:
        super().__init__(
            "You can write to the team of a programme you're in: join it first with `/mentor join`."
        )


def programmes_of(*, session: Session, team_id: str, user_id: str) -> list[tuple[int, str]]:
    """The programmes this person may write to the team of: those they have a profile in."""
    ids = [m.programme_id for m in members.memberships_of(session, team_id=team_id, user_id=user_id)]
    return [(p, programmes.name_of(session, p) or "") for p in ids]


def write_to_team(
    *, client: WebClient, deps: Deps, team_id: str, user_id: str, programme_id: int, text: str, named: bool
) -> str:
    """Send the note to every admin of the programme (the workspace's and its own, user groups read from
    Slack outside any unit of work); what to tell the writer."""
    with deps.reads.begin() as session:
        member = members.get_member(session, team_id=team_id, user_id=user_id, programme_id=programme_id)
        addressed = team_notes.addressed_to(session, programme_id)
    if member is None or addressed is None:
        raise NotInProgramme()
    name, listed = addressed
    readers = readers_of(client=client, deps=deps, listed=listed)
    if not readers:
        return messages.NO_ONE_TO_TELL
    now = deps.clock.now()
    with deps.requests.begin() as session:
        note_id = team_notes.add(
            session,
            team_id=team_id,
            programme_id=programme_id,
            member_id=member.id if named else None,
            text=text,
            on=now.date(),
        )
        for admin in sorted(readers):
            queue.enqueue(
                session=session,
                team_id=team_id,
                key=kinds.team_note(note_id, admin),
                kind=Kind.TEAM_NOTE,
                now=now,
                user_id=admin,
                priority=1,
            )
    deps.bell.ring()
    return messages.team_note_sent(name, named, len(readers))
