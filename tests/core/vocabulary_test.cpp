#include "xiangke/core/vocabulary.h"

#include <gtest/gtest.h>

#include "xiangke/platform/data_paths.h"
#include "xiangke/platform/files.h"

using namespace xiangke::core;

namespace {

std::string vocab_file(const char* name) {
    return xiangke::platform::read_file(std::string(XIANGKE_SOURCE_DIR) + "/content/vocab/" + name).value();
}

VocabularySources shipped_sources() {
    return {vocab_file("categories.json"), vocab_file("crops.json"), vocab_file("symptoms.json"),
            vocab_file("expertise.json")};
}

}  // namespace

TEST(Vocabulary, ShippedVocabularyIsValid) {
    auto vocab = Vocabulary::parse(shipped_sources());
    ASSERT_TRUE(vocab.ok()) << vocab.error().message;
    EXPECT_EQ(vocab->categories().size(), 8u);
    EXPECT_EQ(vocab->category(Category::Disaster).label, "防灾减灾");
    EXPECT_GE(vocab->crops().size(), 30u);
}

TEST(Vocabulary, FindsCropsByNameAliasAndPinyin) {
    auto vocab = Vocabulary::parse(shipped_sources()).value();
    ASSERT_NE(vocab.find_crop("西红柿"), nullptr);
    EXPECT_EQ(vocab.find_crop("西红柿")->name, "番茄");
    auto shui = vocab.search_crops("shui");
    ASSERT_GE(shui.size(), 2u);
    EXPECT_EQ(shui[0]->name, "水稻");
    EXPECT_FALSE(vocab.search_crops("稻").empty());
    EXPECT_TRUE(vocab.search_crops("").empty());
}

TEST(Vocabulary, CropsAndSymptomsPerCategory) {
    auto vocab = Vocabulary::parse(shipped_sources()).value();
    for (const auto* crop : vocab.crops_for(Category::Livestock)) {
        EXPECT_EQ(crop->kind, CropKind::Animal) << crop->name;
    }
    EXPECT_TRUE(vocab.crops_for(Category::Health).empty());
    auto rice = vocab.symptoms_for(Category::PestDisease, "水稻");
    ASSERT_FALSE(rice.empty());
    EXPECT_EQ(rice.front()->crops.front(), "水稻");  // crop-specific symptoms first
    for (const auto* s : vocab.symptoms_for(Category::PestDisease, "柑橘")) {
        EXPECT_NE(s->id, "rice-spindle-lesions");
    }
    for (const auto* s : vocab.symptoms_for(Category::Livestock, "南美白对虾")) {
        EXPECT_NE(s->id, "leaf-yellow");
    }
}

TEST(Vocabulary, ExpertiseTagsAndGroups) {
    auto vocab = Vocabulary::parse(shipped_sources()).value();
    EXPECT_TRUE(vocab.is_expertise_tag("pest_disease"));
    EXPECT_TRUE(vocab.is_expertise_tag("水稻"));
    EXPECT_FALSE(vocab.is_expertise_tag("西红柿"));  // aliases are not tags: one name per crop
    EXPECT_FALSE(vocab.is_expertise_tag("火箭"));
    auto expanded = vocab.expand_expertise({"tea", "水稻"});
    ASSERT_TRUE(expanded.ok());
    EXPECT_EQ(expanded->size(), 2u);
    EXPECT_FALSE(vocab.expand_expertise({"rocketry"}).ok());
}

TEST(Vocabulary, RejectsBrokenFilesNamingTheEntry) {
    auto sources = shipped_sources();
    auto broken = sources;
    broken.crops = R"({"format":1,"items":[{"name":"稻","pinyin":"Dao","kind":"crop","icon":"x","aliases":[]}]})";
    auto r = Vocabulary::parse(broken);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("crops.json"), std::string::npos);

    broken = sources;
    broken.categories = R"({"format":1,"categories":[{"code":"planting","label":"种地","icon":"x","hint":""}]})";
    EXPECT_FALSE(Vocabulary::parse(broken).ok());

    broken = sources;
    broken.symptoms = R"({"format":1,"symptoms":[{"id":"a","label":"b","categories":["planting"],"kind":"crop","crops":["火龙果"]}]})";
    r = Vocabulary::parse(broken);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("火龙果"), std::string::npos);

    broken = sources;
    broken.expertise = "{\"format\":2,\"groups\":[]}";
    EXPECT_FALSE(Vocabulary::parse(broken).ok());
    broken.expertise = "not json";
    EXPECT_FALSE(Vocabulary::parse(broken).ok());
}
