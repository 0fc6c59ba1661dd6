from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.access import Level, scope_for
from accounts.models import Membership, User
from cis_kis.demo import LOGINS, demo_email
from units.constants import FounderGroup, UnitKind
from units.models import FoundingBody, Unit

pytestmark = pytest.mark.django_db

EXPECTED_LOGINS = [
    "admin@demo.example.org",
    "analyst@demo.example.org",
    "official14@demo.example.org",
    "official12@demo.example.org",
    "manager.cis1@demo.example.org",
    "staff.cis1@demo.example.org",
    "staff.cis2@demo.example.org",
    "staff.kis1@demo.example.org",
]


def run(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_load_demo_prints_every_login_and_the_password():
    output = run("--password", "demo-haslo-1")
    for email in EXPECTED_LOGINS:
        assert email in output
    assert "Password of every demo login: demo-haslo-1" in output
    assert [demo_email(login) for login in LOGINS] == EXPECTED_LOGINS
    for email in EXPECTED_LOGINS:
        assert User.objects.get(email=email).check_password("demo-haslo-1")


def test_load_demo_without_password_generates_one():
    output = run()
    password = output.strip().rsplit(": ", 1)[1]
    assert len(password) >= 12
    assert User.objects.get(email="analyst@demo.example.org").check_password(password)


def test_load_demo_refuses_an_empty_password():
    with pytest.raises(CommandError, match="must not be empty"):
        run("--password", " ")


def test_load_demo_is_idempotent():
    run("--password", "a-first-pass")
    counts = (
        Unit.objects.count(),
        FoundingBody.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    run("--password", "a-second-pass")
    assert counts == (
        Unit.objects.count(),
        FoundingBody.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    assert User.objects.get(email="admin@demo.example.org").check_password(
        "a-second-pass"
    )


def test_demo_covers_kinds_founder_groups_and_voivodeships():
    run("--password", "x-demo-pass")
    units = Unit.objects.select_related("founding_body", "voivodeship")
    pairs = {(u.kind, u.founding_body.founder_group) for u in units}
    assert pairs == {
        (UnitKind.CIS, FounderGroup.LOCAL_GOVERNMENT),
        (UnitKind.CIS, FounderGroup.SOCIAL_ECONOMY),
        (UnitKind.KIS, FounderGroup.LOCAL_GOVERNMENT),
        (UnitKind.KIS, FounderGroup.SOCIAL_ECONOMY),
    }
    assert len({u.voivodeship.teryt for u in units}) >= 4
    for body in FoundingBody.objects.all():
        body.full_clean()  # every NIP and REGON is valid


def test_demo_logins_have_the_designed_scopes():
    run("--password", "x-demo-pass")

    def scope(email):
        return scope_for(User.objects.get(email=email))

    assert scope("admin@demo.example.org").is_admin
    assert scope("analyst@demo.example.org").level is Level.NATIONAL
    official14 = scope("official14@demo.example.org")
    assert official14.level is Level.VOIVODESHIP
    assert (
        User.objects.get(email="official12@demo.example.org").voivodeship.name
        == "małopolskie"
    )
    cis1 = Unit.objects.get(registry_id="DEMO-CIS1")
    cis2 = Unit.objects.get(registry_id="DEMO-CIS2")
    kis1 = Unit.objects.get(registry_id="DEMO-KIS1")
    assert cis1.kind == cis2.kind == UnitKind.CIS
    assert cis1.voivodeship.teryt == cis2.voivodeship.teryt == "14"
    assert kis1.kind == UnitKind.KIS
    assert kis1.voivodeship.teryt == "12"
    assert scope("manager.cis1@demo.example.org").managed_unit_ids == {cis1.pk}
    assert scope("staff.cis1@demo.example.org").unit_ids == {cis1.pk}
    assert scope("staff.cis1@demo.example.org").managed_unit_ids == frozenset()
    assert scope("staff.cis2@demo.example.org").unit_ids == {cis2.pk}
    assert scope("staff.kis1@demo.example.org").unit_ids == {kis1.pk}


@pytest.mark.parametrize(
    ("email", "template"),
    [
        ("admin@demo.example.org", "home/national.html"),
        ("analyst@demo.example.org", "home/national.html"),
        ("official14@demo.example.org", "home/voivodeship.html"),
        ("official12@demo.example.org", "home/voivodeship.html"),
        ("manager.cis1@demo.example.org", "home/units.html"),
        ("staff.cis1@demo.example.org", "home/units.html"),
        ("staff.cis2@demo.example.org", "home/units.html"),
        ("staff.kis1@demo.example.org", "home/units.html"),
    ],
)
def test_every_demo_login_logs_in_to_its_home_page(client, email, template):
    run("--password", "demo-login-pass")
    response = client.post(
        "/accounts/login/", {"username": email, "password": "demo-login-pass"}
    )
    assert response.status_code == 302
    assert client.get("/").templates[0].name == template
