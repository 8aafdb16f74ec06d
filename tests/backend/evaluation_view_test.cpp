// The 考核 pages as pure functions (web/evaluation_view.h): a stored answer decodes back to the
// result it was made from, period presets, filters, and a province-sized ranking rendered once
// (one row and one drill-down link per agent; the time is printed as a figure, not asserted).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <regex>

#include "web/evaluation_view.h"

using namespace xiangke;
namespace ev = core::evaluation;

namespace {

ev::Scheme scheme() {
    ev::Scheme s;
    s.id = "test";
    s.name = "测试方案";
    ev::TypeScheme individual;
    for (const auto& [id, name] :
         {std::pair{"service", "服务情况"}, {"effect", "服务成效"}, {"satisfaction", "满意度"}}) {
        ev::Dimension d;
        d.id = id;
        d.name = name;
        d.weight = 30;
        individual.dimensions.push_back(d);
    }
    s.types[ev::AgentType::Individual] = individual;
    return s;
}

ev::ScoredEntry agent(int64_t id, double score, ev::Band band, const std::string& team) {
    ev::ScoredEntry e;
    e.id = id;
    e.name = "特派员" + std::to_string(id);
    e.team = team;
    e.score = score;
    e.band = band;
    e.band_reason = "cutoff";
    e.rank = static_cast<int>(id);
    e.pool = "330281";
    e.dimensions = {{"service", score / 2}, {"effect", score / 4}, {"satisfaction", score / 4}};
    e.figures.handled = id * 3;
    e.figures.resolved = id * 2;
    e.figures.confirmed = id;
    e.figures.satisfaction = 4.25;
    e.figures.median_claim_minutes = 37;
    e.figures.service_days = 20 + id;
    e.figures.visits = 30 + id;
    ev::ItemScore item;
    item.id = "service_days";
    item.name = "服务天数";
    item.dimension = "service";
    item.quantity = static_cast<double>(e.figures.service_days);
    item.points = 12.5;
    item.evidence = {{"visit", 100 + id, ev::EvidenceSource::SelfReported},
                     {"feedback", 200 + id, ev::EvidenceSource::FarmerKiosk}};
    e.items.push_back(item);
    e.flags.push_back({"never_contacted", "接单后未联系农户", {300 + id}});
    return e;
}

ev::EvaluationResult result_of(int agents) {
    ev::EvaluationResult r;
    r.period.from_date = "2026-01-01";
    r.period.to_date = "2026-12-08";
    r.scheme_id = "test";
    r.scheme_version = 1;
    r.scheme_name = "测试方案";
    for (int i = 1; i <= agents; ++i) {
        r.agents.push_back(agent(i, 100.0 - i * 0.01, i % 10 == 0 ? ev::Band::Excellent : ev::Band::Good,
                                 i % 2 == 0 ? "水稻团队" : ""));
    }
    return r;
}

}  // namespace

TEST(EvaluationView, AStoredAnswerDecodesToTheResultItWasMadeFrom) {
    const ev::EvaluationResult original = result_of(3);
    const ev::EvaluationResult decoded = backend::web::decode_result(ev::result_json(original, scheme()));
    ASSERT_EQ(decoded.agents.size(), original.agents.size());
    EXPECT_EQ(decoded.period.from_date, "2026-01-01");
    EXPECT_EQ(decoded.scheme_name, "测试方案");
    for (size_t i = 0; i < original.agents.size(); ++i) {
        const auto& a = original.agents[i];
        const auto& b = decoded.agents[i];
        EXPECT_EQ(b.id, a.id);
        EXPECT_EQ(b.name, a.name);
        EXPECT_EQ(b.team, a.team);
        EXPECT_EQ(b.band, a.band);
        EXPECT_DOUBLE_EQ(b.score, std::round(a.score * 100) / 100);
        EXPECT_EQ(b.rank, a.rank);
        EXPECT_EQ(b.figures.handled, a.figures.handled);
        EXPECT_EQ(b.figures.service_days, a.figures.service_days);
        EXPECT_EQ(b.figures.median_claim_minutes, a.figures.median_claim_minutes);
        EXPECT_DOUBLE_EQ(b.figures.satisfaction, a.figures.satisfaction);
        ASSERT_EQ(b.items.size(), 1u);
        ASSERT_EQ(b.items[0].evidence.size(), 2u);
        EXPECT_EQ(b.items[0].evidence[0].kind, "visit");
        EXPECT_EQ(b.items[0].evidence[0].source, ev::EvidenceSource::SelfReported);
        EXPECT_EQ(b.items[0].evidence[1].source, ev::EvidenceSource::FarmerKiosk);
        ASSERT_EQ(b.flags.size(), 1u);
        EXPECT_EQ(b.flags[0].event_ids, a.flags[0].event_ids);
    }
}

TEST(EvaluationView, AStoredAnswerCountsEvidenceBeyondWhatItLists) {
    const ev::EvaluationResult original = result_of(2);
    auto answer = ev::result_json(original, scheme(), ev::JsonOptions{1});
    auto counts = backend::web::decode_evidence_counts(answer, false, 2);
    EXPECT_EQ(counts["service_days"], 2);
    EXPECT_EQ(backend::web::decode_result(answer).agents[1].items[0].evidence.size(), 1u);
}

TEST(EvaluationView, PeriodPresetsFollowTheCalendar) {
    auto presets = backend::web::period_presets("2026-02-14");
    ASSERT_EQ(presets.size(), 4u);
    EXPECT_EQ(presets[0].label, "本年度");
    EXPECT_EQ(presets[0].from, "2026-01-01");
    EXPECT_EQ(presets[0].to, "2026-02-14");
    EXPECT_EQ(presets[1].to, "2026-06-30");
    EXPECT_EQ(presets[2].from, "2026-01-01");  // 本季度
    EXPECT_EQ(presets[3].from, "2026-01-01");  // 上月: January
    EXPECT_EQ(presets[3].to, "2026-01-31");
    auto january = backend::web::period_presets("2026-01-10");
    EXPECT_EQ(january[3].from, "2025-12-01");
    EXPECT_EQ(january[3].to, "2025-12-31");
    auto leap = backend::web::period_presets("2028-03-02");
    EXPECT_EQ(leap[3].to, "2028-02-29");
}

TEST(EvaluationView, FiltersKeepOneTeamOrOneType) {
    ev::EvaluationResult r = result_of(6);
    ev::ScoredEntry team;
    team.id = 77;
    team.name = "水稻团队";
    r.teams.push_back(team);
    r.agents[0].type = ev::AgentType::Organisation;
    backend::web::EvaluationQuery q;
    q.team = 77;
    EXPECT_EQ(backend::web::filter_agents(r, q).size(), 3u);  // agents 2, 4, 6
    q.team = 0;
    q.agent_type = "organisation";
    auto kept = backend::web::filter_agents(r, q);
    ASSERT_EQ(kept.size(), 1u);
    EXPECT_EQ(kept[0]->id, 1);
}

TEST(EvaluationView, AProvinceRankingRendersOneRowAndLinkPerAgent) {
    constexpr int kAgents = 2000;
    const ev::EvaluationResult r = result_of(kAgents);
    backend::web::RankingForm form;
    form.query = {"test", "2026-01-01", "2026-12-08", "33", 0, ""};
    form.schemes = {{"test", "测试方案"}};
    form.regions = {{"33", "浙江省"}};
    form.today = "2026-12-08";
    form.region_name = "浙江省";
    const auto started = std::chrono::steady_clock::now();
    const std::string html = backend::web::render_ranking_body(form, r, scheme());
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    std::cout << "ranking of " << kAgents << " agents: " << html.size() / 1024 << " KiB of HTML in " << ms << " ms\n";
    std::regex link("href=\"/admin/evaluation/agents/[0-9]+\\?");
    EXPECT_EQ(std::distance(std::sregex_iterator(html.begin(), html.end(), link), std::sregex_iterator()), kAgents);
    EXPECT_NE(html.find(">服务情况</th>"), std::string::npos);
    EXPECT_NE(html.find("接单未联系"), std::string::npos);  // the flag as a tag
    EXPECT_NE(html.find("<svg"), std::string::npos);
}
