// Scheme files (data/evaluation/*.json): strict parsing, validation and the canonical form.
#include <algorithm>
#include <cmath>
#include <set>

#include "xiangke/core/evaluation.h"
#include "xiangke/core/json_reader.h"

namespace xiangke::core::evaluation {
namespace {

using nlohmann::json;

constexpr size_t kMaxSchemeBytes = 256 * 1024;
constexpr size_t kMaxItems = 64;
constexpr size_t kMaxSteps = 32;
constexpr double kMaxNumber = 1e6;

constexpr std::array<std::string_view, 5> kRuleNames{"per_unit", "threshold", "ratio", "scaled", "deduction"};

// The figures whose facts are self-reported (visits, trainings): the only ones verified_only changes.
bool self_reported_figure(std::string_view figure) {
    static const std::set<std::string_view> kNames{"visits",          "visits_onsite", "visits_phone", "visits_video",
                                                   "visits_training", "service_days",  "trainings",    "attendees"};
    return kNames.count(figure) != 0;
}

// Reads one JSON object strictly: every key must be known, every value of the right type; the
// first problem is kept as "SOURCE: key.path: reason".
class Reader {
public:
    Reader(const json& object, std::string path, std::string source, std::optional<Error>* error)
        : m_object(object), m_path(std::move(path)), m_source(std::move(source)), m_error(error) {}

    bool ok() const { return !m_error->has_value(); }

    std::string key_path(std::string_view key) const {
        return m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
    }

    void fail_at(const std::string& path, const std::string& reason) {
        if (ok()) {
            *m_error = Error{"invalid_scheme", m_source + ": " + path + ": " + reason, path};
        }
    }
    void fail(std::string_view key, const std::string& reason) { fail_at(key_path(key), reason); }

    // Unknown keys are errors: a misspelt key must not silently fall back to a default.
    void only(std::initializer_list<std::string_view> keys) {
        if (!m_object.is_object()) {
            fail_at(m_path.empty() ? "(top)" : m_path, "expected an object");
            return;
        }
        for (const auto& [key, value] : m_object.items()) {
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
                fail(key, "unknown key");
                return;
            }
        }
    }

    bool has(std::string_view key) const { return m_object.is_object() && m_object.contains(std::string(key)); }

    std::string string(std::string_view key, bool required, size_t max_chars = 200) {
        if (!ok()) {
            return {};
        }
        if (!has(key)) {
            if (required) {
                fail(key, "required key is missing");
            }
            return {};
        }
        const auto& value = m_object.at(std::string(key));
        if (!value.is_string()) {
            fail(key, "expected a string");
            return {};
        }
        const auto& text = value.get_ref<const std::string&>();
        int64_t length = utf8_length(text);
        if (length < 0 || static_cast<size_t>(length) > max_chars) {
            fail(key, "not valid UTF-8 or longer than " + std::to_string(max_chars) + " characters");
            return {};
        }
        return text;
    }

    std::optional<double> number(std::string_view key, bool required, double min, double max) {
        if (!ok()) {
            return std::nullopt;
        }
        if (!has(key)) {
            if (required) {
                fail(key, "required key is missing");
            }
            return std::nullopt;
        }
        const auto& value = m_object.at(std::string(key));
        if (!value.is_number()) {
            fail(key, "expected a number");
            return std::nullopt;
        }
        double number = value.get<double>();
        if (!std::isfinite(number) || number < min || number > max) {
            fail(key, "must be between " + format(min) + " and " + format(max));
            return std::nullopt;
        }
        return number;
    }

    std::optional<int64_t> integer(std::string_view key, bool required, int64_t min, int64_t max) {
        if (!ok()) {
            return std::nullopt;
        }
        if (!has(key)) {
            if (required) {
                fail(key, "required key is missing");
            }
            return std::nullopt;
        }
        const auto& value = m_object.at(std::string(key));
        if (!value.is_number_integer()) {
            fail(key, "expected an integer");
            return std::nullopt;
        }
        if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(max)) {
            fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
            return std::nullopt;
        }
        auto number = value.get<int64_t>();
        if (number < min || number > max) {
            fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
            return std::nullopt;
        }
        return number;
    }

    std::optional<bool> boolean(std::string_view key) {
        if (!ok() || !has(key)) {
            return std::nullopt;
        }
        const auto& value = m_object.at(std::string(key));
        if (!value.is_boolean()) {
            fail(key, "expected true or false");
            return std::nullopt;
        }
        return value.get<bool>();
    }

    const json* child(std::string_view key, json::value_t type, bool required) {
        if (!ok()) {
            return nullptr;
        }
        if (!has(key)) {
            if (required) {
                fail(key, "required key is missing");
            }
            return nullptr;
        }
        const auto& value = m_object.at(std::string(key));
        if (value.type() != type) {
            fail(key, type == json::value_t::array ? "expected a list" : "expected an object");
            return nullptr;
        }
        return &value;
    }

    Reader nested(const json& object, const std::string& path) { return Reader(object, path, m_source, m_error); }

    static std::string format(double number) {
        json value = number;
        return value.dump();
    }

private:
    const json& m_object;
    std::string m_path;
    std::string m_source;
    std::optional<Error>* m_error;
};

SchemeItem parse_item(Reader& r, bool in_dimension) {
    SchemeItem item;
    r.only({"id", "name", "figure", "rule", "points", "cap", "from", "to", "steps", "verified_only"});
    item.id = r.string("id", true, 64);
    item.name = r.string("name", true, 64);
    item.figure = r.string("figure", true, 64);
    std::string rule = r.string("rule", true, 32);
    if (!r.ok()) {
        return item;
    }
    if (item.id.empty()) {
        r.fail("id", "must not be empty");
    }
    const auto& names = figure_names();
    if (std::find(names.begin(), names.end(), item.figure) == names.end()) {
        r.fail("figure", "unknown figure '" + item.figure + "'");
        return item;
    }
    auto rule_pos = std::find(kRuleNames.begin(), kRuleNames.end(), rule);
    if (rule_pos == kRuleNames.end()) {
        r.fail("rule", "unknown rule '" + rule + "' (per_unit, threshold, ratio, scaled or deduction)");
        return item;
    }
    item.rule = static_cast<ItemRule>(rule_pos - kRuleNames.begin());
    bool threshold = item.rule == ItemRule::Threshold;
    item.points = r.number("points", !threshold, 0, kMaxNumber).value_or(0);
    if (threshold && r.has("points")) {
        r.fail("points", "a threshold item takes its points from its steps");
    }
    if (r.has("cap") && item.rule != ItemRule::PerUnit && item.rule != ItemRule::Deduction) {
        r.fail("cap", "only per_unit and deduction items have a cap");
    }
    if (r.ok() && r.has("cap") && r.number("cap", false, -kMaxNumber, kMaxNumber).value_or(0) < 0) {
        r.fail("cap", "must not be negative");
    }
    item.cap = r.number("cap", false, 0, kMaxNumber);
    if (item.rule == ItemRule::Scaled) {
        item.from = r.number("from", true, -kMaxNumber, kMaxNumber).value_or(0);
        item.to = r.number("to", true, -kMaxNumber, kMaxNumber).value_or(0);
        if (r.ok() && item.from == item.to) {
            r.fail("to", "must differ from 'from'");
        }
    } else if (r.has("from") || r.has("to")) {
        r.fail(r.has("from") ? "from" : "to", "only scaled items have 'from' and 'to'");
    }
    const json* steps = r.child("steps", json::value_t::array, threshold);
    if (steps != nullptr && !threshold) {
        r.fail("steps", "only threshold items have steps");
    }
    if (steps != nullptr && r.ok()) {
        if (steps->empty() || steps->size() > kMaxSteps) {
            r.fail("steps", "must hold 1 to " + std::to_string(kMaxSteps) + " steps");
        }
        for (size_t i = 0; i < steps->size() && r.ok(); ++i) {
            Reader s = r.nested((*steps)[i], r.key_path("steps") + "[" + std::to_string(i) + "]");
            s.only({"at_least", "points"});
            ThresholdStep step;
            step.at_least = s.number("at_least", true, -kMaxNumber, kMaxNumber).value_or(0);
            step.points = s.number("points", true, 0, kMaxNumber).value_or(0);
            if (s.ok() && !item.steps.empty() && step.at_least <= item.steps.back().at_least) {
                s.fail("at_least", "steps must be in ascending order of at_least");
            }
            item.steps.push_back(step);
        }
    }
    item.verified_only = r.boolean("verified_only").value_or(false);
    if (r.ok() && item.verified_only && !self_reported_figure(item.figure)) {
        r.fail("verified_only", "applies only to visit and training figures (self-reported facts)");
    }
    (void)in_dimension;
    return item;
}

void parse_items(Reader& r, const char* key, bool required, bool in_dimension, std::vector<SchemeItem>* out,
                 std::set<std::string>* ids) {
    const json* list = r.child(key, json::value_t::array, required);
    if (list == nullptr || !r.ok()) {
        return;
    }
    if (list->size() > kMaxItems) {
        r.fail(key, "more than " + std::to_string(kMaxItems) + " items");
        return;
    }
    for (size_t i = 0; i < list->size() && r.ok(); ++i) {
        Reader item_reader = r.nested((*list)[i], r.key_path(key) + "[" + std::to_string(i) + "]");
        SchemeItem item = parse_item(item_reader, in_dimension);
        if (item_reader.ok() && !ids->insert(item.id).second) {
            item_reader.fail("id", "duplicate item id '" + item.id + "'");
        }
        out->push_back(std::move(item));
    }
}

BandRules parse_bands(Reader& r) {
    BandRules bands;
    r.only({"excellent", "good", "pass", "excellent_quota", "quota_pool", "excellent_max_rank", "floor_service_days",
            "floor_visits", "floor_prorated"});
    bands.excellent = r.number("excellent", true, 0, kMaxNumber).value_or(0);
    bands.good = r.number("good", true, 0, kMaxNumber).value_or(0);
    bands.pass = r.number("pass", true, 0, kMaxNumber).value_or(0);
    if (r.ok() && bands.good > bands.excellent) {
        r.fail("good", "cut-offs must descend: excellent >= good >= pass");
    }
    if (r.ok() && bands.pass > bands.good) {
        r.fail("pass", "cut-offs must descend: excellent >= good >= pass");
    }
    if (r.ok() && r.has("excellent_quota")) {
        double quota = r.number("excellent_quota", true, -kMaxNumber, kMaxNumber).value_or(0);
        if (r.ok() && !(quota > 0 && quota <= 1)) {
            r.fail("excellent_quota", "must be in (0, 1]");
        }
        bands.excellent_quota = quota;
    }
    std::string pool = r.string("quota_pool", false, 16);
    if (pool == "region") {
        bands.quota_pool = BandRules::Pool::Region;
    } else if (!pool.empty() && pool != "county") {
        r.fail("quota_pool", "must be 'county' or 'region'");
    }
    bands.excellent_max_rank = static_cast<int>(r.integer("excellent_max_rank", false, 0, 100000).value_or(0));
    bands.floor_service_days = r.integer("floor_service_days", false, 0, 3660).value_or(0);
    bands.floor_visits = r.integer("floor_visits", false, 0, 100000).value_or(0);
    bands.floor_prorated = r.boolean("floor_prorated").value_or(true);
    return bands;
}

TypeScheme parse_type(Reader& r) {
    TypeScheme type;
    r.only({"dimensions", "adjustments", "bands"});
    std::set<std::string> item_ids;
    std::set<std::string> dimension_ids;
    const json* dimensions = r.child("dimensions", json::value_t::array, true);
    if (dimensions != nullptr && r.ok()) {
        if (dimensions->empty() || dimensions->size() > kMaxItems) {
            r.fail("dimensions", "must hold 1 to " + std::to_string(kMaxItems) + " dimensions");
        }
        for (size_t i = 0; i < dimensions->size() && r.ok(); ++i) {
            Reader d = r.nested((*dimensions)[i], r.key_path("dimensions") + "[" + std::to_string(i) + "]");
            d.only({"id", "name", "weight", "items"});
            Dimension dimension;
            dimension.id = d.string("id", true, 64);
            dimension.name = d.string("name", true, 64);
            dimension.weight = d.number("weight", true, 0, 1000).value_or(0);
            if (d.ok() && dimension.id.empty()) {
                d.fail("id", "must not be empty");
            }
            if (d.ok() && !dimension_ids.insert(dimension.id).second) {
                d.fail("id", "duplicate dimension id '" + dimension.id + "'");
            }
            parse_items(d, "items", true, true, &dimension.items, &item_ids);
            type.dimensions.push_back(std::move(dimension));
        }
    }
    parse_items(r, "adjustments", false, false, &type.adjustments, &item_ids);
    const json* bands = r.child("bands", json::value_t::object, true);
    if (bands != nullptr && r.ok()) {
        Reader b = r.nested(*bands, r.key_path("bands"));
        type.bands = parse_bands(b);
    }
    return type;
}

std::string file_stem(std::string_view source) {
    auto slash = source.find_last_of('/');
    if (slash != std::string_view::npos) {
        source = source.substr(slash + 1);
    }
    if (source.size() > 5 && source.substr(source.size() - 5) == ".json") {
        return std::string(source.substr(0, source.size() - 5));
    }
    return {};
}

json item_json(const SchemeItem& item) {
    json out = {{"id", item.id},
                {"name", item.name},
                {"figure", item.figure},
                {"rule", kRuleNames[static_cast<size_t>(item.rule)]},
                {"verified_only", item.verified_only}};
    if (item.rule != ItemRule::Threshold) {
        out["points"] = item.points;
    }
    if (item.cap) {
        out["cap"] = *item.cap;
    }
    if (item.rule == ItemRule::Scaled) {
        out["from"] = item.from;
        out["to"] = item.to;
    }
    if (item.rule == ItemRule::Threshold) {
        out["steps"] = json::array();
        for (const auto& step : item.steps) {
            out["steps"].push_back({{"at_least", step.at_least}, {"points", step.points}});
        }
    }
    return out;
}

json type_json(const TypeScheme& type) {
    json dimensions = json::array();
    for (const auto& dimension : type.dimensions) {
        json items = json::array();
        for (const auto& item : dimension.items) {
            items.push_back(item_json(item));
        }
        dimensions.push_back(
            {{"id", dimension.id}, {"name", dimension.name}, {"weight", dimension.weight}, {"items", items}});
    }
    json adjustments = json::array();
    for (const auto& item : type.adjustments) {
        adjustments.push_back(item_json(item));
    }
    const auto& b = type.bands;
    json bands = {{"excellent", b.excellent},
                  {"good", b.good},
                  {"pass", b.pass},
                  {"excellent_quota", b.excellent_quota},
                  {"quota_pool", b.quota_pool == BandRules::Pool::County ? "county" : "region"},
                  {"excellent_max_rank", b.excellent_max_rank},
                  {"floor_service_days", b.floor_service_days},
                  {"floor_visits", b.floor_visits},
                  {"floor_prorated", b.floor_prorated}};
    return {{"dimensions", dimensions}, {"adjustments", adjustments}, {"bands", bands}};
}

}  // namespace

Result<Scheme> parse_scheme(std::string_view json_text, std::string_view source_name) {
    std::string source(source_name);
    if (json_text.size() > kMaxSchemeBytes) {
        return Error{"invalid_scheme", source + ": (top): larger than 256 KiB", ""};
    }
    json document = json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (document.is_discarded()) {
        return Error{"invalid_scheme", source + ": (top): not valid JSON", ""};
    }
    std::optional<Error> error;
    Reader r(document, "", source, &error);
    Scheme scheme;
    r.only({"id", "version", "name", "source", "note", "satisfaction_prior", "sla", "flags", "individual", "team",
            "organisation"});
    scheme.id = r.string("id", true, 64);
    if (r.ok()) {
        bool valid_id = !scheme.id.empty() && std::all_of(scheme.id.begin(), scheme.id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        });
        std::string stem = file_stem(source);
        if (!valid_id) {
            r.fail("id", "use lowercase letters, digits, '-' and '_'");
        } else if (!stem.empty() && stem != scheme.id) {
            r.fail("id", "must equal the file name without .json ('" + stem + "')");
        }
    }
    scheme.version = static_cast<int>(r.integer("version", true, 1, 1000000).value_or(1));
    scheme.name = r.string("name", true, 200);
    scheme.source = r.string("source", true, 2000);
    scheme.note = r.string("note", false, 2000);
    if (const json* prior = r.child("satisfaction_prior", json::value_t::object, false)) {
        Reader p = r.nested(*prior, "satisfaction_prior");
        p.only({"mean", "weight"});
        scheme.prior_mean = p.number("mean", true, 1, 5).value_or(scheme.prior_mean);
        scheme.prior_weight = p.number("weight", true, 0, 10000).value_or(scheme.prior_weight);
    }
    if (const json* sla = r.child("sla", json::value_t::object, false)) {
        Reader s = r.nested(*sla, "sla");
        s.only({"claim_minutes", "contact_hours"});
        scheme.sla.claim_minutes = s.integer("claim_minutes", false, 1, 525600).value_or(scheme.sla.claim_minutes);
        scheme.sla.contact_hours = s.integer("contact_hours", false, 1, 8760).value_or(scheme.sla.contact_hours);
    }
    if (const json* flags = r.child("flags", json::value_t::object, false)) {
        Reader f = r.nested(*flags, "flags");
        f.only({"max_visits_per_day", "burst_confirmations", "burst_minutes", "min_ratings_one_phone"});
        auto& rules = scheme.flags;
        rules.max_visits_per_day =
            static_cast<int>(f.integer("max_visits_per_day", false, 1, 1000).value_or(rules.max_visits_per_day));
        rules.burst_confirmations =
            static_cast<int>(f.integer("burst_confirmations", false, 2, 1000).value_or(rules.burst_confirmations));
        rules.burst_minutes = f.integer("burst_minutes", false, 1, 10080).value_or(rules.burst_minutes);
        rules.min_ratings_one_phone =
            static_cast<int>(f.integer("min_ratings_one_phone", false, 2, 1000).value_or(rules.min_ratings_one_phone));
    }
    constexpr std::array<std::pair<const char*, AgentType>, 3> kTypes{
        {{"individual", AgentType::Individual}, {"team", AgentType::Team}, {"organisation", AgentType::Organisation}}};
    for (const auto& [key, type] : kTypes) {
        const json* section = r.child(key, json::value_t::object, type == AgentType::Individual);
        if (section != nullptr && r.ok()) {
            Reader t = r.nested(*section, key);
            scheme.types[type] = parse_type(t);
        }
    }
    if (error) {
        return *error;
    }
    return scheme;
}

std::string scheme_canonical_json(const Scheme& scheme) {
    json out = {{"id", scheme.id},
                {"version", scheme.version},
                {"name", scheme.name},
                {"source", scheme.source},
                {"satisfaction_prior", {{"mean", scheme.prior_mean}, {"weight", scheme.prior_weight}}},
                {"sla", {{"claim_minutes", scheme.sla.claim_minutes}, {"contact_hours", scheme.sla.contact_hours}}},
                {"flags",
                 {{"max_visits_per_day", scheme.flags.max_visits_per_day},
                  {"burst_confirmations", scheme.flags.burst_confirmations},
                  {"burst_minutes", scheme.flags.burst_minutes},
                  {"min_ratings_one_phone", scheme.flags.min_ratings_one_phone}}}};
    if (!scheme.note.empty()) {
        out["note"] = scheme.note;
    }
    for (const auto& [type, section] : scheme.types) {
        out[std::string(agent_type_name(type))] = type_json(section);
    }
    return out.dump();
}

const TypeScheme& type_scheme(const Scheme& scheme, AgentType type) {
    auto found = scheme.types.find(type);
    if (found != scheme.types.end()) {
        return found->second;
    }
    found = scheme.types.find(AgentType::Individual);
    if (found != scheme.types.end()) {
        return found->second;
    }
    static const TypeScheme kEmpty;
    return kEmpty;
}

}  // namespace xiangke::core::evaluation
