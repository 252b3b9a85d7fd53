"""users.info answers are kept for a few minutes, per person; failures are never kept."""

from datetime import UTC, datetime, timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.directory import Directory

NOW = datetime(2027, 1, 4, 9, tzinfo=UTC)


class Client:
    def __init__(self) -> None:
        self.asked: list[str] = []
        self.failing = False

    def users_info(self, *, user: str) -> dict:
        self.asked.append(user)
        if self.failing:
            response = SlackResponse(client=None, http_verb="POST", api_url="users.info", req_args={},
                                     data={"ok": False, "error": "ratelimited"}, headers={}, status_code=200)  # fmt: skip
            raise SlackApiError("failed", response)
        return {"user": {"id": user, "tz": "Europe/London", "is_admin": user == "UADMIN"}}


def test_a_person_is_asked_about_once_within_the_ttl_then_again():
    client, directory = Client(), Directory(ttl=timedelta(minutes=5))
    assert directory.user(client, "U1", NOW)["tz"] == "Europe/London"
    assert directory.user(client, "U1", NOW + timedelta(minutes=4))["tz"] == "Europe/London"
    assert directory.user(client, "UADMIN", NOW)["is_admin"] is True
    assert client.asked == ["U1", "UADMIN"]
    directory.user(client, "U1", NOW + timedelta(minutes=5))
    assert client.asked == ["U1", "UADMIN", "U1"]


def test_a_failure_is_not_kept_and_the_oldest_go_first_when_full():
    client, directory = Client(), Directory(size=2)
    client.failing = True
    assert directory.user(client, "U1", NOW) is None
    client.failing = False
    assert directory.user(client, "U1", NOW) is not None  # asked again: the failure wasn't kept
    directory.user(client, "U2", NOW)
    directory.user(client, "U3", NOW)  # U1 makes room
    directory.user(client, "U2", NOW)
    directory.user(client, "U1", NOW)
    assert client.asked == ["U1", "U1", "U2", "U3", "U1"]
