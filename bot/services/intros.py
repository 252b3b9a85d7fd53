"""Looking up a pair from a button or modal, making sure the person acting belongs to it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.blocks import messages, refusals
from bot.errors import MentorError
from bot.keeping import pair_cadence
from bot.profile import Cadence
from storage.models import Pair, PairStatus


def going_pair_of(*, session: Session, team_id: str, pair_id: int, user_id: str) -> Pair:
    """The person's pair, locked, while it goes on: refused kindly once it has ended."""
    pair, _ = pair_for_member_of(session=session, team_id=team_id, pair_id=pair_id, user_id=user_id)
    if pair.status is not PairStatus.ACTIVE:
        raise MentorError(refusals.PAIRING_ENDED)
    return pair


def pair_for_member_of(
    *, session: Session, team_id: str, pair_id: int, user_id: str, for_update: bool = True
) -> tuple[Pair, Cadence]:
    """The pair (locked, unless only read), and the cadence to suggest (the agreed one, else the slower of
    the members' wishes)."""
    pair = session.get(Pair, pair_id, with_for_update=for_update)
    if pair is None or pair.team_id != team_id or user_id not in {pm.member.user_id for pm in pair.members}:
        raise MentorError(messages.NOT_IN_PAIR)
    return pair, pair_cadence(pair.agreement_cadence, (pm.member.cadence for pm in pair.members))
