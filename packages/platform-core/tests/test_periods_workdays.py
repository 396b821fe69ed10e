"""Periods in Asia/Shanghai and the working-day calendar with holidays and make-up workdays."""

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from platform_core.periods import SHANGHAI, parse_period, yoy_percent
from platform_core.problems import ProblemError
from platform_core.settings import SHIPPED_REFERENCE_DIR
from platform_core.workdays import load_calendar

REF = SHIPPED_REFERENCE_DIR


def test_parse_kinds_and_bounds():
    q = parse_period("2021-Q3")
    assert (q.first_day, q.end_day) == (date(2021, 7, 1), date(2021, 10, 1))
    assert q.start == datetime(2021, 7, 1, tzinfo=SHANGHAI)
    assert parse_period("2021-12").end_day == date(2022, 1, 1)
    ytd = parse_period("2021-07-YTD")
    assert (ytd.first_day, ytd.last_day) == (date(2021, 1, 1), date(2021, 7, 31))
    custom = parse_period("2021-03-01..2021-06-30")
    assert custom.end_day == date(2021, 7, 1)


def test_instants_are_judged_in_shanghai():
    jan = parse_period("2022-01")
    # 2021-12-31T16:30Z is 00:30 on 1 January in Shanghai.
    assert jan.contains(datetime.fromisoformat("2021-12-31T16:30:00+00:00"))
    assert not jan.contains(datetime.fromisoformat("2021-12-31T15:59:59+00:00"))


def test_comparisons_cross_year_boundaries():
    assert parse_period("2022-01").previous().label == "2021年12月"
    assert parse_period("2022-Q1").previous().first_day == date(2021, 10, 1)
    leap = parse_period("2024-02-29..2024-02-29").same_period_last_year()
    assert leap.first_day == date(2023, 2, 28)
    assert parse_period("2021").same_period_last_year().first_day == date(2020, 1, 1)


@pytest.mark.parametrize("bad", ["2021-13", "2021-Q5", "21", "2021-06-30..2021-03-01", "yesterday"])
def test_bad_periods_name_the_field(bad):
    with pytest.raises(ProblemError) as exc:
        parse_period(bad)
    assert exc.value.errors[0]["field"] == "period"


def test_yoy():
    assert yoy_percent(15, 5) == 200.0
    assert yoy_percent(66006, 61977) == 6.5
    assert yoy_percent(3, 0) is None


def test_calendar_holidays_and_make_up_days():
    cal = load_calendar(REF)
    assert not cal.is_workday(date(2021, 10, 1))  # National Day
    assert cal.is_workday(date(2021, 9, 26))  # Sunday make-up workday
    assert cal.is_workday(date(2021, 10, 9))  # Saturday make-up workday
    assert not cal.is_workday(date(2021, 10, 10))  # ordinary Sunday


def test_add_workdays_skips_the_golden_week():
    cal = load_calendar(REF)
    start = datetime(2021, 9, 30, 10, 0, tzinfo=SHANGHAI)
    # 1-7 October are off; 8 October (Friday) is the first workday after.
    assert cal.add_workdays(start, 1) == datetime(2021, 10, 8, 10, 0, tzinfo=SHANGHAI)
    assert cal.add_workdays(start, 2) == datetime(2021, 10, 9, 10, 0, tzinfo=SHANGHAI)


def test_working_time_between_counts_only_working_days():
    cal = load_calendar(REF)
    # Thursday 30 September 18:00 to Saturday 9 October (a make-up workday) 10:00: the rest of the 30th (6 h),
    # Friday the 8th (24 h) and the morning of the 9th (10 h); the Golden Week counts nothing.
    start = datetime(2021, 9, 30, 18, 0, tzinfo=SHANGHAI)
    end = datetime(2021, 10, 9, 10, 0, tzinfo=SHANGHAI)
    assert cal.working_time_between(start, end) == timedelta(hours=40)
    assert cal.working_time_between(end, start) == timedelta(0)
    # A pause wholly inside a weekend costs no working time.
    assert cal.working_time_between(
        datetime(2021, 10, 16, 9, 0, tzinfo=SHANGHAI), datetime(2021, 10, 17, 20, 0, tzinfo=SHANGHAI)
    ) == timedelta(0)


def test_add_working_time_skips_days_off():
    cal = load_calendar(REF)
    start = datetime(2021, 9, 30, 18, 0, tzinfo=SHANGHAI)
    # 6 hours finish the 30th; the next 2 land on the 8th after the holiday.
    assert cal.add_working_time(start, timedelta(hours=8)) == datetime(2021, 10, 8, 2, 0, tzinfo=SHANGHAI)
    assert cal.add_working_time(start, timedelta(0)) == start
    end = cal.add_working_time(start, timedelta(hours=40))
    assert cal.working_time_between(start, end) == timedelta(hours=40)


def test_the_shipped_calendar_agrees_with_the_chinese_calendar_package():
    """Every day of every year both know: the same holidays and make-up workdays as `chinese-calendar`."""
    import chinese_calendar

    from platform_core.workdays import read_calendar

    cal = read_calendar(REF / "holidays-cn")
    assert cal.years == set(range(2020, 2028))
    known = {d.year for d in chinese_calendar.constants.holidays}
    checked = 0
    for year in sorted(cal.years & known):
        day = date(year, 1, 1)
        while day.year == year:
            assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
            day = date.fromordinal(day.toordinal() + 1)
            checked += 1
    assert checked >= 6 * 365  # 2020-2026 at least


def test_reference_data_ships_inside_the_package():
    """A clone or an installed wheel finds the data without anything beside it."""
    from platform_core.settings import CommonSettings

    settings = CommonSettings()
    assert settings.reference_data_dir == REF
    assert REF.is_relative_to(Path(__file__).resolve().parents[1] / "src" / "platform_core")
    assert (REF / "gb2260-mca-201904.tsv").is_file()
