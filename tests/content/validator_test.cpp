// `validate` as an author meets it: every kind of mistake reported as FILE:LINE: field: reason,
// all of them at once.
#include "validator.h"

#include <gtest/gtest.h>

#include "fixture.h"
#include "font_coverage.h"

using namespace xiangke;
using test::ContentFixture;

namespace {

std::string replace(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) {
        text.replace(at, from.size(), to);
    }
    return text;
}

std::vector<std::string> errors_of(const ContentFixture& fixture) {
    auto validation = content::validate_content(fixture.dir(), "content", content::kKioskFontPath);
    std::vector<std::string> lines;
    for (const auto& d : validation.diagnostics.errors) {
        lines.push_back(content::format_diagnostic(d));
    }
    return lines;
}

// True when some error line starts with `prefix` ("FILE:LINE: field: ") and contains `words`.
::testing::AssertionResult has_error(const std::vector<std::string>& errors, const std::string& prefix,
                                     const std::string& words) {
    for (const auto& line : errors) {
        if (line.rfind(prefix, 0) == 0 && line.find(words) != std::string::npos) {
            return ::testing::AssertionSuccess();
        }
    }
    std::string all;
    for (const auto& line : errors) {
        all += "\n  " + line;
    }
    return ::testing::AssertionFailure() << "no error '" << prefix << "…" << words << "' among:" << all;
}

const std::string kRice = "content/articles/rice/rice-blast.md";

}  // namespace

TEST(ContentValidator, FixtureIsValid) {
    ContentFixture fixture;
    auto errors = errors_of(fixture);
    EXPECT_TRUE(errors.empty()) << errors.front();
}

TEST(ContentValidator, FrontMatterFieldsWithTheirLines) {
    ContentFixture fixture;
    std::string text = ContentFixture::article("rice-blast", "rice");
    text = replace(text, "title = \"测试文章\"",
                   "title = \"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一\"");
    text = replace(text, "summary = \"一句话摘要。\"", "summary = \"" + std::string(121, 'x') + "\"");
    text = replace(text, "review = \"reviewed\"", "review = \"已审核\"");
    text = replace(text, "sources = [\"农业农村部公告第199号\"]", "sources = []");
    text = replace(text, "crops = [\"水稻\"]", "crops = [\"晚稻\", \"西瓜\"]");
    fixture.write("articles/rice/rice-blast.md", text);
    auto errors = errors_of(fixture);
    EXPECT_TRUE(has_error(errors, kRice + ":3: title: ", "31 characters, at most 30"));
    EXPECT_TRUE(has_error(errors, kRice + ":9: summary: ", "121 characters, at most 120"));
    EXPECT_TRUE(has_error(errors, kRice + ":11: review: ", "must be \"reviewed\" or \"待专家审核\""));
    EXPECT_TRUE(has_error(errors, kRice + ":10: sources: ", "at least one"));
    EXPECT_TRUE(has_error(errors, kRice + ":6: crops: ", "'晚稻' is an alias: write the vocabulary name '水稻'"));
    EXPECT_TRUE(has_error(errors, kRice + ":6: crops: ", "'西瓜' is not in vocab/crops.json"));
    EXPECT_EQ(errors.size(), 6u);  // every error, not just the first
}

TEST(ContentValidator, MissingAndUnknownKeys) {
    ContentFixture fixture;
    std::string text = ContentFixture::article("rice-blast", "rice");
    text = replace(text, "season = \"全年\"\n", "");
    text = replace(text, "audience = ", "audiance = ");
    fixture.write("articles/rice/rice-blast.md", text);
    auto errors = errors_of(fixture);
    EXPECT_TRUE(has_error(errors, kRice + ":1: season: ", "missing (required)"));
    EXPECT_TRUE(has_error(errors, kRice + ":1: audience: ", "missing (required)"));
    EXPECT_TRUE(has_error(errors, kRice + ":7: audiance: ", "unknown key"));
}

TEST(ContentValidator, WrongTypesAndTomlSyntax) {
    ContentFixture fixture;
    std::string text = ContentFixture::article("rice-blast", "rice");
    fixture.write("articles/rice/rice-blast.md", replace(text, "tags = [\"测试\", \"水稻\"]", "tags = \"测试\""));
    EXPECT_TRUE(has_error(errors_of(fixture), kRice + ":5: tags: ", "must be a list of text"));

    fixture.write("articles/rice/rice-blast.md", replace(text, "season = \"全年\"", "season = \"全年"));
    EXPECT_TRUE(has_error(errors_of(fixture), kRice + ":7: front matter: ", "TOML syntax"));

    fixture.write("articles/rice/rice-blast.md", "## 没有前置信息\n\n正文。\n");
    EXPECT_TRUE(has_error(errors_of(fixture), kRice + ":1: front matter: ", "must start with a line holding only +++"));

    fixture.write("articles/rice/rice-blast.md", "+++\nid = \"rice-blast\"\n\n正文。\n");
    EXPECT_TRUE(has_error(errors_of(fixture), kRice + ":1: front matter: ", "no closing +++"));
}

TEST(ContentValidator, IdTopicAndFolderMustAgree) {
    ContentFixture fixture;
    fixture.write("articles/rice/rice-blast.md", ContentFixture::article("rice-blast-2", "rice"));
    fixture.write("articles/rice/rice-pest.md", ContentFixture::article("rice-pest", "disaster"));
    fixture.write("articles/rice/rice-x.md", ContentFixture::article("rice-x", "wheat"));
    fixture.write("articles/rice/Bad_Id.md", ContentFixture::article("Bad_Id", "rice"));
    fixture.write("articles/orchard/apple.md", ContentFixture::article("apple", "rice"));
    fixture.write("articles/rice/notes.txt", "草稿");
    auto errors = errors_of(fixture);
    EXPECT_TRUE(has_error(errors, kRice + ":2: id: ", "differs from the file name 'rice-blast.md'"));
    EXPECT_TRUE(has_error(errors, "content/articles/rice/rice-pest.md:4: topic: ", "differs from the folder"));
    EXPECT_TRUE(has_error(errors, "content/articles/rice/rice-x.md:4: topic: ", "'wheat' is not a topic id"));
    EXPECT_TRUE(has_error(errors, "content/articles/rice/Bad_Id.md:2: id: ", "3 to 64 characters of a-z, 0-9 and -"));
    EXPECT_TRUE(has_error(errors, "content/articles/orchard/apple.md:0: file: ", "not a topic id in topics.json"));
    EXPECT_TRUE(has_error(errors, "content/articles/rice/notes.txt:0: file: ", "only <id>.md article files"));
}

TEST(ContentValidator, DuplicateIdsNameBothFiles) {
    ContentFixture fixture;
    fixture.write("articles/disaster/rice-blast.md", ContentFixture::article("rice-blast", "disaster"));
    auto errors = errors_of(fixture);
    EXPECT_TRUE(has_error(errors, "content/articles/rice/rice-blast.md:2: id: ",
                          "duplicate id 'rice-blast', also used by content/articles/disaster/rice-blast.md:2"));
}

TEST(ContentValidator, MarkdownOutsideTheSubsetAtItsLine) {
    ContentFixture fixture;
    // Front matter is lines 1-12 and line 13 is blank: the body given here starts at line 14.
    std::string body =
        "**要点：** 正文。\n"                  // 14
        "\n"                                   // 15
        "# 大标题\n"                           // 16
        "\n"                                   // 17
        "| 药名 | 用量 |\n"                    // 18
        "|---|---|\n"                          // 19
        "| 三环唑 | 20克 |\n"                  // 20
        "\n"                                   // 21
        "<div>提示</div>\n"                    // 22
        "\n"                                   // 23
        "请看[网站](https://example.com)。\n"  // 24
        "\n"                                   // 25
        "    缩进的代码\n"                     // 26
        "\n"                                   // 27
        "---\n"                                // 28
        "\n"                                   // 29
        "> 引用\n"                             // 30
        "\n"                                   // 31
        "#### 四级标题\n"                      // 32
        "\n"                                   // 33
        "用`代码`写。\n";                      // 34
    fixture.write("articles/rice/rice-blast.md", ContentFixture::article("rice-blast", "rice", body));
    auto errors = errors_of(fixture);
    EXPECT_TRUE(has_error(errors, kRice + ":16: body: ", "level-1 heading"));
    EXPECT_TRUE(has_error(errors, kRice + ":18: body: ", "tables are not allowed"));
    EXPECT_TRUE(has_error(errors, kRice + ":22: body: ", "raw HTML"));
    EXPECT_TRUE(has_error(
        errors, kRice + ":24: body: ", "links are not allowed (the kiosk cannot open 'https://example.com')"));
    EXPECT_TRUE(has_error(errors, kRice + ":26: body: ", "code blocks"));
    EXPECT_TRUE(has_error(errors, kRice + ":28: body: ", "horizontal rules"));
    EXPECT_TRUE(has_error(errors, kRice + ":30: body: ", "block quotes"));
    EXPECT_TRUE(has_error(errors, kRice + ":32: body: ", "heading level 4"));
    EXPECT_TRUE(has_error(errors, kRice + ":34: body: ", "code spans"));
}

TEST(ContentValidator, BrokenAndForbiddenImages) {
    ContentFixture fixture;
    std::string body =
        "**要点：** 正文。\n"                                  // 14
        "\n"                                                   // 15
        "![不存在](../../media/missing.png)\n"                 // 16
        "\n"                                                   // 17
        "![外部](https://example.com/a.png)\n"                 // 18
        "\n"                                                   // 19
        "![](../../media/field-photo.png)\n"                   // 20
        "\n"                                                   // 21
        "![别处](../media/field-photo.png)\n"                  // 22
        "\n"                                                   // 23
        "![图](../../media/rice-planthopper-position.png)\n";  // 24: a diagram: fine
    fixture.write("articles/rice/rice-blast.md", ContentFixture::article("rice-blast", "rice", body));
    fixture.write("media/notes.txt", "x");
    fixture.write("media/fake.png", "not a png");
    auto errors = errors_of(fixture);
    EXPECT_TRUE(has_error(errors, kRice + ":16: body: ", "broken image: media/missing.png does not exist"));
    EXPECT_TRUE(has_error(errors, kRice + ":18: body: ", "external image"));
    EXPECT_TRUE(has_error(errors, kRice + ":20: body: ", "needs a description"));
    EXPECT_TRUE(has_error(errors, kRice + ":22: body: ", "must be written as ../../media/<name>.png"));
    EXPECT_TRUE(has_error(errors, "content/media/notes.txt:0: media: ", "PNG"));
    EXPECT_TRUE(has_error(errors, "content/media/fake.png:0: media: ", "not a PNG file"));
    EXPECT_EQ(errors.size(), 6u);
}

TEST(ContentValidator, CharactersTheKioskFontCannotShow) {
    ContentFixture fixture;
    std::string text = ContentFixture::article("rice-blast", "rice", "**要点：** 正文。\n\n小心 😀 农药。\n");
    text = replace(text, "title = \"测试文章\"", "title = \"测试𠀀文章\"");
    fixture.write("articles/rice/rice-blast.md", text);
    auto errors = errors_of(fixture);
    EXPECT_TRUE(has_error(errors, kRice + ":16: body: ", "character '😀' (U+1F600) is not in the kiosk font"));
    EXPECT_TRUE(has_error(errors, kRice + ":3: title: ", "(U+20000) is not in the kiosk font"));
}

TEST(ContentValidator, EncodingProblems) {
    ContentFixture fixture;
    fixture.write("articles/rice/rice-blast.md",
                  ContentFixture::article("rice-blast", "rice", "**要点：** 正文。\n\n坏字节\xff\xfe。\n"));
    EXPECT_TRUE(has_error(errors_of(fixture), kRice + ":16: body: ", "invalid UTF-8"));

    std::string crlf = ContentFixture::article("rice-blast", "rice");
    crlf = replace(crlf, "review = \"reviewed\"\n", "review = \"reviewed\"\r\n");
    fixture.write("articles/rice/rice-blast.md", crlf);
    EXPECT_TRUE(has_error(errors_of(fixture), kRice + ":11: file: ", "Windows line ending"));
}

TEST(ContentValidator, VocabularyAndTopicsProblems) {
    ContentFixture fixture;
    fixture.write("vocab/symptoms.json", "{\"format\": 1,\n \"items\": [,]}\n");
    auto errors = errors_of(fixture);
    EXPECT_TRUE(has_error(errors, "content/vocab/symptoms.json:2: vocab: ", "invalid JSON"));
    fixture.write("vocab/symptoms.json", "{}");
    fixture.remove("vocab/crops.json");
    EXPECT_TRUE(has_error(errors_of(fixture), "content/vocab/crops.json:0: vocab: ", "missing"));
}

TEST(ContentValidator, WarnsAboutEmptyTopicsAndUnusedMedia) {
    ContentFixture fixture;
    fixture.remove("articles/disaster");
    fixture.write("articles/rice/rice-blast.md", ContentFixture::article("rice-blast", "rice"));
    auto validation = content::validate_content(fixture.dir(), "content", content::kKioskFontPath);
    EXPECT_TRUE(validation.ok());
    ASSERT_EQ(validation.diagnostics.warnings.size(), 2u);
    EXPECT_EQ(content::format_diagnostic(validation.diagnostics.warnings[0]),
              "content/topics.json:5: topics: topic 'disaster' has no articles");
    EXPECT_EQ(content::format_diagnostic(validation.diagnostics.warnings[1]),
              "content/media/field-photo.png:0: media: not shown by any article");
}

TEST(ContentValidatorCli, ExitCodesAndOneErrorPerLine) {
    ContentFixture fixture;
    auto ok = test::run_command({test::content_tool(), "validate", fixture.root()});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_NE(ok.out.find("ok: 2 articles"), std::string::npos);

    std::string text = ContentFixture::article("rice-blast", "rice");
    text = replace(text, "review = \"reviewed\"", "review = \"maybe\"");
    text = replace(text, "topic = \"rice\"", "topic = \"tea\"");
    fixture.write("articles/rice/rice-blast.md", text);
    auto bad = test::run_command({test::content_tool(), "validate", fixture.root()});
    EXPECT_EQ(bad.exit_code, 1);
    const std::string file = fixture.root() + "/articles/rice/rice-blast.md";
    EXPECT_NE(bad.err.find(file + ":4: topic: 'tea' is not a topic id in topics.json\n"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find(file + ":11: review: 'maybe' must be"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("xiangke-content: 2 error(s) in "), std::string::npos) << bad.err;

    EXPECT_EQ(test::run_command({test::content_tool(), "validate"}).exit_code, 2);
    EXPECT_EQ(test::run_command({test::content_tool(), "validate", fixture.root(), "--frobnicate", "x"}).exit_code, 2);
    EXPECT_EQ(test::run_command({test::content_tool(), "frobnicate"}).exit_code, 2);
    EXPECT_EQ(test::run_command({test::content_tool()}).exit_code, 2);
    EXPECT_EQ(test::run_command({test::content_tool(), "validate", "/nonexistent"}).exit_code, 1);
}
