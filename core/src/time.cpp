#include "xiangke/core/time.h"

#include <chrono>
#include <cstdio>

namespace xiangke::core {
namespace {

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

struct ShanghaiTime {
    CivilDate date;
    int hour;
    int minute;
};

ShanghaiTime to_shanghai(int64_t utc_ms) {
    int64_t local_ms = utc_ms + kShanghaiOffsetMs;
    int64_t days = floor_div(local_ms, kDayMs);
    int64_t ms_of_day = local_ms - days * kDayMs;
    return {civil_from_days(days), static_cast<int>(ms_of_day / kHourMs),
            static_cast<int>(ms_of_day % kHourMs / kMinuteMs)};
}

}  // namespace

int64_t system_now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t days_from_civil(CivilDate date) {
    int64_t y = date.year - (date.month <= 2 ? 1 : 0);
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t mp = (date.month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(int64_t days) {
    days += 719468;
    int64_t era = floor_div(days, 146097);
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
    return {year, month, day};
}

std::string format_shanghai_date(int64_t utc_ms) {
    auto t = to_shanghai(utc_ms);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.date.year, t.date.month, t.date.day);
    return buf;
}

std::string format_shanghai_datetime(int64_t utc_ms) {
    auto t = to_shanghai(utc_ms);
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", t.date.year, t.date.month, t.date.day,
                  t.hour, t.minute);
    return buf;
}

std::string format_shanghai_short_chinese(int64_t utc_ms) {
    auto t = to_shanghai(utc_ms);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d月%d日 %02d:%02d", t.date.month, t.date.day, t.hour, t.minute);
    return buf;
}

Result<int64_t> parse_shanghai_date(std::string_view text, std::string_view field) {
    auto bad = [&] { return field_error(std::string(field), "expected a date YYYY-MM-DD"); };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return bad();
    }
    int parts[3] = {0, 0, 0};
    size_t starts[3] = {0, 5, 8};
    size_t lengths[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p) {
        for (size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
            if (text[i] < '0' || text[i] > '9') {
                return bad();
            }
            parts[p] = parts[p] * 10 + (text[i] - '0');
        }
    }
    if (parts[0] < 1970 || parts[1] < 1 || parts[1] > 12 || parts[2] < 1 ||
        parts[2] > days_in_month(parts[0], parts[1])) {
        return bad();
    }
    return days_from_civil({parts[0], parts[1], parts[2]}) * kDayMs - kShanghaiOffsetMs;
}

}  // namespace xiangke::core
