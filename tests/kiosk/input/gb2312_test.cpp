#include "input/gb2312.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace input = xiangke::kiosk::input;

namespace {

std::vector<char32_t> code_points(const std::string& utf8) {
    std::vector<char32_t> out;
    size_t pos = 0;
    char32_t c = 0;
    while (input::next_code_point(utf8, pos, c)) {
        out.push_back(c);
    }
    EXPECT_EQ(pos, utf8.size()) << "malformed UTF-8";
    return out;
}

const input::Gb2312Set& set() {
    auto result = input::gb2312_set();
    if (!result.ok()) {
        ADD_FAILURE() << result.error().message;
        static input::Gb2312Set empty;
        return empty;
    }
    return *result.value();
}

}  // namespace

TEST(Gb2312, HasExactlyTheSixThousandSevenHundredSixtyThreeHanzi) {
    auto hanzi = code_points(set().hanzi);
    ASSERT_EQ(hanzi.size(), static_cast<size_t>(input::kGb2312HanziCount));
    for (char32_t c : hanzi) {
        EXPECT_TRUE(c >= 0x4E00 && c <= 0x9FA5) << std::hex << static_cast<unsigned>(c);
    }
    // GB2312 order: level 1 starts with 啊 (B0A1), level 2 ends with 齄 (F7FE).
    EXPECT_EQ(hanzi.front(), U'啊');
    EXPECT_EQ(hanzi.back(), U'齄');
}

TEST(Gb2312, HanziAreDistinct) {
    auto hanzi = code_points(set().hanzi);
    std::sort(hanzi.begin(), hanzi.end());
    EXPECT_EQ(std::adjacent_find(hanzi.begin(), hanzi.end()), hanzi.end());
}

TEST(Gb2312, CoversTheFarmingCharactersTheCommonRangeLacks) {
    // PLATFORM-NOTES: ImGui's "common" Chinese range renders these as '?'.
    for (const char* word : {"瘟", "螟", "蚜", "籼", "粳", "稗", "砧", "鳞", "稻瘟病", "病虫害", "农业"}) {
        EXPECT_TRUE(set().contains_all(word)) << word;
    }
}

TEST(Gb2312, PunctuationHasTheChineseMarksAndFullWidthForms) {
    const std::string& punctuation = set().punctuation;
    for (const char* mark :
         {"，", "。", "、", "；", "：", "？", "！", "“", "”", "（", "）", "《", "》", "…", "①", "０", "Ａ"}) {
        EXPECT_NE(punctuation.find(mark), std::string::npos) << mark;
    }
    // Rows 1-3 only: kana (row 4) and Greek (row 6) are not keyboard output.
    EXPECT_EQ(punctuation.find("あ"), std::string::npos);
    EXPECT_EQ(punctuation.find("α"), std::string::npos);
    auto marks = code_points(punctuation);
    EXPECT_GT(marks.size(), 200u);
    EXPECT_LT(marks.size(), 282u);  // three rows of 94 cells, with holes
}

TEST(Gb2312, RejectsCharactersOutsideTheSet) {
    EXPECT_FALSE(set().contains_all("鐞"));        // traditional/rare, offered by rime for "nong"
    EXPECT_FALSE(set().contains_all("𫄣"));        // outside the BMP
    EXPECT_FALSE(set().contains_all("農業"));      // traditional forms
    EXPECT_FALSE(set().contains_all("\xE5\x86"));  // cut-off UTF-8
    EXPECT_TRUE(set().contains_all("abc 123"));    // ASCII is always in the atlas
    EXPECT_FALSE(set().contains_all("\t"));
}

TEST(Gb2312, KeyboardGlyphsAreHanziThenPunctuation) {
    std::string glyphs = set().keyboard_glyphs();
    EXPECT_EQ(glyphs, set().hanzi + set().punctuation);
    EXPECT_TRUE(set().contains_all(glyphs));
}

TEST(Gb2312, DecodingAgainGivesTheSameSet) {
    auto fresh = input::decode_gb2312();
    ASSERT_TRUE(fresh.ok());
    EXPECT_EQ(fresh->hanzi, set().hanzi);
    EXPECT_EQ(fresh->members, set().members);
}

TEST(Gb2312, Utf8DecoderReadsEveryLength) {
    auto points = code_points("a\xC3\xA9中𫄣");
    ASSERT_EQ(points.size(), 4u);
    EXPECT_EQ(points[0], U'a');
    EXPECT_EQ(points[1], U'\u00E9');
    EXPECT_EQ(points[2], U'中');
    EXPECT_EQ(points[3], U'\U0002B123');
}
