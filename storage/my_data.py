"""Everything held about one person in a workspace, for their right of access (`/mentor my data`): their
rows, read in a fixed number of queries. Never another person's answers or profile."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import (
    Agreement,
    Avoid,
    Checkin,
    CheckinAnswer,
    Confidence,
    EndWhy,
    Invitation,
    JoinRequest,
    ListeningTurn,
    Meeting,
    Member,
    Pair,
    PairMember,
    PollAnswer,
    Programme,
    Story,
    TeachAsk,
    Thanks,
)


@dataclass(frozen=True)
class Held:
    members: list[Member]  # one per programme they have a profile in (topics and perspectives loaded)
    programmes: dict[int, str]  # id → name
    avoids: list[Avoid]
    pairs: list[Pair]
    partners: dict[int, list[str]]  # pair id → the other people's Slack ids
    people: dict[int, str]  # the member ids of everyone in those pairs → their Slack ids
    agreements: dict[int, Agreement]  # pair id → its agreement as last proposed
    confidence: list[Confidence]  # their own ratings
    meetings: dict[int, list[Meeting]]  # pair id → its meetings
    checkin_answers: list[tuple[CheckinAnswer, Checkin]]
    poll_answers: list[PollAnswer]
    invitations: list[Invitation]
    requests: list[JoinRequest]
    thanks: list[Thanks]  # the thank-you notes they wrote
    stories: list[Story]  # their parts of their pairs' stories
    whys: list[EndWhy]  # why their pairings ended, as they answered
    teach_asks: list[TeachAsk]  # asked whether they could teach a scarce topic, and what they said
    listened: list[ListeningTurn]  # that they answered the listening question (the answers hold no name)


def held_about(session: Session, *, team_id: str, user_id: str) -> Held:
    members = list(
        session.scalars(
            select(Member).where(Member.team_id == team_id, Member.user_id == user_id).order_by(Member.id)
        )
    )
    ids = [m.id for m in members]
    names = {
        p: n
        for p, n in session.execute(select(Programme.id, Programme.name).where(Programme.team_id == team_id))
    }
    pairs = list(
        session.scalars(
            select(Pair)
            .join(PairMember, PairMember.pair_id == Pair.id)
            .where(PairMember.member_id.in_(ids))
            .order_by(Pair.id)
        )
    )
    pair_ids = [p.id for p in pairs]
    partners: dict[int, list[str]] = defaultdict(list)
    people: dict[int, str] = {}
    for pair_id, member_id, someone in session.execute(
        select(PairMember.pair_id, Member.id, Member.user_id)
        .join(Member, Member.id == PairMember.member_id)
        .where(PairMember.pair_id.in_(pair_ids))
        .order_by(PairMember.pair_id, Member.id)
    ):
        people[member_id] = someone
        if someone != user_id:
            partners[pair_id].append(someone)
    meetings: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in session.scalars(
        select(Meeting).where(Meeting.pair_id.in_(pair_ids)).order_by(Meeting.met_on)
    ):
        meetings[meeting.pair_id].append(meeting)
    answers = [
        (a, c)
        for a, c in session.execute(
            select(CheckinAnswer, Checkin)
            .join(Checkin, Checkin.id == CheckinAnswer.checkin_id)
            .where(CheckinAnswer.member_id.in_(ids))
            .order_by(CheckinAnswer.answered_at)
        )
    ]
    return Held(
        members=members,
        programmes=names,
        avoids=list(session.scalars(select(Avoid).where(Avoid.member_id.in_(ids)).order_by(Avoid.id))),
        pairs=pairs,
        partners=dict(partners),
        people=people,
        agreements={
            a.pair_id: a for a in session.scalars(select(Agreement).where(Agreement.pair_id.in_(pair_ids)))
        },
        confidence=list(
            session.scalars(
                select(Confidence)
                .where(Confidence.member_id.in_(ids))
                .order_by(Confidence.rated_at, Confidence.id)
            )
        ),
        meetings=dict(meetings),
        checkin_answers=answers,
        poll_answers=list(
            session.scalars(
                select(PollAnswer).where(PollAnswer.member_id.in_(ids)).order_by(PollAnswer.answered_at)
            )
        ),
        invitations=list(
            session.scalars(
                select(Invitation)
                .join(Programme, Programme.id == Invitation.programme_id)
                .where(Programme.team_id == team_id, Invitation.user_id == user_id)
            )
        ),
        requests=list(
            session.scalars(
                select(JoinRequest).where(JoinRequest.team_id == team_id, JoinRequest.user_id == user_id)
            )
        ),
        thanks=list(session.scalars(select(Thanks).where(Thanks.member_id.in_(ids)).order_by(Thanks.id))),
        stories=list(session.scalars(select(Story).where(Story.member_id.in_(ids)).order_by(Story.pair_id))),
        whys=list(session.scalars(select(EndWhy).where(EndWhy.member_id.in_(ids)).order_by(EndWhy.pair_id))),
        teach_asks=list(
            session.scalars(select(TeachAsk).where(TeachAsk.member_id.in_(ids)).order_by(TeachAsk.id))
        ),
        listened=list(
            session.scalars(
                select(ListeningTurn).where(ListeningTurn.member_id.in_(ids)).order_by(ListeningTurn.asked_on)
            )
        ),
    )
