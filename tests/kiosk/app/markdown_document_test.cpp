#include "app/markdown_document.h"

#include <gtest/gtest.h>

using namespace xiangke::kiosk;

TEST(MarkdownDocument, BlocksSpansAndLists) {
    auto blocks = parse_markdown(
        "**要点：** 早发现、早防治。\n\n## 怎么认\n\n叶上有*梭形*病斑。\n\n1. 第一步\n2. 第二步\n\n- 戴手套\n- 穿长袖\n\n"
        "![房屋抗震示意](../../media/house.png)\n");
    ASSERT_GE(blocks.size(), 8u);
    EXPECT_EQ(blocks[0].kind, Block::Kind::Paragraph);
    ASSERT_GE(blocks[0].spans.size(), 2u);
    EXPECT_TRUE(blocks[0].spans[0].strong);
    EXPECT_EQ(blocks[0].spans[0].text, "要点：");
    EXPECT_EQ(blocks[1].kind, Block::Kind::Heading);
    EXPECT_EQ(blocks[1].level, 2);
    EXPECT_EQ(blocks[1].plain_text(), "怎么认");
    EXPECT_EQ(blocks[2].plain_text(), "叶上有梭形病斑。");
    EXPECT_TRUE(blocks[2].spans[1].emphasis);
    EXPECT_EQ(blocks[3].kind, Block::Kind::ListItem);
    EXPECT_EQ(blocks[3].number, 1);
    EXPECT_EQ(blocks[4].number, 2);
    EXPECT_EQ(blocks[5].number, 0);
    EXPECT_EQ(blocks[5].plain_text(), "戴手套");
    bool found_image = false;
    for (const auto& b : blocks) {
        if (b.kind == Block::Kind::Image) {
            found_image = true;
            EXPECT_EQ(b.image_src, "../../media/house.png");
            EXPECT_EQ(b.image_alt, "房屋抗震示意");
        }
    }
    EXPECT_TRUE(found_image);
}

TEST(MarkdownDocument, HtmlIsNotInterpreted) {
    auto blocks = parse_markdown("<script>alert(1)</script>\n\n正文");
    for (const auto& b : blocks) {
        EXPECT_EQ(b.plain_text().find("<script>") == std::string::npos, b.plain_text().find("alert") == std::string::npos);
    }
}

TEST(MarkdownDocument, SpeechTextSkipsImages) {
    auto text = document_speech_text(parse_markdown("## 标题\n\n一句话。\n\n![图](x.png)"));
    EXPECT_NE(text.find("标题"), std::string::npos);
    EXPECT_NE(text.find("一句话"), std::string::npos);
    EXPECT_EQ(text.find("x.png"), std::string::npos);
}
