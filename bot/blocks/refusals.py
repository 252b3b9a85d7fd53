"""What the bot says when it can't do what was asked: kind, short, and saying how to get it right.

Services raise `MentorError` with these words; handlers/errors.py shows them to the person, where they acted.
"""

from __future__ import annotations

from bot.starters import THEMES
from bot.text import typed

# Avoiding people
AVOID_YOURSELF = "You can't avoid yourself — but it's a nice thought. :slightly_smiling_face:"

# Polls
NOT_YOUR_POLL = "This poll was meant for someone else."
NOT_YOUR_QUESTION = "This question was meant for someone else."
ANSWERED_ALREADY = "You had already answered this one — your first answer stands. Thank you!"

# Admin controls
PAIR_TWO = "Mention exactly two people: `/mentor admin pair @someone @someone-else`."
PAIR_SAME = "Someone can't be paired with themselves — mention two different people."
# Never say which: an avoid list is private, and so is a past decline.
PAIR_FORBIDDEN = "These two can't be paired: one of them has asked not to be, or they were paired recently."


LEADERS_HOW = (
    "Say which reverse programme, then who leads: `/mentor admin leaders <programme> @a @b` sets its leaders "
    "list, `/mentor admin leaders <programme>` shows it, `/mentor admin leaders <programme> none` clears it."
)


def leaders_reverse_only(name: str) -> str:
    return f"*{typed(name)}* isn't a reverse programme: leaders lists are for reverse mentoring."


NOT_IN_THE_SAME_PROGRAMME = "These two aren't in the same programme, so they can't be paired."


def which_programme(names: list[str]) -> str:
    listed = " and ".join(f"*{typed(n)}*" for n in names)
    return f"They're both in {listed}: say which, e.g. `/mentor admin pair @someone @someone-else {typed(names[0])}`."


def not_in_programme(user_id: str) -> str:
    return f"<@{user_id}> isn't in the mentoring programme."


def paused_now(user_id: str) -> str:
    return f"<@{user_id}> is paused right now."


def already_paired(user_id: str) -> str:
    return f"<@{user_id}> is already paired — `/mentor admin unpair @{user_id}` first."


def not_paired(user_id: str) -> str:
    return f"<@{user_id}> isn't paired right now."


# Admins' own conversation starters
GUIDE_HOW = (
    "Say when and for which side, then a title and the text: `/mentor admin guides add intro/learn Your first "
    "hour: Bring one paper you found hard.` (when: intro, after-first-meeting or mid-term; side: teach, learn "
    "or any)."
)
GUIDE_NOT_YOURS = "Only your own guides can be removed: use the id `/mentor admin guides list` shows."


def guide_too_long(title: int, text: int) -> str:
    return f"Please keep the title under {title} characters and the text under {text}."


STARTER_THEME = f"Pick a theme first: {', '.join(THEMES)} — e.g. `/mentor admin starters add career What …?`"
STARTER_AUDIENCE = (
    "After the theme, `/junior` or `/senior` says who the question is for — e.g. `career/senior`."
)
STARTER_EMPTY = "Write the question after the theme, e.g. `/mentor admin starters add career What …?`"
STARTER_NOT_YOURS = "Only your own starters can be removed: use the id `/mentor admin starters list` shows."


def starter_too_long(limit: int) -> str:
    return f"Please keep a starter under {limit} characters."


# Inline errors in modals (shown under the field)
CHOOSE_ONE = "Please choose one."
NO_SUCH_TOPIC = (
    "That topic isn't in this programme's catalogue: use its name as the report shows it, or its id."
)
STORY_AT_TERM_END = "Stories are shared when a term comes to its end: this pairing's hasn't yet."
CHOOSE_A_CHANNEL = (
    "Choose the programme's channel first — `/mentor admin channel <programme> #channel` — then approve it."
)
TICK_TO_SHARE = "Tick this to share it — or close this window to keep your story to yourself."
CHOOSE_A_THEME = "Please choose at least one topic it touches on."
WRITE_A_GOAL = "Write a goal or two — a sentence is plenty."
CHOOSE_CADENCE = "Choose how often you'll meet."
NOT_A_SUGGESTED_TIME = (
    "That isn't one of the times suggested to your pair — press *Suggest times* for new ones."
)
TIME_PASSED = "That time has passed — press *Suggest times* for new ones."
WRITE_SOMETHING = "Write a few words first."
CHOOSE_MINUTES = "Choose how long you'll meet for."
SAY_HOW_PRIVATE = "Say in a few words how you'll keep what you share between you."
AGREEMENT_CHANGED = (
    "The agreement has changed since you opened it — have a look at the new version in your group DM."
)
NOTHING_TO_AGREE = "There's no agreement to agree to yet: propose one with *Propose our agreement*."
PAIRING_ENDED = "This pairing has ended, so there's nothing more to change in it."
PICK_A_DATE = "Pick a date from the calendar."
AVOID_YOURSELF_IN_LIST = "You can't avoid yourself — take yourself off the list."


def keep_under(limit: int) -> str:
    return f"Please keep this under {limit} characters."


def mention_one(action: str) -> str:
    return f"Mention one person: `/mentor admin {action} @someone`."
