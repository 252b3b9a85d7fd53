"""Recognition, end to end: a thank-you after a meeting reaches the partner alone; a story at term end is
posted in the programme's channel only once everyone in the pair shared theirs and an admin approved, and
only there; each person gets a completion note; the channel gets a fortnightly question, and a monthly
figure only once enough pairs met."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import ids
from storage.models import Member, Outbox, Pair, PairMember, Programme, Thanks
from storage.pairs import look_again
from tests.conftest import ADMIN, START
from tests.e2e.test_keep_meeting import button, click, kind_of
from tests.e2e.test_listening import A, B, C, D, two_pairs_met
from tests.factories import programme_of

STORIES = "C0STORIES"


def dm(user: str) -> str:
    return "D" + user[1:]


def typed(value: str) -> dict:
    return {"value": {"type": "plain_text_input", "value": value}}


def messages_of(app, channel: str, kind: str) -> list[dict]:
    return [m for m in app.fake.messages_in(channel) if kind_of(m) == kind]


def everyone_else_saw(app, words: str, *, besides: set[str]) -> list[str]:
    return [c for c, ms in app.fake.all_messages().items() if c not in besides and words in json.dumps(ms)]


def test_a_thank_you_after_a_meeting_reaches_the_partner_alone_once(app):
    two_pairs_met(app)
    (poll,) = messages_of(app, dm(A), "poll")
    click(app, ids.THANKS_OPEN, button(poll, ids.THANKS_OPEN)["value"], A, dm(A), poll)
    modal = app.fake.modal()
    assert modal["callback_id"] == ids.THANKS_VIEW and f"<@{B}>" in json.dumps(modal)
    note = {ids.THANKS_TEXT_BLOCK: typed("Thank you <!channel> for the *SQL* joins & patience")}
    for _ in range(2):  # a double submit sends once
        assert app.submit_modal(note, user=A, modal=modal).text == ""
    app.settle()
    app.tick(app.clock.now() + timedelta(days=1))
    (thanks,) = messages_of(app, dm(B), "thanks")
    assert f"<@{A}> says thank you" in thanks["text"]
    assert "&lt;!channel&gt; for the *SQL* joins &amp; patience" in thanks["text"]  # as typed, never markup
    assert everyone_else_saw(app, "joins &amp; patience", besides={dm(B)}) == []
    told = [m["text"] for m in app.fake.messages_in(dm(A))]
    assert any("will reach" in t for t in told) and "thanked them for this meeting already" in told[-1]
    with app.session() as s:
        assert len(s.scalars(select(Thanks)).all()) == 1
    # Someone not in the pair can't use the button.
    click(app, ids.THANKS_OPEN, button(poll, ids.THANKS_OPEN)["value"], C, dm(C), poll)
    assert "meant for someone else" in json.dumps(app.fake.modal())


def term_ended(app) -> tuple[int, str]:
    """A's and B's pair reaches the end of its term: the wrap-up and completion note go out."""
    two_pairs_met(app)
    with app.deps.sessions.begin() as s:
        pair = s.scalars(select(Pair).join(PairMember).join(Member).where(Member.user_id == A)).one()
        pair.ends_on = app.clock.now().date() + timedelta(days=1)
        look_again(s, pair_ids=[pair.id])
        pair_id, channel = pair.id, pair.channel_id
    app.tick(app.clock.now() + timedelta(days=2))
    app.tick(app.clock.now() + timedelta(days=1))  # at a working hour of theirs
    return pair_id, channel


def share(app, user: str, story: str, *, consent: bool = True):
    (wrap,) = messages_of(app, dm(user), "term-end")
    click(app, ids.STORY_OPEN, button(wrap, ids.STORY_OPEN)["value"], user, dm(user), wrap)
    modal = app.fake.modal()
    assert modal["callback_id"] == ids.STORY_VIEW
    ticked = [{"value": ids.STORY_CONSENT_VALUE}] if consent else []
    values = {
        ids.STORY_TEXT_BLOCK: typed(story),
        ids.STORY_CONSENT_BLOCK: {"value": {"type": "checkboxes", "selected_options": ticked}},
    }
    return app.submit_modal(values, user=user, modal=modal)


def test_a_story_is_posted_in_the_channel_only_with_both_parts_and_an_admin_s_approval(app):
    pair_id, _ = term_ended(app)
    for user in (A, B):
        (note,) = messages_of(app, dm(user), "completed")  # each gets a completion note, privately
        assert "You completed a term of mentoring" in note["text"] and "1 meeting logged" in note["text"]
    refused = share(app, A, "I learned to <b>pitch</b>", consent=False)
    assert ids.STORY_CONSENT_BLOCK in refused.json()["errors"]  # nothing is kept without the tick
    assert share(app, A, "I learned to <b>pitch</b> & to listen").text == ""
    app.settle()
    assert messages_of(app, dm(ADMIN), "story-review") == []  # B hasn't shared theirs: nothing to review
    assert share(app, B, "I finally get SQL").text == ""
    app.settle()
    app.tick(app.clock.now() + timedelta(hours=1))
    (review,) = messages_of(app, dm(ADMIN), "story-review")
    shown = json.dumps(review["blocks"])
    assert "&lt;b&gt;pitch&lt;/b&gt; &amp; to listen" in shown and "I finally get SQL" in shown
    # No channel yet: approving says how to choose one, and posts nothing.
    click(app, ids.STORY_APPROVE, str(pair_id), ADMIN, dm(ADMIN), review)
    assert "Choose the programme's channel first" in app.fake.responses[-1]["text"]
    app.command(f"admin channel <#{STORIES}|stories>", user=ADMIN)
    assert f"<#{STORIES}>" in app.fake.responses[-1]["text"]
    # Someone who isn't an admin can't approve it.
    click(app, ids.STORY_APPROVE, str(pair_id), C, dm(C), review)
    assert messages_of(app, STORIES, "story") == []
    for _ in range(2):  # two clicks (or two admins): one post
        click(app, ids.STORY_APPROVE, str(pair_id), ADMIN, dm(ADMIN), review)
    app.tick(app.clock.now() + timedelta(hours=1))
    (post,) = messages_of(app, STORIES, "story")
    assert f"<@{A}>" in post["text"] and f"<@{B}>" in post["text"]
    assert "&lt;b&gt;pitch&lt;/b&gt;" in json.dumps(post["blocks"]) and "I finally get SQL" in json.dumps(
        post["blocks"]
    )
    assert everyone_else_saw(app, "I finally get SQL", besides={STORIES, dm(ADMIN)}) == []
    (review,) = messages_of(app, dm(ADMIN), "story-review")
    assert "Approved" in json.dumps(review["blocks"]) and ids.STORY_APPROVE not in json.dumps(
        review["blocks"]
    )


def test_a_declined_story_is_never_posted(app):
    pair_id, _ = term_ended(app)
    app.command(f"admin channel <#{STORIES}|stories>", user=ADMIN)
    share(app, A, "We swapped skills")
    share(app, B, "Me too")
    app.tick(app.clock.now() + timedelta(hours=1))
    (review,) = messages_of(app, dm(ADMIN), "story-review")
    click(app, ids.STORY_DECLINE, str(pair_id), ADMIN, dm(ADMIN), review)
    click(app, ids.STORY_APPROVE, str(pair_id), ADMIN, dm(ADMIN), review)  # the first decision stands
    app.tick(app.clock.now() + timedelta(days=1))
    assert messages_of(app, STORIES, "story") == []
    with app.session() as s:
        assert not [o for o in s.scalars(select(Outbox)) if o.kind.value == "story"]


def test_the_channel_gets_a_fortnightly_question_and_no_figure_below_the_minimum(app):
    two_pairs_met(app)
    app.command(f"admin channel <#{STORIES}|stories>", user=ADMIN)
    app.tick(app.clock.now() + timedelta(hours=1))
    app.tick(app.clock.now() + timedelta(days=1))  # in the programme's working hours
    (prompt,) = messages_of(app, STORIES, "channel-prompt")
    assert "A question for this fortnight" in prompt["text"]
    app.tick(app.clock.now() + timedelta(hours=2))
    assert len(messages_of(app, STORIES, "channel-prompt")) == 1  # once a fortnight
    # Next month: January's figure — two pairs met, fewer than the minimum group of 3: nothing posted.
    app.tick(START.replace(month=2, day=2, hour=10))
    assert messages_of(app, STORIES, "channel-figure") == []
    app.command("admin channel none", user=ADMIN)
    assert "posts in no channel now" in app.fake.responses[-1]["text"]


def test_the_monthly_figure_counts_pairs_meetings_and_topics_without_names(app):
    two_pairs_met(app)
    with app.deps.sessions.begin() as s:  # a small group, as the minimum can't be set below 3 by hand
        s.get_one(Programme, programme_of(s, "T123ABC456")).min_group_size = 2
    app.command(f"admin channel <#{STORIES}|stories>", user=ADMIN)
    app.tick(START.replace(month=2, day=2, hour=10))
    (figure,) = messages_of(app, STORIES, "channel-figure")
    assert "January 2027" in figure["text"] and "2 pairs met 2 times, exchanging 8 topics" in figure["text"]
    for user in (A, B, C, D):
        assert user not in figure["text"]


@pytest.mark.postgres
def test_partners_sharing_at_once_and_admins_approving_at_once_review_once_and_post_once(pg_app):
    app = pg_app
    pair_id, _ = term_ended(app)
    app.fake.add_user("UADMIN0002", "programme admin")
    with app.deps.sessions.begin() as s:  # a programme's own admin, beside the workspace's
        s.get_one(Programme, programme_of(s, "T123ABC456")).admins = ["UADMIN0002"]
    app.command(f"admin channel <#{STORIES}|stories>", user=ADMIN)
    modals = {}
    for user in (A, B):
        (wrap,) = messages_of(app, dm(user), "term-end")
        click(app, ids.STORY_OPEN, button(wrap, ids.STORY_OPEN)["value"], user, dm(user), wrap)
        modals[user] = app.fake.modal()
    values = {
        ids.STORY_TEXT_BLOCK: typed("We taught each other"),
        ids.STORY_CONSENT_BLOCK: {
            "value": {"type": "checkboxes", "selected_options": [{"value": ids.STORY_CONSENT_VALUE}]}
        },
    }
    at_once(
        lambda user=user: app.slack.view_submission(
            ids.STORY_VIEW,
            values,
            user=user,
            private_metadata=modals[user]["private_metadata"],
            view_id=modals[user]["id"],
        )
        for user in (A, B)
    )
    app.settle()
    app.tick(app.clock.now() + timedelta(hours=1))
    for admin_id in (ADMIN, "UADMIN0002"):
        assert len(messages_of(app, dm(admin_id), "story-review")) == 1  # the story reached each admin once
    reviews = {a: messages_of(app, dm(a), "story-review")[0] for a in (ADMIN, "UADMIN0002")}
    at_once(
        lambda a=a: app.slack.block_action(
            ids.STORY_APPROVE, str(pair_id), user=a, channel=dm(a), ts=reviews[a]["ts"]
        )
        for a in reviews
    )
    app.settle()
    app.tick(app.clock.now() + timedelta(hours=1))
    assert len(messages_of(app, STORIES, "story")) == 1


def at_once(calls) -> None:
    calls = list(calls)
    start = threading.Barrier(len(calls))

    def run(call) -> None:
        start.wait()
        call()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
