#include "xiangke/core/vocabulary.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "xiangke/core/json_reader.h"

namespace xiangke::core {
namespace {

using nlohmann::json;

Result<json> parse_file(const std::string& text, const std::string& file) {
    auto parsed = parse_json_object(text);
    if (!parsed.ok()) {
        return Error{"bad_vocabulary", file + ": " + parsed.error().message, file};
    }
    if (!parsed->contains("format") || (*parsed)["format"] != 1) {
        return Error{"bad_vocabulary", file + ": expected \"format\": 1", file};
    }
    return parsed;
}

Error entry_error(const std::string& file, const Error& error) {
    return Error{"bad_vocabulary", file + ": " + error.field + ": " + error.message, file + ":" + error.field};
}

bool is_pinyin(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace

bool crop_kind_offered_under(CropKind kind, Category category) {
    switch (category) {
        case Category::Planting:
        case Category::PestDisease:
            return kind == CropKind::Crop;
        case Category::Livestock:
            return kind == CropKind::Animal;
        case Category::Processing:
            return true;
        default:
            return false;
    }
}

Result<Vocabulary> Vocabulary::parse(const VocabularySources& sources) {
    Vocabulary vocab;

    // categories.json
    auto categories = parse_file(sources.categories, "categories.json");
    if (!categories.ok()) {
        return categories.error();
    }
    {
        JsonReader root(*categories, "");
        const json* list = root.child("categories", json::value_t::array);
        if (!root.ok()) {
            return entry_error("categories.json", root.error());
        }
        std::set<Category> seen;
        for (size_t i = 0; i < list->size(); ++i) {
            JsonReader r((*list)[i], "categories[" + std::to_string(i) + "]");
            std::string code = r.string("code", 32);
            CategoryEntry entry{Category::Other, r.string("label", 10), r.string("icon", 32), r.string("hint", 40)};
            if (!r.ok()) {
                return entry_error("categories.json", r.error());
            }
            auto category = category_from_code(code);
            if (!category) {
                return Error{"bad_vocabulary", "categories.json: unknown category code '" + code + "'", code};
            }
            if (entry.label != category_label(*category)) {
                return Error{"bad_vocabulary", "categories.json: label of '" + code + "' must be " +
                                                   std::string(category_label(*category)), code};
            }
            if (!seen.insert(*category).second) {
                return Error{"bad_vocabulary", "categories.json: '" + code + "' listed twice", code};
            }
            entry.category = *category;
            vocab.m_categories.push_back(entry);
        }
        if (seen.size() != kAllCategories.size()) {
            return Error{"bad_vocabulary", "categories.json: every contract category must be listed", "categories"};
        }
        std::sort(vocab.m_categories.begin(), vocab.m_categories.end(),
                  [](const auto& a, const auto& b) { return a.category < b.category; });
    }

    // crops.json
    auto crops = parse_file(sources.crops, "crops.json");
    if (!crops.ok()) {
        return crops.error();
    }
    {
        JsonReader root(*crops, "");
        const json* list = root.child("items", json::value_t::array);
        if (!root.ok()) {
            return entry_error("crops.json", root.error());
        }
        for (size_t i = 0; i < list->size(); ++i) {
            JsonReader r((*list)[i], "items[" + std::to_string(i) + "]");
            CropEntry entry;
            entry.name = r.string("name", 10);
            entry.pinyin = r.string("pinyin", 40);
            std::string kind = r.string("kind", 10);
            entry.icon = r.string("icon", 32);
            entry.aliases = r.string_list("aliases", 10, 10);
            if (!r.ok()) {
                return entry_error("crops.json", r.error());
            }
            if (kind != "crop" && kind != "animal") {
                return Error{"bad_vocabulary", "crops.json: " + entry.name + ": kind must be crop or animal", entry.name};
            }
            if (!is_pinyin(entry.pinyin)) {
                return Error{"bad_vocabulary", "crops.json: " + entry.name + ": pinyin must be lowercase a-z", entry.name};
            }
            entry.kind = kind == "crop" ? CropKind::Crop : CropKind::Animal;
            std::vector<std::string> names = entry.aliases;
            names.push_back(entry.name);
            for (const auto& name : names) {
                if (!vocab.m_crop_index.emplace(name, vocab.m_crops.size()).second) {
                    return Error{"bad_vocabulary", "crops.json: name '" + name + "' used twice", name};
                }
            }
            vocab.m_crops.push_back(std::move(entry));
        }
    }

    // symptoms.json
    auto symptoms = parse_file(sources.symptoms, "symptoms.json");
    if (!symptoms.ok()) {
        return symptoms.error();
    }
    {
        JsonReader root(*symptoms, "");
        const json* list = root.child("symptoms", json::value_t::array);
        if (!root.ok()) {
            return entry_error("symptoms.json", root.error());
        }
        std::set<std::string> ids;
        for (size_t i = 0; i < list->size(); ++i) {
            JsonReader r((*list)[i], "symptoms[" + std::to_string(i) + "]");
            SymptomEntry entry;
            entry.id = r.string("id", 64);
            entry.label = r.string("label", 20);
            auto category_codes = r.string_list("categories", 8, 32);
            std::string kind = r.string("kind", 10);
            entry.crops = r.string_list("crops", 50, 10);
            if (!r.ok()) {
                return entry_error("symptoms.json", r.error());
            }
            if (!ids.insert(entry.id).second) {
                return Error{"bad_vocabulary", "symptoms.json: id '" + entry.id + "' used twice", entry.id};
            }
            entry.kind = kind == "crop" ? SymptomKind::Crop : kind == "animal" ? SymptomKind::Animal : SymptomKind::Any;
            if (kind != "crop" && kind != "animal" && kind != "any") {
                return Error{"bad_vocabulary", "symptoms.json: " + entry.id + ": kind must be crop, animal or any", entry.id};
            }
            for (const auto& code : category_codes) {
                auto category = category_from_code(code);
                if (!category) {
                    return Error{"bad_vocabulary", "symptoms.json: " + entry.id + ": unknown category '" + code + "'", entry.id};
                }
                entry.categories.push_back(*category);
            }
            if (entry.categories.empty()) {
                return Error{"bad_vocabulary", "symptoms.json: " + entry.id + ": needs at least one category", entry.id};
            }
            for (const auto& crop : entry.crops) {
                if (vocab.find_crop(crop) == nullptr) {
                    return Error{"bad_vocabulary", "symptoms.json: " + entry.id + ": unknown crop '" + crop + "'", entry.id};
                }
            }
            vocab.m_symptoms.push_back(std::move(entry));
        }
    }

    // expertise.json
    auto expertise = parse_file(sources.expertise, "expertise.json");
    if (!expertise.ok()) {
        return expertise.error();
    }
    {
        JsonReader root(*expertise, "");
        const json* list = root.child("groups", json::value_t::array);
        if (!root.ok()) {
            return entry_error("expertise.json", root.error());
        }
        for (size_t i = 0; i < list->size(); ++i) {
            JsonReader r((*list)[i], "groups[" + std::to_string(i) + "]");
            ExpertiseGroup group{r.string("id", 32), r.string("label", 20), r.string_list("tags", 100, 32)};
            if (!r.ok()) {
                return entry_error("expertise.json", r.error());
            }
            for (const auto& tag : group.tags) {
                if (!vocab.is_expertise_tag(tag)) {
                    return Error{"bad_vocabulary", "expertise.json: " + group.id + ": unknown tag '" + tag + "'", group.id};
                }
            }
            vocab.m_groups.push_back(std::move(group));
        }
    }
    return vocab;
}

const CategoryEntry& Vocabulary::category(Category category) const {
    return m_categories[static_cast<size_t>(category)];
}

const CropEntry* Vocabulary::find_crop(std::string_view name) const {
    auto it = m_crop_index.find(name);
    return it == m_crop_index.end() ? nullptr : &m_crops[it->second];
}

std::vector<const CropEntry*> Vocabulary::crops_for(Category category) const {
    std::vector<const CropEntry*> out;
    for (const auto& crop : m_crops) {
        if (crop_kind_offered_under(crop.kind, category)) {
            out.push_back(&crop);
        }
    }
    return out;
}

std::vector<const CropEntry*> Vocabulary::search_crops(std::string_view query) const {
    std::vector<const CropEntry*> out;
    if (query.empty()) {
        return out;
    }
    for (const auto& crop : m_crops) {
        bool hit = crop.pinyin.compare(0, query.size(), query) == 0 || crop.name.find(query) != std::string::npos;
        for (const auto& alias : crop.aliases) {
            hit = hit || alias.find(query) != std::string::npos;
        }
        if (hit) {
            out.push_back(&crop);
        }
    }
    return out;
}

std::vector<const SymptomEntry*> Vocabulary::symptoms_for(Category category, std::string_view crop) const {
    const CropEntry* crop_entry = crop.empty() ? nullptr : find_crop(crop);
    std::vector<const SymptomEntry*> specific;
    std::vector<const SymptomEntry*> general;
    for (const auto& symptom : m_symptoms) {
        if (std::find(symptom.categories.begin(), symptom.categories.end(), category) == symptom.categories.end()) {
            continue;
        }
        if (!symptom.crops.empty()) {
            bool names_crop = crop_entry != nullptr &&
                              std::find(symptom.crops.begin(), symptom.crops.end(), crop_entry->name) != symptom.crops.end();
            if (names_crop) {
                specific.push_back(&symptom);
            }
            continue;
        }
        bool kind_fits = symptom.kind == SymptomKind::Any || crop_entry == nullptr ||
                         (symptom.kind == SymptomKind::Crop) == (crop_entry->kind == CropKind::Crop);
        if (kind_fits) {
            general.push_back(&symptom);
        }
    }
    specific.insert(specific.end(), general.begin(), general.end());
    return specific;
}

bool Vocabulary::is_expertise_tag(std::string_view tag) const {
    auto crop = m_crop_index.find(tag);
    return category_from_code(tag).has_value() || (crop != m_crop_index.end() && m_crops[crop->second].name == tag);
}

Result<std::vector<std::string>> Vocabulary::expand_expertise(const std::vector<std::string>& tags_or_groups) const {
    std::vector<std::string> out;
    for (const auto& item : tags_or_groups) {
        auto group = std::find_if(m_groups.begin(), m_groups.end(), [&](const auto& g) { return g.id == item; });
        if (group != m_groups.end()) {
            out.insert(out.end(), group->tags.begin(), group->tags.end());
        } else if (is_expertise_tag(item)) {
            out.push_back(item);
        } else {
            return field_error("expertise", "unknown expertise tag or group '" + item + "'");
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace xiangke::core
