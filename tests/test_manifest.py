"""manifest.yml is a valid Slack app manifest and declares what the code uses."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.fakes.slack_api import SPECS

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = yaml.safe_load((ROOT / "manifest.yml").read_text())


def _schema() -> dict:
    return json.loads((SPECS / "manifest" / "manifest.schema.1.0.0.json").read_text())


def test_manifest_validates_against_slacks_schema():
    jsonschema.Draft7Validator(_schema()).validate(MANIFEST)


def test_the_schema_check_is_real():
    broken = json.loads(json.dumps(MANIFEST))
    broken["features"]["slash_commands"][0]["should_escape"] = "yes"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(_schema()).validate(broken)


def test_manifest_declares_the_product_surface():
    (command,) = MANIFEST["features"]["slash_commands"]
    assert command["command"] == "/mentor" and command["should_escape"] is True
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    assert MANIFEST["settings"]["event_subscriptions"]["bot_events"] == ["app_home_opened", "user_change"]
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True
    assert MANIFEST["settings"]["socket_mode_enabled"] is True
    assert {"commands", "chat:write", "im:write", "mpim:write", "users:read"} <= set(
        MANIFEST["oauth_config"]["scopes"]["bot"]
    )


def test_every_web_api_method_the_code_calls_has_its_scope_in_the_manifest():
    spec = json.loads((SPECS / "slack_web_openapi_v2.json").read_text())
    called = set()
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("handlers/**/*.py")]:
        for family, name in re.findall(
            r"client\.(auth|chat|conversations|users|views|files)_(\w+)\(", path.read_text()
        ):
            called.add(f"{family}.{name}")
    assert {"views.open", "views.publish", "chat.postMessage", "users.info"} <= called
    granted = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    checked = 0
    for method in sorted(called):
        needed = NEWER_METHODS[method] if method in NEWER_METHODS else scopes_for(spec, method)
        if needed:
            checked += 1
            assert needed & granted, (
                f"{method} needs one of {sorted(needed)}; the manifest grants {sorted(granted)}"
            )
    assert checked >= 2  # chat.postMessage and users.info at least


# Client helpers and methods newer than the 2020 spec, with the scope Slack documents for them.
NEWER_METHODS = {"files.upload_v2": {"files:write"}}

# The 2020 spec names the classic bot scope; granular bot tokens get the same right from chat:write.
LEGACY = {"chat:write:bot": "chat:write"}


def scopes_for(spec: dict, method: str) -> set[str]:
    ops = spec["paths"][f"/{method}"]
    listed = {s for op in ops.values() for sec in op.get("security", []) for s in sec.get("slackAuth", [])}
    return {LEGACY.get(s, s) for s in listed} - {"none"}


def test_the_scope_check_is_real():
    spec = json.loads((SPECS / "slack_web_openapi_v2.json").read_text())
    assert scopes_for(spec, "users.info") == {"users:read"}
    assert "mpim:write" in scopes_for(spec, "conversations.open")
    assert scopes_for(spec, "views.open") == set()
