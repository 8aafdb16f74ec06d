#include "scenario/scenario.h"

#include <gtest/gtest.h>

using namespace xiangke::kiosk;

TEST(Scenario, ParsesEveryContractStep) {
    auto steps = parse_scenario(
        "# a comment\n"
        "tap \"科普知识\"\n"
        "tap 100,200\n"
        "drag 10,500 10,100   # scroll up\n"
        "type \"稻瘟病\"\n"
        "keys \"nongye\"\n"
        "stroke 1,1 2,2 3,3\n"
        "wait 30s\n"
        "wait 500ms\n"
        "wait 2min\n"
        "sync\n"
        "expect \"求助码 #1\"\n"
        "expect-not \"错误\"\n"
        "screenshot home\n");
    ASSERT_TRUE(steps.ok()) << steps.error().message;
    ASSERT_EQ(steps->size(), 13u);
    EXPECT_EQ((*steps)[0].kind, Step::Kind::TapText);
    EXPECT_EQ((*steps)[0].text, "科普知识");
    EXPECT_EQ((*steps)[0].line, 2);
    EXPECT_EQ((*steps)[1].kind, Step::Kind::TapPoint);
    EXPECT_FLOAT_EQ((*steps)[1].points[0].y, 200.0f);
    EXPECT_EQ((*steps)[2].points.size(), 2u);
    EXPECT_EQ((*steps)[5].points.size(), 3u);
    EXPECT_EQ((*steps)[6].duration_ms, 30'000);
    EXPECT_EQ((*steps)[7].duration_ms, 500);
    EXPECT_EQ((*steps)[8].duration_ms, 120'000);
    EXPECT_EQ((*steps)[10].text, "求助码 #1");  // # inside quotes is text, not a comment
    EXPECT_EQ((*steps)[12].text, "home");
}

TEST(Scenario, ErrorsNameTheLine) {
    struct Case {
        const char* text;
        const char* line;
    };
    for (const Case& c : {Case{"tap\n", "1:"}, Case{"sync\nfly away\n", "2:"}, Case{"\n\ndrag 1,1\n", "3:"},
                          Case{"wait soon\n", "1:"}, Case{"expect \"unterminated\n", "1:"}, Case{"stroke 1,1\n", "1:"},
                          Case{"tap -5,3\n", "1:"}, Case{"screenshot ../etc/x\n", "1:"}, Case{"type \"\"\n", "1:"}}) {
        auto r = parse_scenario(c.text);
        ASSERT_FALSE(r.ok()) << c.text;
        EXPECT_EQ(r.error().message.rfind(c.line, 0), 0u) << r.error().message;
    }
}

TEST(Scenario, EmptyAndCommentOnlyScriptsHaveNoSteps) {
    EXPECT_TRUE(parse_scenario("")->empty());
    EXPECT_TRUE(parse_scenario("# nothing\n\n   \n")->empty());
}
