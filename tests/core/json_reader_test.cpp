#include "xiangke/core/json_reader.h"

#include <gtest/gtest.h>

using namespace xiangke::core;
using nlohmann::json;

TEST(JsonReader, Utf8Length) {
    EXPECT_EQ(utf8_length("abc"), 3);
    EXPECT_EQ(utf8_length("稻瘟病"), 3);
    EXPECT_EQ(utf8_length("\xff"), -1);
    EXPECT_EQ(utf8_length("\xe7\xa8"), -1);  // truncated sequence
}

TEST(JsonReader, ReadsFieldsAndNamesTheFirstProblem) {
    json j = {{"name", "王"}, {"age", 70}, {"tags", {"a", "b"}}};
    JsonReader r(j, "payload");
    EXPECT_EQ(r.string("name", 10), "王");
    EXPECT_EQ(r.integer("age", 0, 150), 70);
    EXPECT_EQ(r.string_list("tags", 5, 5).size(), 2u);
    EXPECT_TRUE(r.ok());
    r.string("missing", 10);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "payload.missing");
    EXPECT_EQ(r.error().code, "missing_field");
    r.integer("age", 0, 10);  // later problems do not overwrite the first
    EXPECT_EQ(r.error().field, "payload.missing");
}

TEST(JsonReader, WrongTypesAndLimits) {
    json j = {{"s", 5}, {"n", "x"}, {"long", std::string(11, 'a')}, {"big", 1000}, {"list", {1}}};
    {
        JsonReader r(j, "");
        r.string("s", 10);
        EXPECT_EQ(r.error().code, "wrong_type");
        EXPECT_EQ(r.error().field, "s");
    }
    {
        JsonReader r(j, "");
        r.integer("n", 0, 10);
        EXPECT_EQ(r.error().code, "wrong_type");
    }
    {
        JsonReader r(j, "");
        r.string("long", 10);
        EXPECT_EQ(r.error().code, "too_long");
    }
    {
        JsonReader r(j, "");
        r.integer("big", 0, 999);
        EXPECT_EQ(r.error().code, "out_of_range");
    }
    {
        JsonReader r(j, "");
        r.string_list("list", 5, 5);
        EXPECT_EQ(r.error().field, "list[0]");
    }
    {
        JsonReader r(json::array(), "x");
        EXPECT_FALSE(r.ok());
    }
}

TEST(JsonReader, ParseJsonObject) {
    EXPECT_TRUE(parse_json_object("{\"a\":1}").ok());
    EXPECT_EQ(parse_json_object("[1]").error().code, "bad_json");
    EXPECT_EQ(parse_json_object("{").error().code, "bad_json");
    EXPECT_EQ(parse_json_object("{\"a\":\"\xff\"}").error().code, "bad_json");
    EXPECT_EQ(parse_json_object("").error().code, "bad_json");
}
