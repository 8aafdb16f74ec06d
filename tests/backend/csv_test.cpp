#include "csv.h"

#include <gtest/gtest.h>

using xiangke::backend::parse_csv;

TEST(Csv, QuotedFieldsAndEscapes) {
    auto rows = parse_csv("code,name\n330281,\"余姚市\"\n1,\"a \"\"b\"\", c\"\n");
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 3u);
    EXPECT_EQ((*rows)[1].fields[1], "余姚市");
    EXPECT_EQ((*rows)[2].fields[1], "a \"b\", c");
    EXPECT_EQ((*rows)[2].line, 3u);
}

TEST(Csv, CrlfBomAndMissingFinalNewline) {
    auto rows = parse_csv(
        "\xEF\xBB\xBF"
        "a,b\r\n1,2");
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].fields[0], "a");
    EXPECT_EQ((*rows)[1].fields[1], "2");
}

TEST(Csv, ErrorsNameTheLine) {
    auto unterminated = parse_csv("a,b\n1,\"open\n");
    ASSERT_FALSE(unterminated.ok());
    EXPECT_NE(unterminated.error().message.find("line 2"), std::string::npos);
    auto trailing = parse_csv("a\n\"x\"y\n");
    ASSERT_FALSE(trailing.ok());
    EXPECT_NE(trailing.error().message.find("line 2"), std::string::npos);
}

TEST(Csv, SkipsBlankLinesAndKeepsEmptyFields) {
    auto rows = parse_csv("a,b\n\n1,\n");
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[1].fields.size(), 2u);
    EXPECT_EQ((*rows)[1].fields[1], "");
}
