"""`manage.py annual_report` (DESIGN section 5), on the world of
test_statistics.py (its docstring has the hand computation)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.tests.statistics_factories import build_world

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("annual_report", *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def world():
    return build_world()


def test_national_json_to_stdout(world):
    data = json.loads(run("--year", "2025"))
    assert data["year"] == 2025
    assert data["scope"] == "national"
    cis, kis = data["cis"], data["kis"]
    assert cis["active_units"] == 1
    assert cis["units_by_founder_group"] == {"local_government": 0, "social_economy": 1}
    assert kis["units_by_founder_group"] == {"local_government": 1, "social_economy": 0}
    # X (latest: long-term unemployed), Y (refugee), V (alcohol): 3 persons,
    # 1 of 3 = 33.3% each; every ground listed, zeros where none.
    assert cis["participants"] == 3
    grounds = cis["participants_by_primary_ground"]
    assert grounds["long_term_unemployed"] == {"count": 1, "percent": 33.3}
    assert grounds["refugee"] == {"count": 1, "percent": 33.3}
    assert grounds["alcohol_addiction"] == {"count": 1, "percent": 33.3}
    assert grounds["homeless"] == {"count": 0, "percent": 0.0}
    assert len(grounds) == 9
    assert kis["participants"] == 1
    assert kis["participants_by_primary_ground"]["mental_illness"] == {
        "count": 1,
        "percent": 100.0,
    }
    assert set(kis["participants_by_primary_ground"]) == set(grounds)
    # More keys, with their meanings in docs/reporting.md.
    assert cis["admissions"] == 2
    assert cis["exits"] == 2
    assert cis["average_length_days"] == 228.5
    assert cis["units_closed"] == 1
    assert kis["units_opened"] == 1
    assert cis["finance"]["local_government"] == "1000.50"
    assert cis["finance_total"] == "1210.75"
    assert cis["follow_up_outcomes"]["3"]["open_market"] == 1
    assert data["suppression"] == {"applied": False, "threshold": None}


@pytest.mark.parametrize("code", ["14", "mazowieckie", "Mazowieckie"])
def test_voivodeship_json_is_suppressed(world, code):
    data = json.loads(run("--year", "2025", "--voivodeship", code))
    assert data["scope"] == "mazowieckie"
    assert data["voivodeship"] == {"teryt": "14", "name": "mazowieckie"}
    cis = data["cis"]
    assert cis["participants"] == 3
    assert cis["participants_by_primary_ground"]["refugee"] == {
        "count": "<3",
        "percent": None,
    }
    assert cis["participants_by_primary_ground"]["homeless"] == {
        "count": 0,
        "percent": 0.0,
    }
    assert cis["admissions"] == "<3"
    assert data["kis"]["participants"] == 0
    assert data["suppression"] == {"applied": True, "threshold": 3}


def test_csv_to_stdout_one_figure_a_line(world):
    lines = run("--year", "2025", "--format", "csv").splitlines()
    assert lines[0] == "table,row,row_label,column,value"
    assert any(
        line.startswith("participants_by_primary_ground,refugee,")
        and line.endswith(",cis,1")
        for line in lines
    )
    assert any(
        line.startswith("participants_by_primary_ground,total,")
        and line.endswith(",cis,3")
        for line in lines
    )


def test_xlsx_and_pdf_to_files(world, tmp_path):
    xlsx = tmp_path / "r.xlsx"
    run("--year", "2025", "--format", "xlsx", "--output", str(xlsx))
    book = load_workbook(xlsx)
    assert "participants_by_primary_ground" in book.sheetnames
    sheet = book["participants_by_primary_ground"]
    totals = [row for row in sheet.iter_rows(values_only=True) if row[0] == "total"]
    assert totals[0][2] == 3
    pdf = tmp_path / "r.pdf"
    run("--year", "2025", "--format", "pdf", "--output", str(pdf), "-v", "0")
    text = PdfReader(pdf).pages[0].extract_text()
    assert "2025" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "abc"], "--year must be a year from 2004"),
        (["--year", "1999"], "--year must be a year from 2004"),
        (["--year", "2025", "--voivodeship", "99"], "Unknown voivodeship '99'"),
        (["--year", "2025", "--voivodeship", "Atlantyda"], "Unknown voivodeship"),
        (["--year", "2025", "--format", "doc"], "--format must be one of"),
        (["--year", "2025", "--format", "pdf"], "--format pdf needs --output"),
        (["--year", "2025", "--format", "xlsx"], "--format xlsx needs --output"),
        (
            ["--year", "2025", "--output", "/nonexistent-folder/x.json"],
            "The folder of /nonexistent-folder/x.json does not exist.",
        ),
    ],
)
def test_bad_input_is_a_command_error(args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        run(*args)


def test_year_is_required():
    with pytest.raises(CommandError, match="--year"):
        run()
