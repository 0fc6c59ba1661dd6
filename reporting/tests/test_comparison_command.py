"""`manage.py annual_report --year FIRST --to-year LAST`: the comparison of
years, on the world of test_comparison.py (its docstring has the hand
computation)."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.tests.statistics_factories import build_years_world

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("annual_report", *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def world():
    return build_years_world()


def test_national_json(world):
    data = json.loads(run("--year", "2023", "--to-year", "2025"))
    assert (data["from_year"], data["to_year"], data["years"]) == (
        2023,
        2025,
        [2023, 2024, 2025],
    )
    assert data["scope"] == "national"
    cis = data["cis"]
    assert cis["participants"] == {
        "values": {"2023": 2, "2024": 3, "2025": 4},
        "change": 2,
        "change_percent": 100.0,
    }
    assert cis["exits"] == {
        "values": {"2023": 0, "2024": 1, "2025": 1},
        "change": 1,
        "change_percent": None,
    }
    homeless = cis["participants_by_primary_ground"]["homeless"]
    assert homeless["count"]["values"] == {"2023": 1, "2024": 2, "2025": 2}
    # Shares change in percentage points, without a change in percent.
    assert homeless["percent"] == {
        "values": {"2023": 50.0, "2024": 66.7, "2025": 50.0},
        "change": 0.0,
    }
    # No exits in 2023: no share that year, and no change from it.
    assert cis["outcomes_at_exit"]["supported_employment"]["percent"] == {
        "values": {"2023": None, "2024": 0.0, "2025": 100.0},
        "change": None,
    }
    assert cis["finance_total"] == {
        "values": {"2023": "1000.00", "2024": "0.00", "2025": "2000.50"},
        "change": "1000.50",
        "change_percent": 100.1,
    }
    assert data["kis"]["active_units"]["values"] == {"2023": 1, "2024": 0, "2025": 1}
    assert data["suppression"] == {"applied": False, "threshold": None}


def test_voivodeship_json_is_suppressed(world):
    data = json.loads(
        run("--year", "2023", "--to-year", "2025", "--voivodeship", "mazowieckie")
    )
    assert data["voivodeship"] == {"teryt": "14", "name": "mazowieckie"}
    assert data["cis"]["participants"] == {
        "values": {"2023": "<3", "2024": 3, "2025": 4},
        "change": None,
        "change_percent": None,
    }
    assert data["suppression"] == {"applied": True, "threshold": 3}


def test_csv_xlsx_and_pdf(world, tmp_path):
    out = run("--year", "2023", "--to-year", "2025", "--format", "csv")
    lines = list(csv.reader(io.StringIO(out)))
    assert lines[0] == ["table", "row", "row_label", "column", "value"]
    assert lines[1][:2] == ["units", "cis_active"]
    figures = {(r[0], r[1], r[3]): r[4] for r in lines[1:]}
    assert figures["participants", "cis_participants", "2024"] == "3"
    assert figures["participants", "cis_participants", "change_percent"] == "100.0"
    assert figures["finance", "total", "change"] == "800.50"
    xlsx = tmp_path / "c.xlsx"
    run(
        "--year", "2023", "--to-year", "2025", "--format", "xlsx", "--output", str(xlsx)
    )
    book = load_workbook(xlsx)
    assert "primary_ground_cis_percent" in book.sheetnames
    pdf = tmp_path / "c.pdf"
    run("--year", "2023", "--to-year", "2025", "--format", "pdf", "--output", str(pdf))
    assert "2023–2025" in PdfReader(pdf).pages[0].extract_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2025", "--to-year", "2023"], "--to-year (2023) must be later"),
        (["--year", "2025", "--to-year", "2025"], "--to-year (2025) must be later"),
        (
            ["--year", "2010", "--to-year", "2025"],
            "--year 2010 to --to-year 2025 is 16 years; compare 2 to 10 years.",
        ),
        (["--year", "2023", "--to-year", "2099"], "--to-year must be a year from 2004"),
        (["--year", "2023", "--to-year", "abc"], "--to-year must be a year from 2004"),
        (["--year", "1999", "--to-year", "2003"], "--year must be a year from 2004"),
        (["--year", "²", "--to-year", "2025"], "--year must be a year from 2004"),
        (
            ["--year", "2023", "--to-year", "2025", "--voivodeship", "99"],
            "Unknown voivodeship '99'",
        ),
        (
            ["--year", "2023", "--to-year", "2025", "--format", "pdf"],
            "--format pdf needs --output",
        ),
    ],
)
def test_bad_input_is_a_command_error(args, message):
    with pytest.raises(
        CommandError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        run(*args)


def test_bad_input_from_the_command_line_exits_non_zero(capsys):
    """Run as from a shell: a message on standard error, exit status 1, no
    traceback."""
    utility = ManagementUtility(
        ["manage.py", "annual_report", "--year", "2025", "--to-year", "2023"]
    )
    with pytest.raises(SystemExit) as exit_status:
        utility.execute()
    assert exit_status.value.code == 1
    err = capsys.readouterr().err
    assert "CommandError: --to-year (2023) must be later than --year (2025)." in err
    assert "Traceback" not in err
