"""A person referred by the labour office goes through a centre: a staff
member registers them in the stepped intake form, admits them (the trial
period starts) and records their programme; the manager records the exit and
the check three months later — through the real pages, in Polish."""

import datetime
import re

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import Locator, Page, expect

from participants.tests.factories import make_pesel
from tests.e2e.a11y import check_accessibility
from tests.e2e.journeys import log_in
from units.deadlines import add_months

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

GROUND = "długotrwale bezrobotni (art. 1 ust. 2 pkt 5 ustawy o zatrudnieniu socjalnym)"
PUP = "powiatowy urząd pracy (PUP)"
OPEN_MARKET = "zatrudnienie na otwartym rynku pracy"
EMPLOYER = "Piekarnia Kłos sp. z o.o."


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """The programme and the certificate PDFs are rendered at once; they go
    to a temporary directory, not the project's media."""
    settings.MEDIA_ROOT = tmp_path


def shown(day: datetime.date) -> str:
    """A date as the Polish pages print it (DATE_FORMAT, e.g. 5 marca 2026)."""
    with translation.override("pl"):
        return formats.date_format(day, "DATE_FORMAT")


def label(text: str) -> re.Pattern:
    """A field's label exactly, with or without the mark of a required one."""
    return re.compile(rf"^{re.escape(text)}( \*)?$")


def action_form(page: Page, title: str | re.Pattern) -> Locator:
    """The card of one action of the participation page, by its heading."""
    return page.locator("form").filter(
        has=page.get_by_role("heading", level=3, name=title)
    )


def date_keys(page: Page, day: datetime.date) -> str:
    """The digits that type `day` into a date field. Chromium orders the
    field's segments by its own locale, not the page's (month first in a
    browser started in English), so the order is probed on a field of its own
    first."""
    page.evaluate(
        """() => {
            const probe = document.createElement("input");
            probe.type = "date";
            probe.id = "date-order-probe";
            document.body.append(probe);
        }"""
    )
    probe = page.locator("#date-order-probe")
    probe.focus()
    page.keyboard.type("01022003")
    order = {"2003-02-01": "%d%m%Y", "2003-01-02": "%m%d%Y"}[probe.input_value()]
    probe.evaluate("probe => probe.remove()")
    return day.strftime(order)


def tab_to(page: Page, target: Locator, most: int = 4) -> None:
    """Press Tab until `target` has the focus (a date field's calendar button
    takes a Tab of its own)."""
    for _press in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            break
    expect(target).to_be_focused()


def expect_step(page: Page, number: int, title: str) -> None:
    expect(page.locator("#wizard-progress")).to_have_text(f"Krok {number} z 4")
    expect(page.get_by_role("heading", level=2)).to_have_text(title)


def test_staff_registers_admits_and_the_manager_ends_the_participation(
    page: Page, live_server, new_context, staff_a, manager_a
):
    today = timezone.localdate()
    iso = today.isoformat()
    pesel = make_pesel(datetime.date(1985, 3, 14), "F", 7)
    base = live_server.url

    # --- staff: the intake form ------------------------------------------
    log_in(page, base, staff_a)
    page.get_by_role("navigation", name="Menu główne").get_by_role(
        "link", name="Uczestnicy"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uczestnicy")
    check_accessibility(page, "participants")
    page.get_by_role("link", name="Nowy uczestnik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rejestracja uczestnika i skierowania"
    )
    expect(page.get_by_text("Jednostka: CIS A")).to_be_visible()

    expect_step(page, 1, "Osoba")
    check_accessibility(page, "intake-person")
    page.get_by_label(label("PESEL")).fill(pesel)
    page.get_by_label(label("Imię")).fill("Anna")
    page.get_by_label(label("Nazwisko")).fill("Kowalska")
    page.get_by_role("button", name="Dalej").click()

    expect_step(page, 2, "Skierowanie")
    check_accessibility(page, "intake-referral")
    page.get_by_label(label("Wnioskodawca")).select_option(label=PUP)
    page.get_by_label(label("Skierowanie wydane przez")).select_option(label=PUP)
    page.get_by_label("Nazwa jednostki wydającej skierowanie").fill("PUP w Płocku")
    page.get_by_label("Numer skierowania").fill("PUP/2026/117")
    page.get_by_label("Data skierowania").fill(iso)
    page.get_by_role("button", name="Dalej").click()

    expect_step(page, 3, "Przesłanki wykluczenia społecznego")
    check_accessibility(page, "intake-grounds")
    page.get_by_label(label("Przesłanka główna")).select_option(label=GROUND)
    page.get_by_label("Dokument potwierdzający przesłankę główną").select_option(
        label="zaświadczenie urzędu pracy"
    )
    page.get_by_label("Data dokumentu").fill(iso)
    page.get_by_label("Wystawca dokumentu").fill("PUP w Płocku")
    page.get_by_role("button", name="Dalej").click()

    expect_step(page, 4, "Klauzula informacyjna i podsumowanie")
    check_accessibility(page, "intake-summary")
    summary = page.get_by_role("region", name="Sprawdź dane przed rejestracją")
    expect(summary).to_contain_text("Kowalska")
    expect(summary).to_contain_text(pesel)
    expect(summary).to_contain_text(PUP)
    expect(summary).to_contain_text("długotrwale bezrobotni")
    expect(page.get_by_label("Data przekazania klauzuli informacyjnej")).to_have_value(
        iso
    )
    page.get_by_label("Osoba otrzymała informację o przetwarzaniu jej danych").check()
    page.get_by_role("button", name="Zarejestruj uczestnika").click()

    # --- staff: the participation page, admission with the keyboard -------
    expect(page.get_by_role("heading", level=1)).to_have_text("Kowalska Anna")
    expect(
        page.get_by_text("Zarejestrowano osobę Kowalska Anna i odnotowano skierowanie.")
    ).to_be_visible()
    status = page.locator("h1 + p")
    expect(status).to_contain_text("stan: po skierowaniu, przed przyjęciem")
    expect(status).to_contain_text("etap: po skierowaniu")
    expect(page.get_by_text("Sprawdzenie nie wykazało problemów.")).to_be_visible()
    grounds = page.get_by_role("region", name="Przesłanki wykluczenia społecznego")
    expect(grounds.get_by_role("row")).to_have_count(2)
    ground_cells = grounds.get_by_role("row").nth(1).get_by_role("cell")
    expect(ground_cells.nth(0)).to_contain_text(GROUND)
    expect(ground_cells.nth(0)).to_contain_text("podstawowa")
    expect(ground_cells.nth(1)).to_have_text("zaświadczenie urzędu pracy")
    expect(ground_cells.nth(2)).to_have_text(shown(today))
    expect(ground_cells.nth(3)).to_have_text("PUP w Płocku")
    check_accessibility(page, "participation-registered")

    # The admission with the keyboard only: the date is cleared and typed
    # again segment by segment, Tab leads to the button, Enter sends.
    admit = action_form(page, "Przyjmij osobę")
    admitted_on = admit.get_by_label("Data przyjęcia")
    expect(admitted_on).to_have_value(iso)
    keys = date_keys(page, today)
    admitted_on.focus()
    for key in ("Backspace", "Tab", "Backspace", "Tab", "Backspace"):
        page.keyboard.press(key)
    expect(admitted_on).to_have_value("")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type(keys)
    expect(admitted_on).to_have_value(iso)
    admit_button = admit.get_by_role("button", name="Przyjmij")
    tab_to(page, admit_button)
    page.keyboard.press("Enter")

    # Art. 15: a trial period of one month, its last day the day before.
    trial_ends = add_months(today, 1) - datetime.timedelta(days=1)
    expect(page.get_by_text("Osoba została przyjęta.")).to_be_visible()
    expect(status).to_contain_text("stan: w trakcie uczestnictwa")
    expect(status).to_contain_text("etap: w okresie próbnym")
    expect(status).to_contain_text(
        f"okres próbny od {shown(today)} do {shown(trial_ends)}"
    )
    expect(page.locator("dt:text-is('Okres próbny') + dd")).to_have_text(
        f"od {shown(today)} do {shown(trial_ends)}"
    )
    expect(page.locator("dt:text-is('Koniec okresu próbnego') + dd")).to_have_text(
        shown(trial_ends)
    )
    check_accessibility(page, "participation-admitted")

    # --- staff: the first version of the IPZS -----------------------------
    programme = action_form(page, "Odnotuj program")
    expect(programme.get_by_label("Rodzaj zmiany")).to_have_value("initial")
    expect(programme.get_by_label("Rodzaj programu")).to_have_value("ipzs")
    expect(programme.get_by_label("Data rozpoczęcia")).to_have_value(iso)
    programme.get_by_label(label("Cele")).fill(
        "Powrót na rynek pracy w zawodzie piekarza."
    )
    programme.get_by_label("Liczba godzin tygodniowo").fill("35")
    programme.get_by_role("button", name="Zapisz wersję").click()

    expect(page.get_by_text("Wersja programu została zapisana.")).to_be_visible()
    versions = page.get_by_role("region", name="Indywidualny program")
    expect(versions.get_by_role("row")).to_have_count(2)
    version_row = versions.get_by_role("row").nth(1)
    expect(version_row.get_by_role("cell").nth(0)).to_have_text("wersja 1")
    expect(version_row.get_by_role("cell").nth(1)).to_have_text("pierwsza wersja")
    expect(version_row.get_by_role("cell").nth(2)).to_have_text(
        "indywidualny program zatrudnienia socjalnego (IPZS)"
    )
    expect(version_row.get_by_role("cell").nth(4)).to_have_text("35")
    expect(version_row.get_by_role("cell").nth(5)).to_have_text("niepodpisany")
    check_accessibility(page, "participation-programme")
    participation_url = page.url

    # --- the manager, in a browser of their own: the exit -----------------
    manager_page = new_context().new_page()
    log_in(manager_page, base, manager_a)
    manager_page.goto(participation_url)
    expect(manager_page.get_by_role("heading", level=1)).to_have_text("Kowalska Anna")
    check_accessibility(manager_page, "manager-participation")
    exit_form = action_form(manager_page, "Zakończ uczestnictwo")
    exit_form.get_by_label("Data zakończenia uczestnictwa").fill(iso)
    exit_form.get_by_label("Przyczyna zakończenia uczestnictwa").select_option(
        label="ukończenie programu"
    )
    exit_form.get_by_label("Sytuacja w chwili zakończenia uczestnictwa").select_option(
        label=OPEN_MARKET
    )
    exit_form.get_by_label("Uwagi").fill("Umowa o pracę w piekarni.")
    exit_form.get_by_label("Potwierdzam zakończenie uczestnictwa.").check()
    exit_form.get_by_role("button", name="Odnotuj zakończenie uczestnictwa").click()

    expect(
        manager_page.get_by_text("Zakończenie uczestnictwa zostało odnotowane.")
    ).to_be_visible()
    manager_status = manager_page.locator("h1 + p")
    expect(manager_status).to_contain_text("stan: po zakończeniu uczestnictwa")
    expect(manager_status).to_contain_text("etap: po zakończeniu uczestnictwa")
    exit_section = manager_page.get_by_role(
        "region", name="Zakończenie uczestnictwa", exact=True
    )
    expect(exit_section).to_contain_text("ukończenie programu")
    expect(exit_section).to_contain_text(OPEN_MARKET)
    checks = manager_page.get_by_role(
        "region", name="Sprawdzenia sytuacji po zakończeniu uczestnictwa"
    )
    expect(checks.get_by_role("row")).to_have_count(3)
    check_3 = checks.get_by_role("row").filter(has_text="3 mies.")
    expect(check_3).to_contain_text(
        "sprawdzenie sytuacji 3 mies. po zakończeniu uczestnictwa"
    )
    expect(check_3).to_contain_text(shown(add_months(today, 3)))
    expect(check_3).to_contain_text("jeszcze nie")
    check_accessibility(manager_page, "manager-participation-ended")

    # --- the manager: the check three months after the exit ---------------
    follow_up = action_form(
        manager_page,
        "Odnotuj: sprawdzenie sytuacji 3 mies. po zakończeniu uczestnictwa "
        f"(termin: {shown(add_months(today, 3))})",
    )
    follow_up.get_by_label("Data sprawdzenia").fill(iso)
    follow_up.get_by_label(label("Sytuacja")).select_option(label=OPEN_MARKET)
    follow_up.get_by_label("Pracodawca").fill(EMPLOYER)
    follow_up.get_by_label("Zatrudnienie od").fill(iso)
    follow_up.get_by_role("button", name="Zapisz sprawdzenie").click()

    expect(
        manager_page.get_by_text("Sprawdzenie sytuacji zostało odnotowane.")
    ).to_be_visible()
    expect(check_3).to_contain_text(f"tak, {shown(today)}")
    expect(check_3).to_contain_text(OPEN_MARKET)
    expect(check_3).to_contain_text(EMPLOYER)
    check_6 = checks.get_by_role("row").filter(has_text="6 mies.")
    expect(check_6).to_contain_text("jeszcze nie")
    expect(action_form(manager_page, re.compile(r"3 mies\."))).to_have_count(0)
    expect(action_form(manager_page, re.compile(r"6 mies\."))).to_have_count(1)
    check_accessibility(manager_page, "manager-follow-up")
