#include "input/handwriting.h"

#include <gtest/gtest.h>
#include <zinnia.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <thread>

#include "ink_fixtures.h"
#include "input/gb2312.h"
#include "support/backend_process.h"

namespace input = xiangke::kiosk::input;
namespace ink = xiangke::test::ink;
using input::HandwritingRecognizer;

namespace {

std::unique_ptr<HandwritingRecognizer> open_default() {
    auto opened = HandwritingRecognizer::open();
    if (!opened.ok()) {
        ADD_FAILURE() << opened.error().message;
        return nullptr;
    }
    return std::move(opened).value();
}

std::vector<std::string> texts(const std::vector<input::HandwritingCandidate>& candidates) {
    std::vector<std::string> out;
    for (const auto& c : candidates) {
        out.push_back(c.text);
    }
    return out;
}

std::string joined(const std::vector<std::string>& list) {
    std::string out;
    for (const auto& s : list) {
        out += s + " ";
    }
    return out;
}

class HandwritingFixture : public ::testing::TestWithParam<ink::Fixture> {};

}  // namespace

TEST(Handwriting, OpensTheTegakiModelWithEveryGb2312Hanzi) {
    auto recognizer = open_default();
    ASSERT_TRUE(recognizer);
    EXPECT_EQ(recognizer->character_count(), static_cast<size_t>(input::kGb2312HanziCount));
}

TEST_P(HandwritingFixture, IntendedCharacterIsAmongTheCandidates) {
    auto recognizer = open_default();
    ASSERT_TRUE(recognizer);
    const auto& fixture = GetParam();
    auto result = recognizer->recognize(fixture.ink);
    ASSERT_TRUE(result.ok()) << result.error().message;
    auto list = texts(result.value());
    EXPECT_GE(list.size(), 8u);
    EXPECT_LE(list.size(), 10u);
    EXPECT_NE(std::find(list.begin(), list.end(), fixture.expected), list.end())
        << fixture.expected << " not in: " << joined(list);
}

INSTANTIATE_TEST_SUITE_P(Characters, HandwritingFixture, ::testing::ValuesIn(ink::all()),
                         [](const ::testing::TestParamInfo<ink::Fixture>& fixture_info) {
                             return std::string(fixture_info.param.name);
                         });

// What zinnia itself answers for the ink, on the same grid as the recogniser: the baseline the
// radical handling is measured against.
std::vector<std::string> raw_zinnia(const input::Ink& ink, size_t n) {
    std::unique_ptr<zinnia::Recognizer> recognizer(zinnia::Recognizer::create());
    EXPECT_TRUE(recognizer->open(input::kDefaultHandwritingModel));
    std::unique_ptr<zinnia::Character> character(zinnia::Character::create());
    character->set_width(1000);
    character->set_height(1000);
    for (size_t i = 0; i < ink.strokes.size(); ++i) {
        for (const auto& p : ink.strokes[i]) {
            character->add(i, static_cast<int>(std::lround(p.x * 1000 / ink.pad_width)),
                           static_cast<int>(std::lround(p.y * 1000 / ink.pad_height)));
        }
    }
    std::unique_ptr<zinnia::Result> result(recognizer->classify(*character, n));
    std::vector<std::string> out;
    for (size_t i = 0; result && i < result->size(); ++i) {
        out.emplace_back(result->value(i));
    }
    return out;
}

TEST(Handwriting, EnclosureRadicalComesBackAsKou) {
    // zinnia ranks the radical 囗 above 口 for a drawn box; nobody writing free text means 囗.
    auto raw = raw_zinnia(ink::kou(), 10);
    ASSERT_FALSE(raw.empty());
    ASSERT_EQ(raw.front(), "囗") << "the model changed: " << joined(raw);
    auto recognizer = open_default();
    ASSERT_TRUE(recognizer);
    auto result = recognizer->recognize(ink::kou());
    ASSERT_TRUE(result.ok());
    auto list = texts(result.value());
    ASSERT_FALSE(list.empty());
    EXPECT_EQ(list.front(), "口") << joined(list);
    EXPECT_EQ(std::count(list.begin(), list.end(), "口"), 1);
    EXPECT_EQ(std::find(list.begin(), list.end(), "囗"), list.end());
}

TEST(Handwriting, BareComponentsMoveBehindRealCharacters) {
    // zinnia puts 廾 first for this 大 and 厶 second for this 人: components nobody writes alone.
    auto raw_da = raw_zinnia(ink::da(), 10);
    auto raw_ren = raw_zinnia(ink::ren(), 10);
    ASSERT_GE(raw_ren.size(), 4u);
    ASSERT_EQ(raw_da.front(), "廾") << "the model changed: " << joined(raw_da);
    ASSERT_EQ(raw_ren[1], "厶") << "the model changed: " << joined(raw_ren);
    auto raw_ren_rank = std::find(raw_ren.begin(), raw_ren.end(), "人") - raw_ren.begin();

    auto recognizer = open_default();
    ASSERT_TRUE(recognizer);
    auto da = texts(recognizer->recognize(ink::da()).value());
    auto ren = texts(recognizer->recognize(ink::ren()).value());
    EXPECT_EQ(std::find(da.begin(), da.end(), "廾"), da.end()) << joined(da);
    EXPECT_EQ(std::find(ren.begin(), ren.end(), "厶"), ren.end()) << joined(ren);
    EXPECT_LT(std::find(da.begin(), da.end(), "大") - da.begin(), 2) << joined(da);
    EXPECT_LT(std::find(ren.begin(), ren.end(), "人") - ren.begin(), raw_ren_rank) << joined(ren);
}

TEST(Handwriting, ScoresAreBestFirst) {
    auto recognizer = open_default();
    ASSERT_TRUE(recognizer);
    auto result = recognizer->recognize(ink::shi());
    ASSERT_TRUE(result.ok());
    const auto& list = result.value();
    ASSERT_GE(list.size(), 2u);
    EXPECT_EQ(list.front().text, "十");
    EXPECT_GT(list.front().score, list.back().score);
}

TEST(Handwriting, MaxCandidatesIsRespected) {
    auto recognizer = open_default();
    ASSERT_TRUE(recognizer);
    auto result = recognizer->recognize(ink::da(), 5);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->size(), 5u);
    EXPECT_FALSE(recognizer->recognize(ink::da(), 0).ok());
    EXPECT_FALSE(recognizer->recognize(ink::da(), 51).ok());
}

TEST(Handwriting, SameShapeOnALargerOrWiderPadGivesTheSameCandidates) {
    auto recognizer = open_default();
    ASSERT_TRUE(recognizer);
    input::Ink original = ink::tian();
    // Twice as large, and then centred in a pad half again as wide: only the shape matters.
    input::Ink larger = original;
    larger.pad_width *= 2;
    larger.pad_height *= 2;
    for (auto& stroke : larger.strokes) {
        for (auto& p : stroke) {
            p.x *= 2;
            p.y *= 2;
        }
    }
    input::Ink wider = original;
    wider.pad_width = 450;
    for (auto& stroke : wider.strokes) {
        for (auto& p : stroke) {
            p.x += 75;
        }
    }
    auto a = recognizer->recognize(original);
    auto b = recognizer->recognize(larger);
    auto c = recognizer->recognize(wider);
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    EXPECT_EQ(texts(a.value()), texts(b.value()));
    EXPECT_EQ(texts(a.value()), texts(c.value()));
}

TEST(Handwriting, EveryCandidateIsInTheKeyboardGlyphSet) {
    // The atlas holds GB2312 only; a candidate outside it would render as a box.
    auto set = input::gb2312_set();
    ASSERT_TRUE(set.ok());
    auto recognizer = open_default();
    ASSERT_TRUE(recognizer);
    for (const auto& fixture : ink::all()) {
        auto result = recognizer->recognize(fixture.ink);
        ASSERT_TRUE(result.ok());
        for (const auto& candidate : result.value()) {
            EXPECT_TRUE(set.value()->contains_all(candidate.text)) << candidate.text;
        }
    }
}

TEST(Handwriting, EmptyPadGivesNoCandidatesAndNoError) {
    auto recognizer = open_default();
    ASSERT_TRUE(recognizer);
    input::Ink empty{300, 300, {}};
    auto result = recognizer->recognize(empty);
    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result->empty());
    // Strokes with no points (a touch cancelled by the system) count as nothing.
    input::Ink hollow{300, 300, {{}, {}}};
    auto hollow_result = recognizer->recognize(hollow);
    ASSERT_TRUE(hollow_result.ok());
    EXPECT_TRUE(hollow_result->empty());
}

TEST(Handwriting, TapAndPointsOffThePadStillClassify) {
    auto recognizer = open_default();
    ASSERT_TRUE(recognizer);
    input::Ink tap{300, 300, {{{150, 150}}}};
    auto tapped = recognizer->recognize(tap);
    ASSERT_TRUE(tapped.ok());
    EXPECT_FALSE(tapped->empty());
    // A finger sliding off the pad edge: clamped, and the character is still found.
    input::Ink off = ink::shi();
    off.strokes[0].insert(off.strokes[0].begin(), {-40, 150});
    off.strokes[1].push_back({152, 400});
    auto result = recognizer->recognize(off);
    ASSERT_TRUE(result.ok());
    auto list = texts(result.value());
    EXPECT_NE(std::find(list.begin(), list.end(), "十"), list.end()) << joined(list);
}

TEST(Handwriting, InvalidPadSizeIsAnError) {
    auto recognizer = open_default();
    ASSERT_TRUE(recognizer);
    input::Ink ink = ink::shi();
    ink.pad_width = 0;
    auto result = recognizer->recognize(ink);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, "invalid_ink");
    EXPECT_EQ(result.error().field, "pad_size");
}

TEST(Handwriting, MissingModelIsAClearError) {
    auto opened = HandwritingRecognizer::open("/nonexistent/handwriting-zh_CN.model");
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, "model_missing");
    EXPECT_NE(opened.error().message.find("/nonexistent/handwriting-zh_CN.model"), std::string::npos);
    EXPECT_NE(opened.error().message.find("tegaki-zinnia-simplified-chinese"), std::string::npos);
}

TEST(Handwriting, EmptyOrBrokenModelIsAClearError) {
    xiangke::test::TempDir dir;
    auto empty = dir.path() / "empty.model";
    std::ofstream(empty).close();
    auto opened_empty = HandwritingRecognizer::open(empty);
    ASSERT_FALSE(opened_empty.ok());
    EXPECT_EQ(opened_empty.error().code, "model_invalid");

    // The real model cut short, as a failed copy would leave it.
    auto truncated = dir.path() / "truncated.model";
    {
        std::ifstream in(input::kDefaultHandwritingModel, std::ios::binary);
        std::ofstream out(truncated, std::ios::binary);
        std::vector<char> head(100000);
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        out.write(head.data(), in.gcount());
    }
    auto opened_truncated = HandwritingRecognizer::open(truncated);
    ASSERT_FALSE(opened_truncated.ok());
    EXPECT_EQ(opened_truncated.error().code, "model_invalid");

    auto opened_dir = HandwritingRecognizer::open(dir.path());
    ASSERT_FALSE(opened_dir.ok());
    EXPECT_EQ(opened_dir.error().code, "model_missing");
}

TEST(Handwriting, ConcurrentCallsGiveTheSameAnswers) {
    auto recognizer = open_default();
    ASSERT_TRUE(recognizer);
    auto expected_da = texts(recognizer->recognize(ink::da()).value());
    auto expected_mu = texts(recognizer->recognize(ink::mu()).value());
    std::atomic<int> mismatches{0};
    auto worker = [&](const input::Ink& ink, const std::vector<std::string>& expected) {
        for (int i = 0; i < 20; ++i) {
            auto result = recognizer->recognize(ink);
            if (!result.ok() || texts(result.value()) != expected) {
                ++mismatches;
            }
        }
    };
    std::thread a(worker, ink::da(), expected_da);
    std::thread b(worker, ink::mu(), expected_mu);
    a.join();
    b.join();
    EXPECT_EQ(mismatches.load(), 0);
}

TEST(Handwriting, CandidatesWithinThirtyMillisecondsOfTheStrokeEnd) {
    // Issue 5's budget: from the end of a stroke to candidates. The median over all fixtures and a
    // few rounds, so one scheduling hiccup on a shared machine does not decide it.
    auto recognizer = open_default();
    ASSERT_TRUE(recognizer);
    std::vector<double> ms;
    for (int round = 0; round < 5; ++round) {
        for (const auto& fixture : ink::all()) {
            auto start = std::chrono::steady_clock::now();
            auto result = recognizer->recognize(fixture.ink);
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            ASSERT_TRUE(result.ok());
        }
    }
    std::sort(ms.begin(), ms.end());
    double median = ms[ms.size() / 2];
    RecordProperty("median_ms", std::to_string(median));
    EXPECT_LT(median, 30.0);
}
