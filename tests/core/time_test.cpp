#include "xiangke/core/time.h"

#include <gtest/gtest.h>

using namespace xiangke::core;

TEST(Time, CivilRoundTrip) {
    EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
    EXPECT_EQ(days_from_civil({2000, 3, 1}), 11017);
    for (int64_t d = -1000; d < 40000; d += 37) {
        auto c = civil_from_days(d);
        EXPECT_EQ(days_from_civil(c), d);
    }
}

TEST(Time, FormatsInShanghaiTime) {
    // 2026-11-27 00:30 UTC is 08:30 in Shanghai.
    int64_t ms = (days_from_civil({2026, 11, 27}) * 24 * 60 + 30) * 60 * 1000;
    EXPECT_EQ(format_shanghai_datetime(ms), "2026-11-27 08:30");
    EXPECT_EQ(format_shanghai_date(ms), "2026-11-27");
    EXPECT_EQ(format_shanghai_short_chinese(ms), "11月27日 08:30");
    // 16:00 UTC is already the next day in Shanghai.
    int64_t late = days_from_civil({2026, 12, 31}) * kDayMs + 16 * kHourMs;
    EXPECT_EQ(format_shanghai_date(late), "2027-01-01");
}

TEST(Time, ParsesShanghaiDates) {
    auto start = parse_shanghai_date("2026-11-27");
    ASSERT_TRUE(start.ok());
    EXPECT_EQ(format_shanghai_datetime(*start), "2026-11-27 00:00");
    EXPECT_EQ(*start % kDayMs, 16 * kHourMs);  // 00:00 UTC+8 is 16:00 UTC the day before
    EXPECT_TRUE(parse_shanghai_date("2024-02-29").ok());
}

TEST(Time, RejectsBadDates) {
    for (const char* bad : {"2023-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "20261127", "2026/11/27",
                            "abcd-ef-gh", "", "1969-12-31", "2026-04-31"}) {
        auto r = parse_shanghai_date(bad, "from");
        EXPECT_FALSE(r.ok()) << bad;
        if (!r.ok()) {
            EXPECT_EQ(r.error().field, "from");
        }
    }
}
