#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "xiangke/core/evaluation.h"
#include "xiangke/core/time.h"

using namespace xiangke::core;
using namespace xiangke::core::evaluation;

namespace {

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A small valid scheme; tests break one thing at a time.
constexpr const char* kMinimal = R"({
      "id": "mini", "version": 2, "name": "小方案", "source": "测试",
      "individual": {
        "dimensions": [
          {"id": "service", "name": "服务情况", "weight": 60, "items": [
            {"id": "days", "name": "服务天数", "figure": "service_days", "rule": "per_unit", "points": 0.6, "cap": 45},
            {"id": "people", "name": "培训人次", "figure": "attendees", "rule": "threshold",
             "steps": [{"at_least": 100, "points": 5}, {"at_least": 400, "points": 10}]}
          ]},
          {"id": "satisfaction", "name": "满意度", "weight": 30, "items": [
            {"id": "sat", "name": "满意度", "figure": "satisfaction", "rule": "scaled", "points": 30, "from": 3, "to": 5}
          ]}
        ],
        "adjustments": [
          {"id": "complaints", "name": "投诉", "figure": "complaints_upheld", "rule": "deduction", "points": 2, "cap": 10}
        ],
        "bands": {"excellent": 90, "good": 75, "pass": 60, "excellent_quota": 0.15}
      }
    })";

nlohmann::json minimal() {
    return nlohmann::json::parse(kMinimal);
}

std::string error_of(const nlohmann::json& scheme, const std::string& source = "mini.json") {
    auto parsed = parse_scheme(scheme.dump(), source);
    return parsed.ok() ? std::string("(parsed)") : parsed.error().message;
}

}  // namespace

TEST(EvaluationScheme, EveryShippedSchemeParses) {
    std::filesystem::path dir = std::filesystem::path(XIANGKE_SOURCE_DIR) / "data" / "evaluation";
    std::vector<std::string> ids;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".json") {
            continue;
        }
        std::string name = entry.path().filename().string();
        auto scheme = parse_scheme(read_text(entry.path()), name);
        ASSERT_TRUE(scheme.ok()) << scheme.error().message;
        EXPECT_EQ(scheme->id + ".json", name);
        EXPECT_FALSE(scheme->name.empty());
        EXPECT_FALSE(scheme->source.empty());
        // Individual, team and organisation each have their own section.
        EXPECT_EQ(scheme->types.size(), 3U) << name;
        // The canonical form parses back to itself.
        std::string canonical = scheme_canonical_json(*scheme);
        auto again = parse_scheme(canonical, name);
        ASSERT_TRUE(again.ok()) << again.error().message;
        EXPECT_EQ(scheme_canonical_json(*again), canonical);
        ids.push_back(scheme->id);
    }
    std::sort(ids.begin(), ids.end());
    for (const char* shipped : {"default", "guangxi-points", "henan-floor", "longyan-2024", "wenzhou-rank"}) {
        EXPECT_TRUE(std::binary_search(ids.begin(), ids.end(), shipped)) << shipped;
    }
}

TEST(EvaluationScheme, ShippedSchemesCarryTheirSourcesRules) {
    std::filesystem::path dir = std::filesystem::path(XIANGKE_SOURCE_DIR) / "data" / "evaluation";
    auto load = [&](const std::string& id) {
        auto scheme = parse_scheme(read_text(dir / (id + ".json")), id + ".json");
        EXPECT_TRUE(scheme.ok());
        return scheme.ok() ? *scheme : Scheme{};
    };
    Scheme longyan = load("longyan-2024");
    const auto& dims = type_scheme(longyan, AgentType::Individual).dimensions;
    ASSERT_EQ(dims.size(), 3U);
    EXPECT_EQ(dims[0].name, "服务情况");
    EXPECT_EQ(dims[0].weight, 60);
    EXPECT_EQ(dims[1].weight, 20);
    EXPECT_EQ(dims[2].weight, 20);
    EXPECT_EQ(type_scheme(longyan, AgentType::Individual).bands.excellent_quota, 0.15);

    Scheme guangxi = load("guangxi-points");
    const auto& days = type_scheme(guangxi, AgentType::Individual).dimensions[0].items[0];
    EXPECT_EQ(days.figure, "service_days");
    EXPECT_EQ(days.points, 0.6);
    EXPECT_EQ(days.cap, 45);
    EXPECT_EQ(type_scheme(guangxi, AgentType::Individual).dimensions[0].items[1].points, 0.2);
    EXPECT_NE(guangxi.note.find("积分制"), std::string::npos);

    Scheme wenzhou = load("wenzhou-rank");
    const auto& wb = type_scheme(wenzhou, AgentType::Individual).bands;
    EXPECT_EQ(wb.excellent, 90);
    EXPECT_EQ(wb.excellent_max_rank, 1);
    EXPECT_EQ(wb.good, 70);
    EXPECT_EQ(wb.pass, 60);

    Scheme henan = load("henan-floor");
    const auto& hb = type_scheme(henan, AgentType::Individual).bands;
    EXPECT_EQ(hb.floor_service_days, 30);
    EXPECT_EQ(hb.floor_visits, 12);

    Scheme fallback = load("default");
    const auto& db = type_scheme(fallback, AgentType::Individual).bands;
    EXPECT_EQ(db.excellent_quota, 0.15);
    EXPECT_EQ(db.floor_service_days, 30);
    EXPECT_TRUE(db.floor_prorated);
}

TEST(EvaluationScheme, ParsesEveryRule) {
    auto scheme = parse_scheme(minimal().dump(), "mini.json");
    ASSERT_TRUE(scheme.ok()) << scheme.error().message;
    EXPECT_EQ(scheme->version, 2);
    EXPECT_EQ(scheme->prior_mean, 4.0);  // defaults when a section is absent
    EXPECT_EQ(scheme->sla.contact_hours, 24);
    const auto& type = type_scheme(*scheme, AgentType::Individual);
    ASSERT_EQ(type.dimensions.size(), 2U);
    EXPECT_EQ(type.dimensions[0].items[1].rule, ItemRule::Threshold);
    EXPECT_EQ(type.dimensions[0].items[1].steps.size(), 2U);
    EXPECT_EQ(type.dimensions[1].items[0].rule, ItemRule::Scaled);
    EXPECT_EQ(type.dimensions[1].items[0].to, 5);
    EXPECT_EQ(type.adjustments[0].rule, ItemRule::Deduction);
    // Weights summing to 90 are allowed (a points scheme need not add up to 100).
    // Team and organisation fall back to the individual section.
    EXPECT_EQ(&type_scheme(*scheme, AgentType::Team), &type);
    EXPECT_EQ(&type_scheme(*scheme, AgentType::Organisation), &type);
}

TEST(EvaluationScheme, ErrorsNameTheFileAndTheKey) {
    auto s = minimal();
    s["colour"] = "red";
    EXPECT_EQ(error_of(s), "mini.json: colour: unknown key");

    s = minimal();
    s["individual"]["dimensions"][0]["items"][0]["capp"] = 4;
    EXPECT_EQ(error_of(s), "mini.json: individual.dimensions[0].items[0].capp: unknown key");

    s = minimal();
    s["individual"]["dimensions"][1]["items"][0]["figure"] = "visitz";
    EXPECT_EQ(error_of(s), "mini.json: individual.dimensions[1].items[0].figure: unknown figure 'visitz'");

    s = minimal();
    s.erase("individual");
    s["team"] = minimal()["individual"];
    EXPECT_EQ(error_of(s), "mini.json: individual: required key is missing");

    s = minimal();
    s["individual"]["dimensions"][0]["items"][0]["cap"] = -1;
    EXPECT_EQ(error_of(s), "mini.json: individual.dimensions[0].items[0].cap: must not be negative");

    s = minimal();
    s["individual"]["adjustments"][0]["cap"] = -3;
    EXPECT_EQ(error_of(s), "mini.json: individual.adjustments[0].cap: must not be negative");

    s = minimal();
    s["individual"]["dimensions"][0]["items"][1]["steps"][1]["at_least"] = 50;
    EXPECT_EQ(error_of(s),
              "mini.json: individual.dimensions[0].items[1].steps[1].at_least: steps must be in ascending order of "
              "at_least");

    s = minimal();
    s["individual"]["bands"]["excellent_quota"] = 0;
    EXPECT_EQ(error_of(s), "mini.json: individual.bands.excellent_quota: must be in (0, 1]");
    s["individual"]["bands"]["excellent_quota"] = 1.5;
    EXPECT_EQ(error_of(s), "mini.json: individual.bands.excellent_quota: must be in (0, 1]");

    s = minimal();
    s["individual"]["bands"]["good"] = 95;
    EXPECT_EQ(error_of(s), "mini.json: individual.bands.good: cut-offs must descend: excellent >= good >= pass");

    s = minimal();
    s["individual"]["dimensions"][0]["items"][0]["rule"] = "per_day";
    EXPECT_EQ(error_of(s),
              "mini.json: individual.dimensions[0].items[0].rule: unknown rule 'per_day' (per_unit, threshold, "
              "ratio, scaled or deduction)");

    s = minimal();
    s["individual"]["dimensions"][0]["items"][1]["id"] = "days";
    EXPECT_EQ(error_of(s), "mini.json: individual.dimensions[0].items[1].id: duplicate item id 'days'");

    s = minimal();
    s["individual"]["dimensions"][0]["items"][0]["verified_only"] = true;
    EXPECT_EQ(error_of(s), "(parsed)");
    s["individual"]["dimensions"][1]["items"][0]["verified_only"] = true;
    EXPECT_EQ(error_of(s),
              "mini.json: individual.dimensions[1].items[0].verified_only: applies only to visit and training "
              "figures (self-reported facts)");

    s = minimal();
    s["individual"]["dimensions"][1]["items"][0]["to"] = 3;
    EXPECT_EQ(error_of(s), "mini.json: individual.dimensions[1].items[0].to: must differ from 'from'");

    s = minimal();
    s["individual"]["dimensions"][0]["weight"] = "60";
    EXPECT_EQ(error_of(s), "mini.json: individual.dimensions[0].weight: expected a number");

    s = minimal();
    EXPECT_EQ(error_of(s, "data/evaluation/other.json"),
              "data/evaluation/other.json: id: must equal the file name without .json ('other')");

    auto broken = parse_scheme("{\"id\": ", "broken.json");
    ASSERT_FALSE(broken.ok());
    EXPECT_EQ(broken.error().message, "broken.json: (top): not valid JSON");
    EXPECT_EQ(broken.error().code, "invalid_scheme");
}

TEST(EvaluationScheme, CanonicalJsonIsStable) {
    auto a = parse_scheme(kMinimal, "mini.json");
    // The same scheme with its keys in another order and other whitespace.
    auto b = parse_scheme(minimal().dump(4), "mini.json");
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(scheme_canonical_json(*a), scheme_canonical_json(*b));
    auto canonical = nlohmann::json::parse(scheme_canonical_json(*a));
    EXPECT_EQ(canonical["individual"]["bands"]["excellent_quota"], 0.15);
    EXPECT_EQ(canonical["satisfaction_prior"]["weight"], 5.0);
    EXPECT_EQ(canonical["individual"]["dimensions"][0]["items"][0]["cap"], 45.0);
}

TEST(EvaluationScheme, NamesRoundTrip) {
    for (auto type : {AgentType::Individual, AgentType::Team, AgentType::Organisation}) {
        EXPECT_EQ(agent_type_from_name(agent_type_name(type)), type);
    }
    EXPECT_EQ(agent_type_label(AgentType::Organisation), "法人");
    for (auto band : {Band::Excellent, Band::Good, Band::Pass, Band::Fail}) {
        EXPECT_EQ(band_from_label(band_label(band)), band);
    }
    EXPECT_EQ(band_label(Band::Fail), "不合格");
    EXPECT_EQ(visit_method_from_name("video"), VisitMethod::Video);
    EXPECT_FALSE(visit_method_from_name("fax"));
    EXPECT_EQ(evidence_source_name(EvidenceSource::AdminCallback), "admin_callback");
    for (const auto& name : figure_names()) {
        EXPECT_TRUE(figure_value(Figures{}, name) || name.find("minutes") != std::string::npos || name == "mean_rating")
            << name;
    }
    EXPECT_FALSE(figure_value(Figures{}, "visitz"));
}

TEST(EvaluationScheme, PeriodsAreChecked) {
    auto period = make_period("2026-01-01", "2026-12-31");
    ASSERT_TRUE(period.ok());
    EXPECT_EQ((period->to_ms - period->from_ms) / kDayMs, 365);
    EXPECT_EQ(period->from_ms, *parse_shanghai_date("2026-01-01"));
    EXPECT_EQ(make_period("2026-02-30", "2026-12-31").error().field, "from");
    EXPECT_EQ(make_period("2026-03-01", "2026-02-28").error().field, "to");
    EXPECT_EQ(make_period("2020-01-01", "2026-12-31").error().field, "to");
    EXPECT_TRUE(make_period("2026-05-05", "2026-05-05").ok());
}
