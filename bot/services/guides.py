"""Which guides a person reads (the Home tab's *Guides*): for their side of each pairing they are in, or,
before their first pairing, the ones for everyone."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.catalogue import Catalogue
from bot.guides import Guide, guides_for, partner_is
from bot.matching.explain import Reasons
from bot.services.programme import programme_settings
from storage import members as repo
from storage import programmes
from storage.matching import active_pair_of
from storage.models import MemberStatus


def my_guides(
    *, session: Session, team_id: str, user_id: str, guides: tuple[Guide, ...], catalogue: Catalogue
) -> list[tuple[str, list[Guide]]]:
    """(heading, guides) for each current pairing of the person (headed by the programme's name when the
    workspace runs several); none: the guides for everyone, under an empty heading."""
    several = programmes.count(session, team_id) > 1
    rank = catalogue.stage_rank
    out: list[tuple[str, list[Guide]]] = []
    for member in repo.memberships_of(session, team_id=team_id, user_id=user_id):
        if member.status not in (MemberStatus.ACTIVE, MemberStatus.PAUSED):
            continue
        pair = active_pair_of(session, member.id, for_update=False)
        if pair is None:
            continue
        teaches = Reasons.from_json(pair.reasons).teaches
        others = [rank(pm.member.career_stage) for pm in pair.members if pm.member_id != member.id]
        chosen = guides_for(
            guides,
            teaches=any(teaches.get(member.id, {}).values()),
            learns=any(learners.get(member.id) for learners in teaches.values()),
            partner=partner_is(rank(member.career_stage), others),
            mode=programme_settings(session=session, programme_id=member.programme_id).mode,
        )
        name = programmes.name_of(session, member.programme_id) if several else None
        out.append((name or "", chosen))
    return out or [("", [g for g in guides if g.side == "any"])]
