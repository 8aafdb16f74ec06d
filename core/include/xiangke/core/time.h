#pragma once
// Time: UTC epoch milliseconds on the wire and in storage; Asia/Shanghai (UTC+8, no daylight
// saving since 1991) for everything a person reads.
#include <cstdint>
#include <string>
#include <string_view>

#include "xiangke/core/result.h"

namespace xiangke::core {

inline constexpr int64_t kShanghaiOffsetMs = 8LL * 3600 * 1000;
inline constexpr int64_t kMinuteMs = 60LL * 1000;
inline constexpr int64_t kHourMs = 60 * kMinuteMs;
inline constexpr int64_t kDayMs = 24 * kHourMs;

int64_t system_now_ms();

struct CivilDate {
    int year;
    int month;  // 1..12
    int day;    // 1..31
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
int64_t days_from_civil(CivilDate date);
CivilDate civil_from_days(int64_t days);

// "2026-11-27"
std::string format_shanghai_date(int64_t utc_ms);
// "2026-11-27 13:45"
std::string format_shanghai_datetime(int64_t utc_ms);
// "11月27日 13:45" for kiosk screens.
std::string format_shanghai_short_chinese(int64_t utc_ms);
// Parses "YYYY-MM-DD" (a real calendar date) into the UTC ms at 00:00 Asia/Shanghai.
Result<int64_t> parse_shanghai_date(std::string_view text, std::string_view field = "date");

}  // namespace xiangke::core
