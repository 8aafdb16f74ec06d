#pragma once
// Vocabulary (受控词表): the controlled vocabularies in content/vocab/ shared by kiosk and backend:
// category labels, crops and animals, symptoms per category and crop, expertise groups.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xiangke/core/category.h"
#include "xiangke/core/result.h"

namespace xiangke::core {

enum class CropKind { Crop, Animal };

struct CategoryEntry {
    Category category;
    std::string label;
    std::string icon;
    std::string hint;
};

struct CropEntry {
    std::string name;
    std::string pinyin;
    CropKind kind = CropKind::Crop;
    std::string icon;
    std::vector<std::string> aliases;
};

enum class SymptomKind { Crop, Animal, Any };

struct SymptomEntry {
    std::string id;
    std::string label;
    std::vector<Category> categories;
    SymptomKind kind = SymptomKind::Any;
    std::vector<std::string> crops;  // empty: any crop of the right kind
};

struct ExpertiseGroup {
    std::string id;
    std::string label;
    std::vector<std::string> tags;
};

// The raw JSON texts of the four vocabulary files.
struct VocabularySources {
    std::string categories;
    std::string crops;
    std::string symptoms;
    std::string expertise;
};

class Vocabulary {
public:
    // Validates cross references: every category code exactly once and labelled as the contract
    // says, unique crop names and pinyin in [a-z], symptoms naming known categories and crops,
    // expertise groups naming valid tags. The error names the file and the entry.
    static Result<Vocabulary> parse(const VocabularySources& sources);

    const std::vector<CategoryEntry>& categories() const { return m_categories; }
    const std::vector<CropEntry>& crops() const { return m_crops; }
    const std::vector<SymptomEntry>& symptoms() const { return m_symptoms; }
    const std::vector<ExpertiseGroup>& expertise_groups() const { return m_groups; }

    const CategoryEntry& category(Category category) const;
    // By name or alias.
    const CropEntry* find_crop(std::string_view name) const;
    // Crops and animals offered under a category, in vocabulary order.
    std::vector<const CropEntry*> crops_for(Category category) const;
    // Chinese substring of name/alias, or pinyin prefix ("shui" finds 水稻, 水蜜桃).
    std::vector<const CropEntry*> search_crops(std::string_view query) const;
    // Symptoms offered for a category and (optional) crop: crop-specific ones first.
    std::vector<const SymptomEntry*> symptoms_for(Category category, std::string_view crop) const;
    // A tag an agent's expertise may carry: a category code or a crop/animal name.
    bool is_expertise_tag(std::string_view tag) const;
    // Expands group ids into their tags; plain tags pass through. Unknown → error naming it.
    Result<std::vector<std::string>> expand_expertise(const std::vector<std::string>& tags_or_groups) const;

private:
    std::vector<CategoryEntry> m_categories;
    std::vector<CropEntry> m_crops;
    std::vector<SymptomEntry> m_symptoms;
    std::vector<ExpertiseGroup> m_groups;
    std::map<std::string, size_t, std::less<>> m_crop_index;  // names and aliases
};

bool crop_kind_offered_under(CropKind kind, Category category);

}  // namespace xiangke::core
