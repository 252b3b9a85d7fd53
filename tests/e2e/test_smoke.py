from tests.fakes.slack_requests import profile_values


def test_join_smoke(app):
    r = app.command("join")
    assert r.status_code == 200
    print(app.fake.methods(), app.fake.problems)
    r = app.submit("mentor_join", profile_values())
    assert r.status_code == 200, r.text
    print(app.fake.methods(), app.fake.problems, r.text)
