"""Domain errors whose message is safe and kind to show to the person who caused them."""


class MentorError(Exception):
    """An expected problem; `str(error)` is the reply shown to the person."""


class NotEnrolled(MentorError):
    def __init__(self) -> None:
        super().__init__("You're not in the mentoring programme yet — `/mentor join` takes a minute.")
