"""The join / profile modal was submitted: check it inline in the ack, then save."""

from __future__ import annotations

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.blocks import messages
from bot.blocks.forms import Form
from bot.blocks.profile_modal import read_profile_submission
from bot.blocks.programmes import programme_of_view
from bot.deps import Deps
from bot.payload import Payload
from bot.profile import Profile, validate_profile
from bot.services import enrolment
from bot.services.away import note_status
from bot.services.programme import programme_settings
from bot.services.programmes import about
from bot.services.slack_people import fetch_person, publish_home
from handlers.listen import DONE
from handlers.shared import answer_opener


def check_profile(ack: Ack, view: Payload, deps: Deps) -> object:
    profile, errors = validate_profile(read_profile_submission(Form.of(view)), deps.catalogue)
    if errors:
        ack(response_action="errors", errors={field.value: text for field, text in errors.items()})
        return DONE
    return profile


def on_profile_submit(acked: Profile, body: Payload, view: Payload, client: WebClient, deps: Deps) -> None:
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    # Outside the transaction: never hold a row lock over a network call.
    tz, slack_profile = fetch_person(client, deps, user_id)
    now = deps.clock.now()
    with deps.requests.begin() as session:
        # The programme the modal was built for (none named: the first, as before there were several).
        outcome = enrolment.join_or_ask(
            session=session,
            team_id=team_id,
            user_id=user_id,
            profile=acked,
            tz=tz,
            now=now,
            programme_id=programme_of_view(view),
        )
        # Away already (a holiday status set before they joined)? Rounds and check-ins wait for them.
        note_status(session=session, team_id=team_id, user_id=user_id, profile=slack_profile, now=now)
        mode = programme_settings(session=session, programme_id=outcome.programme_id).mode
        told = about(session=session, programme_id=outcome.programme_id)
    if outcome.asked is not None:  # its admins decide; the person hears when they have
        if not answer_opener(deps, body, view, messages.join_requested(outcome.asked)):
            client.chat_postMessage(channel=user_id, text=messages.join_requested(outcome.asked))
        return
    state, joined_now = outcome.enrolment, outcome.joined_now
    text = messages.join_welcome(
        state,
        deps.catalogue,
        first_time=joined_now,
        mode=mode,
        programme=told.name,
        purpose=told.purpose,
        commitment=told.commitment,
    )
    if joined_now:
        # The welcome lands in the person's DM with the bot, where later check-ins and polls arrive.
        client.chat_postMessage(channel=user_id, text=text)
    else:
        answer_opener(deps, body, view, text)
    publish_home(client=client, deps=deps, team_id=team_id, user_id=user_id)
