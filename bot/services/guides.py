"""Which guides a person reads: privately at introduction, after the first meeting and at mid-term, for
their side of that pairing; on the Home tab's *Guides*, all of them for each pairing they are in (or,
before their first pairing, the ones for everyone). The shipped (or operator's) guides, and the admins'
own: for every programme of the workspace, or for one (`/mentor admin guides`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks import refusals
from bot.catalogue import Catalogue
from bot.errors import MentorError
from bot.guides import INTRO, SIDES, WHEN, Guide, guides_for, partner_is
from bot.matching.explain import Reasons
from bot.services.programme import programme_settings
from bot.text import from_slack
from storage import guides as custom
from storage import members as repo
from storage import programmes
from storage.matching import active_pair_of
from storage.models import CustomGuide, Member, MemberStatus, Pair

MAX_TITLE, MAX_TEXT = 150, 1500


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
        guide_library(session=session, shipped=guides, team_id=pair.team_id, programme_id=pair.programme_id),
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


def guide_library(
    *, session: Session, shipped: tuple[Guide, ...], team_id: str, programme_id: int
) -> tuple[Guide, ...]:
    """Every guide a programme's pairs can get: the shipped ones, the admins' own for every programme and
    those for this one."""
    own = custom.custom_guides(session, team_id, programme_id=programme_id)
    return (*shipped, *(_guide(r) for r in own))


def listed_guides(
    *, session: Session, team_id: str, programme_id: int | None = None
) -> list[tuple[Guide, str]]:
    """The admins' own guides, each with the name of the one programme it is for ("": every programme)."""
    rows = custom.custom_guides(session, team_id, programme_id=programme_id)
    names = {p: programmes.name_of(session, p) or "" for p in {r.programme_id for r in rows} if p is not None}
    return [(_guide(r), names.get(r.programme_id, "") if r.programme_id else "") for r in rows]


def add_guide(
    *, session: Session, team_id: str, args: str, now: datetime, programme_id: int | None = None
) -> Guide:
    """`<when>/<side> <title>: <text>`, as an admin typed it (Slack escapes & < > in command text; shown
    through bot.text.typed)."""
    aim, _, rest = from_slack(args).strip().partition(" ")
    when, _, side = aim.lower().partition("/")
    title, _, text = rest.partition(":")
    title, text = " ".join(title.split()), text.strip()
    if when not in WHEN or (side or "any") not in SIDES or not title or not text:
        raise MentorError(refusals.GUIDE_HOW)
    if len(title) > MAX_TITLE or len(text) > MAX_TEXT:
        raise MentorError(refusals.guide_too_long(MAX_TITLE, MAX_TEXT))
    row = CustomGuide(
        team_id=team_id, programme_id=programme_id, moment=when, side=side or "any", title=title, text=text,
        created_at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return _guide(row)


def remove_guide(*, session: Session, team_id: str, guide_id: str, programme_id: int | None = None) -> bool:
    """Remove one of the team's own guides (given a programme: only one of that programme's own)."""
    number = guide_id.removeprefix("custom-")
    if not number.isdigit():
        raise MentorError(refusals.GUIDE_NOT_YOURS)
    row = session.get(CustomGuide, int(number))
    if (
        row is None
        or row.team_id != team_id
        or (programme_id is not None and row.programme_id != programme_id)
    ):
        return False
    session.delete(row)
    return True


def _guide(row: CustomGuide) -> Guide:
    return Guide(
        id=f"custom-{row.id}", title=row.title, text=row.text, side=row.side, when=row.moment, typed=True
    )
