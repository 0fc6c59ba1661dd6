"""The return of unused subsidies after a loss of status (art. 6 ust. 3 of
the Act: in proportion to the subsidy each body granted): worked examples of
the shares, the service's rules and the pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from units.constants import GrantorKind
from units.models import SubsidyReturn
from units.services import decision_record_existing
from units.services.subsidies import Subsidy, subsidy_return_record
from units.subsidies import SubsidyError, proportional_returns
from units.tests.factories import UnitFactory, voivodeship

D = datetime.date
P = Decimal


@pytest.mark.parametrize(
    ("unused", "granted", "expected"),
    [
        # 60% and 40% of the subsidies: the same shares of the unused money.
        ("10000.00", ["60000.00", "40000.00"], ["6000.00", "4000.00"]),
        # Three equal grants of 100 zł: 33,333… each; the grosz left over
        # goes to the first row (equal remainders, equal grants).
        ("100.00", ["1000.00", "1000.00", "1000.00"], ["33.34", "33.33", "33.33"]),
        # The largest remainder gets the grosz: 0,05 × 2/3 = 0,0333… and
        # 0,05 × 1/3 = 0,0166…; cut down 0,03 + 0,01, the grosz to the second.
        ("0.05", ["200.00", "100.00"], ["0.03", "0.02"]),
        # Nothing unused, nothing returned; all unused, every subsidy back.
        ("0.00", ["500.00", "250.00"], ["0.00", "0.00"]),
        ("750.00", ["500.00", "250.00"], ["500.00", "250.00"]),
        # A gmina's 12 345,67 zł and a powiat's 2 000 zł, 1 234,56 zł unused:
        # 1 062,4439… and 172,1160…, cut down 1 062,44 + 172,11 = 1 234,55;
        # the grosz left goes to the larger remainder (0,0060 > 0,0039).
        ("1234.56", ["12345.67", "2000.00"], ["1062.44", "172.12"]),
    ],
)
def test_worked_examples(unused, granted, expected):
    shares = proportional_returns(P(unused), [P(g) for g in granted])
    assert shares == [P(e) for e in expected]
    assert sum(shares) == P(unused)


@pytest.mark.parametrize(
    ("unused", "granted", "code"),
    [
        ("10.00", [], "no_subsidies"),
        ("10.00", ["0.00"], "subsidy_not_positive"),
        ("-1.00", ["10.00"], "unused_negative"),
        ("10.01", ["10.00"], "unused_above_granted"),
    ],
)
def test_amounts_that_give_no_return(unused, granted, code):
    with pytest.raises(SubsidyError) as error:
        proportional_returns(P(unused), [P(g) for g in granted])
    assert error.value.code == code


@pytest.fixture
def loss(unit_a):
    return decision_record_existing(
        unit=unit_a,
        kind="loss",
        number="WPS-II.9421.5.2026",
        issued_on=D(2026, 6, 1),
        loss_ground="founder_request",
    )


GMINA = Subsidy("Gmina Radom", GrantorKind.GMINA, P("60000.00"))
POWIAT = Subsidy("Powiat radomski", GrantorKind.POWIAT, P("40000.00"))


@pytest.mark.django_db
def test_record_then_correct(official_a, loss):
    settlement = subsidy_return_record(
        actor=official_a,
        decision=loss,
        unused_amount=P("10000.00"),
        established_on=D(2026, 6, 30),
        subsidies=[GMINA, POWIAT],
    )
    assert [(line.grantor, line.to_return) for line in settlement.lines.all()] == [
        ("Gmina Radom", P("6000.00")),
        ("Powiat radomski", P("4000.00")),
    ]
    assert [percent for _line, percent in settlement.rows()] == [P("60.00"), P("40.00")]
    corrected = subsidy_return_record(
        actor=official_a,
        decision=loss,
        unused_amount=P("5000.00"),
        established_on=D(2026, 6, 30),
        subsidies=[GMINA],
    )
    assert corrected.pk == settlement.pk
    assert [line.to_return for line in corrected.lines.all()] == [P("5000.00")]
    assert corrected.history.count() == 2
    assert SubsidyReturn.objects.count() == 1


@pytest.mark.django_db
def test_the_rules_of_a_return(official_a, official_other, loss, unit_a):
    base = {"actor": official_a, "decision": loss}
    with pytest.raises(ValidationError) as error:
        subsidy_return_record(
            **base,
            unused_amount=P("200000.00"),
            established_on=D(2026, 5, 31),
            subsidies=[GMINA, Subsidy(" gmina radom ", GrantorKind.GMINA, P("1"))],
        )
    codes = {
        field: {e.code for e in errors}
        for field, errors in error.value.error_dict.items()
    }
    assert codes == {
        "established_on": {"before_decision"},
        "subsidies": {"grantor_twice"},
        "unused_amount": {"unused_above_granted"},
    }
    with pytest.raises(PermissionDenied):
        subsidy_return_record(
            actor=official_other,
            decision=loss,
            unused_amount=P("1.00"),
            established_on=D(2026, 6, 30),
            subsidies=[GMINA],
        )
    grant = decision_record_existing(
        unit=UnitFactory(voivodeship=voivodeship("14")),
        kind="grant",
        number="G/1",
        issued_on=D(2025, 1, 2),
    )
    with pytest.raises(ValidationError) as error:
        subsidy_return_record(
            actor=official_a,
            decision=grant,
            unused_amount=P("1.00"),
            established_on=D(2026, 6, 30),
            subsidies=[GMINA],
        )
    assert error.value.code == "invalid_transition"
    assert not SubsidyReturn.objects.exists()


def _post(client, loss, **extra):
    data = {
        "unused_amount": "10000,00",
        "established_on": "2026-06-30",
        "note": "Według sprawozdania likwidacyjnego.",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "20",
        "lines-0-grantor": "Gmina Radom",
        "lines-0-grantor_kind": "gmina",
        "lines-0-granted": "60000",
        "lines-1-grantor": "Powiat radomski",
        "lines-1-grantor_kind": "powiat",
        "lines-1-granted": "40000",
        "lines-2-grantor": "",
        "lines-2-grantor_kind": "",
        "lines-2-granted": "",
        **extra,
    }
    return client.post(f"/units/decisions/{loss.pk}/subsidy-return/", data)


@pytest.mark.django_db
def test_the_pages(client_for, official_a, analyst, loss):
    client = client_for(official_a)
    page = client.get(f"/units/decisions/{loss.pk}/")
    assert "Zwrot niewykorzystanych dotacji (art. 6 ust. 3)" in page.content.decode()
    assert f'href="/units/decisions/{loss.pk}/subsidy-return/"' in page.content.decode()
    assert client.get(f"/units/decisions/{loss.pk}/subsidy-return/").status_code == 200
    # Too much unused: the error, with everything typed kept.
    response = _post(client, loss, unused_amount="200000,00")
    assert response.status_code == 400
    body = response.content.decode()
    assert "nie może przekraczać" in body
    assert 'value="Powiat radomski"' in body
    response = _post(client, loss)
    assert response.status_code == 302
    assert response.url == f"/units/decisions/{loss.pk}/"
    body = client.get(response.url).content.decode()
    assert "6\xa0000,00" in body  # floatformat "2g": a no-break space per thousand
    assert "Gmina Radom" in body
    # The analyst reads the table but has no link to record it.
    body = client_for(analyst).get(f"/units/decisions/{loss.pk}/").content.decode()
    assert "Powiat radomski" in body
    assert "/subsidy-return/" not in body


@pytest.mark.django_db
def test_a_recorded_grantor_is_removed_and_more_rows_are_offered(
    client_for, official_a, loss
):
    client = client_for(official_a)
    assert _post(client, loss).status_code == 302
    page = client.get(f"/units/decisions/{loss.pk}/subsidy-return/")
    # The two recorded rows, each removable, and three empty ones.
    assert page.context["lines"].total_form_count() == 5
    assert 'name="lines-1-DELETE"' in page.content.decode()
    assert 'name="lines-2-DELETE"' not in page.content.decode()
    assert "?rows=10" in page.content.decode()
    more = client.get(f"/units/decisions/{loss.pk}/subsidy-return/?rows=12")
    assert more.context["lines"].total_form_count() == 12
    response = _post(
        client,
        loss,
        **{
            "lines-INITIAL_FORMS": "2",
            "lines-1-DELETE": "on",
            "unused_amount": "500,00",
        },
    )
    assert response.status_code == 302
    settlement = SubsidyReturn.objects.get()
    assert [(line.grantor, line.to_return) for line in settlement.lines.all()] == [
        ("Gmina Radom", P("500.00"))
    ]
