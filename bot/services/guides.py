"""Which guides a person reads: privately at introduction, after the first meeting and at mid-term, for
their side of that pairing; on the Home tab's *Guides*, all of them for each pairing they are in (or,
before their first pairing, the ones for everyone)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.catalogue import Catalogue
from bot.guides import INTRO, Guide, guides_for, partner_is
from bot.matching.explain import Reasons
from bot.services.programme import programme_settings
from storage import members as repo
from storage import programmes
from storage.matching import active_pair_of
from storage.models import Member, MemberStatus, Pair


def side_guides(
    *,
    session: Session,
    pair: Pair,
    member: Member,
    guides: tuple[Guide, ...],
    catalogue: Catalogue,
    when: str | None = INTRO,
) -> list[Guide]:
    """The guides for this person's side of this pairing, at this moment (None: at every moment)."""
    rank = catalogue.stage_rank
    teaches = Reasons.from_json(pair.reasons).teaches
    others = [rank(pm.member.career_stage) for pm in pair.members if pm.member_id != member.id]
    return guides_for(
        guides,
        teaches=any(teaches.get(member.id, {}).values()),
        learns=any(learners.get(member.id) for learners in teaches.values()),
        partner=partner_is(rank(member.career_stage), others),
        mode=programme_settings(session=session, programme_id=member.programme_id).mode,
        when=when,
        programme=programmes.name_of(session, member.programme_id) or "",
    )


def my_guides(
    *, session: Session, team_id: str, user_id: str, guides: tuple[Guide, ...], catalogue: Catalogue
) -> list[tuple[str, list[Guide]]]:
    """(heading, guides) for each current pairing of the person (headed by the programme's name when the
    workspace runs several); none: the guides for everyone, under an empty heading."""
    several = programmes.count(session, team_id) > 1
    out: list[tuple[str, list[Guide]]] = []
    for member in repo.memberships_of(session, team_id=team_id, user_id=user_id):
        if member.status not in (MemberStatus.ACTIVE, MemberStatus.PAUSED):
            continue
        pair = active_pair_of(session, member.id, for_update=False)
        if pair is None:
            continue
        chosen = side_guides(
            session=session, pair=pair, member=member, guides=guides, catalogue=catalogue, when=None
        )
        name = programmes.name_of(session, member.programme_id) if several else None
        out.append((name or "", chosen))
    return out or [("", [g for g in guides if g.side == "any" and g.when == INTRO and not g.programmes])]
