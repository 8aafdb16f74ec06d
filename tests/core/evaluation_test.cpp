#include "xiangke/core/evaluation.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "xiangke/core/time.h"

using namespace xiangke::core;
using namespace xiangke::core::evaluation;
using lifecycle::Actor;
using lifecycle::EventKind;

namespace {

// A scheme with round numbers so every expected value below can be checked by hand.
constexpr const char* kFixtureScheme = R"({
  "id": "fixture", "version": 3, "name": "测试方案", "source": "测试",
  "satisfaction_prior": {"mean": 4, "weight": 2},
  "sla": {"claim_minutes": 60, "contact_hours": 24},
  "flags": {"max_visits_per_day": 2, "burst_confirmations": 3, "burst_minutes": 10, "min_ratings_one_phone": 3},
  "individual": {
    "dimensions": [
      {"id": "service", "name": "服务情况", "weight": 60, "items": [
        {"id": "handled", "name": "接单", "figure": "handled", "rule": "per_unit", "points": 10, "cap": 30},
        {"id": "visits_verified", "name": "核实的走访", "figure": "visits", "rule": "per_unit", "points": 5, "cap": 20,
         "verified_only": true},
        {"id": "service_days", "name": "服务天数", "figure": "service_days", "rule": "per_unit", "points": 2, "cap": 10}
      ]},
      {"id": "results", "name": "服务成效", "weight": 20, "items": [
        {"id": "confirmed", "name": "农户确认", "figure": "confirmed", "rule": "per_unit", "points": 5, "cap": 10},
        {"id": "resolution_rate", "name": "解决率", "figure": "resolution_rate", "rule": "ratio", "points": 10}
      ]},
      {"id": "satisfaction", "name": "满意度", "weight": 20, "items": [
        {"id": "satisfaction", "name": "满意度", "figure": "satisfaction", "rule": "scaled", "points": 20,
         "from": 3, "to": 5}
      ]}
    ],
    "adjustments": [
      {"id": "complaints", "name": "投诉", "figure": "complaints_upheld", "rule": "deduction", "points": 5, "cap": 10},
      {"id": "attendees", "name": "培训人次", "figure": "attendees", "rule": "threshold",
       "steps": [{"at_least": 10, "points": 2}, {"at_least": 30, "points": 5}]}
    ],
    "bands": {"excellent": 80, "good": 60, "pass": 40, "excellent_quota": 0.25, "quota_pool": "county",
              "floor_service_days": 3, "floor_visits": 3, "floor_prorated": false}
  },
  "team": {
    "dimensions": [
      {"id": "service", "name": "服务", "weight": 100, "items": [
        {"id": "handled", "name": "接单", "figure": "handled", "rule": "per_unit", "points": 5, "cap": 50},
        {"id": "confirmed", "name": "农户确认", "figure": "confirmed", "rule": "per_unit", "points": 5, "cap": 50}
      ]}
    ],
    "bands": {"excellent": 80, "good": 60, "pass": 40}
  }
})";

Scheme fixture_scheme() {
    auto scheme = parse_scheme(kFixtureScheme, "fixture.json");
    EXPECT_TRUE(scheme.ok()) << (scheme.ok() ? "" : scheme.error().message);
    return scheme.ok() ? *scheme : Scheme{};
}

int64_t at(const std::string& date, int hour, int minute = 0) {
    return *parse_shanghai_date(date) + hour * kHourMs + minute * kMinuteMs;
}

// Builds an input the way the backend loads it: every visit, rating and confirmation is also an
// event in the log.
class History {
public:
    EvaluationInput in;

    History(const std::string& from, const std::string& to) { in.period = *make_period(from, to); }

    void agent(int64_t id, const std::string& name, const std::string& region, int64_t team = 0,
               const std::string& phone_key = "") {
        AgentInfo a;
        a.id = id;
        a.name = name;
        a.region_code = region;
        a.team_id = team;
        a.phone_key = phone_key.empty() ? "P" + std::to_string(id) : phone_key;
        in.agents.push_back(a);
    }
    void team(int64_t id, const std::string& name, const std::string& region) {
        in.teams.push_back(TeamInfo{id, name, region, 0});
    }
    void request(const std::string& id, const std::string& village, const std::string& farmer, const std::string& kiosk,
                 int64_t received_at) {
        in.requests.push_back(RequestInfo{id, "C" + id, village, kiosk, farmer, "水稻", received_at});
        event(id, EventKind::Received, 0, received_at, Actor::Kiosk, kiosk);
    }
    int64_t event(const std::string& request, EventKind kind, int64_t agent, int64_t when, Actor actor = Actor::Agent,
                  const std::string& actor_id = "", std::vector<int64_t> offered = {}) {
        RequestEvent e;
        e.id = m_next_event++;
        e.request_id = request;
        e.kind = kind;
        e.actor = actor;
        e.agent_id = agent;
        e.server_at = when;
        e.actor_id = actor_id;
        e.offered_to = std::move(offered);
        in.events.push_back(e);
        return e.id;
    }
    int64_t offer(const std::string& request, std::vector<int64_t> agents, int64_t when) {
        return event(request, EventKind::Offered, 0, when, Actor::System, "", std::move(agents));
    }
    // Returns the visit's event id; the visit id is m_last_visit.
    int64_t visit(const std::string& request, int64_t agent, const std::string& date, VisitMethod method,
                  int64_t when) {
        int64_t event_id = event(request, EventKind::Visited, agent, when);
        Visit v;
        v.id = m_next_visit++;
        v.event_id = event_id;
        v.request_id = request;
        v.agent_id = agent;
        v.date = date;
        v.method = method;
        v.recorded_at = when;
        in.visits.push_back(v);
        last_visit = v.id;
        return event_id;
    }
    int64_t confirm(const std::string& request, int64_t agent, int64_t when, const std::string& kiosk) {
        int64_t event_id = event(request, EventKind::Confirmed, agent, when, Actor::Kiosk, kiosk);
        in.feedback.push_back(
            Feedback{m_next_feedback++, event_id, request, kiosk, EventKind::Confirmed, 0, agent, when});
        return event_id;
    }
    // Returns the rating's event id; the feedback id is last_feedback.
    int64_t rate(const std::string& request, int64_t agent, int rating, int64_t when, const std::string& kiosk) {
        int64_t event_id = event(request, EventKind::Rated, agent, when, Actor::Kiosk, kiosk);
        last_feedback = m_next_feedback++;
        in.feedback.push_back(Feedback{last_feedback, event_id, request, kiosk, EventKind::Rated, rating, agent, when});
        return event_id;
    }
    void training(int64_t id, int64_t agent, const std::string& village, const std::string& date, int64_t attendees,
                  int64_t signups, EvidenceSource source) {
        in.trainings.push_back(Training{id, agent, village, date, attendees, signups, source});
    }
    void callback(int64_t id, CallbackSubject subject, const std::string& subject_id, CallbackResult result) {
        in.callbacks.push_back(Callback{id, subject, subject_id, result, at("2026-12-01", 10)});
    }

    int64_t last_visit = 0;
    int64_t last_feedback = 0;

private:
    int64_t m_next_event = 1;
    int64_t m_next_visit = 101;
    int64_t m_next_feedback = 501;
};

// Ids of the events the expectations name.
struct FixtureIds {
    int64_t a1_visit_events[4] = {};
    int64_t a1_visit_ids[4] = {};
    int64_t a1_confirms[3] = {};
    int64_t a2_r5_resolved = 0, a2_r6_claim = 0;
    int64_t a3_r7_claim = 0, a3_r9_complaint = 0, a3_r7_complaint = 0;
    int64_t a3_visit_events[3] = {};
    int64_t a3_denied_visit_event = 0;
    int64_t a3_ratings[3] = {};
    int64_t a4_confirms[5] = {};
    int64_t a5_ratings_feedback[3] = {};
};

// Six agents in two counties, two teams; 2026 as the period. Each agent shows something:
// 1 diligent, 2 resolves without visiting (and serves their own phone), 3 never contacts one
// request and logs implausible visits, 4 confirmations in a burst, 5 a verified training,
// 6 weak, on sick leave (overridden).
History fixture_history(FixtureIds* ids) {
    History h("2026-01-01", "2026-12-31");
    const std::string V1 = "350802001001", V2 = "350802001002", V3 = "350802001003";
    const std::string V4 = "350803001001", V5 = "350803001002";
    h.team(10, "稻作团队", "350802001");
    h.team(20, "果树团队", "350803001");
    h.agent(1, "林一", "350802001", 10);
    h.agent(2, "林二", "350802001", 10);
    h.agent(3, "林三", "350802002", 0);
    h.agent(4, "林四", "350802001", 10);
    h.agent(5, "陈五", "350803001", 20);
    h.agent(6, "陈六", "350803001", 20);
    h.in.agents[0].team_name = "稻作团队";
    h.in.agents[1].team_name = "稻作团队";
    h.in.agents[3].team_name = "稻作团队";

    // Agent 1: four requests, claimed after 30/10/50/20 minutes, contacted 60/50/70/10 minutes later.
    struct Plan {
        std::string id, date, village, farmer;
        int claim, contact;
        VisitMethod method;
        EventKind outcome;
        bool confirmed;
        int rating;
    };
    std::vector<Plan> plans{
        {"R1", "2026-03-02", V1, "F1", 30, 60, VisitMethod::Onsite, EventKind::Resolved, true, 5},
        {"R2", "2026-03-05", V1, "F2", 10, 50, VisitMethod::Onsite, EventKind::Resolved, true, 4},
        {"R3", "2026-04-10", V2, "F3", 50, 70, VisitMethod::Phone, EventKind::PartlyResolved, false, 5},
        {"R4", "2026-05-20", V2, "F1", 20, 10, VisitMethod::Onsite, EventKind::Resolved, true, 0}};
    int confirm_index = 0;
    for (size_t i = 0; i < plans.size(); ++i) {
        const auto& p = plans[i];
        int64_t t0 = at(p.date, 8);
        h.request(p.id, p.village, p.farmer, "K1", t0);
        h.offer(p.id, p.id == "R1" ? std::vector<int64_t>{1, 2} : std::vector<int64_t>{1}, t0);
        h.event(p.id, EventKind::Claimed, 1, t0 + p.claim * kMinuteMs);
        h.event(p.id, EventKind::Contacted, 1, t0 + (p.claim + p.contact) * kMinuteMs);
        ids->a1_visit_events[i] = h.visit(p.id, 1, p.date, p.method, t0 + 3 * kHourMs);
        ids->a1_visit_ids[i] = h.last_visit;
        h.event(p.id, p.outcome, 1, t0 + 4 * kHourMs);
        if (p.confirmed) {
            ids->a1_confirms[confirm_index++] = h.confirm(p.id, 1, t0 + 2 * kDayMs, "K1");
        }
        if (p.rating > 0) {
            h.rate(p.id, 1, p.rating, t0 + 2 * kDayMs + kMinuteMs, "K1");
        }
    }
    h.training(1, 1, V3, "2026-06-01", 35, 10, EvidenceSource::KioskSignup);
    // Outside the period: before it and after it. None of it counts.
    h.request("R19", V1, "F1", "K1", at("2025-12-20", 8));
    h.offer("R19", {1}, at("2025-12-20", 8));
    h.event("R19", EventKind::Claimed, 1, at("2025-12-20", 9));
    h.visit("R19", 1, "2025-12-20", VisitMethod::Onsite, at("2025-12-20", 10));
    h.event("R19", EventKind::Resolved, 1, at("2025-12-21", 10));
    h.request("R20", V1, "F1", "K1", at("2027-01-03", 8));
    h.event("R20", EventKind::Claimed, 1, at("2027-01-03", 9));
    h.training(9, 1, V1, "2027-01-05", 100, 0, EvidenceSource::SelfReported);

    // Agent 2: R5 claimed after 100 minutes and resolved without contact; R6 is their own phone.
    h.request("R5", V1, "F4", "K1", at("2026-03-10", 10));
    h.offer("R5", {2}, at("2026-03-10", 10));
    h.event("R5", EventKind::Claimed, 2, at("2026-03-10", 11, 40));
    ids->a2_r5_resolved = h.event("R5", EventKind::Resolved, 2, at("2026-03-10", 12));
    h.rate("R5", 2, 2, at("2026-03-11", 9), "K1");
    h.request("R6", V1, "P2", "K1", at("2026-07-01", 9));
    h.offer("R6", {2}, at("2026-07-01", 9));
    ids->a2_r6_claim = h.event("R6", EventKind::Claimed, 2, at("2026-07-01", 9, 5));
    h.event("R6", EventKind::Contacted, 2, at("2026-07-01", 9, 10));
    h.visit("R6", 2, "2026-07-01", VisitMethod::Onsite, at("2026-07-01", 10));
    h.event("R6", EventKind::Resolved, 2, at("2026-07-01", 11));
    h.confirm("R6", 2, at("2026-07-02", 9), "K1");

    // Agent 3: R7 never contacted (and a complaint not upheld); R8 two visits the same day; R9 a
    // third visit that day, an upheld complaint, and a visit a 回访 denied. All ratings from F5.
    h.request("R7", V1, "F5", "K3", at("2026-12-20", 10));
    h.offer("R7", {3}, at("2026-12-20", 10));
    ids->a3_r7_claim = h.event("R7", EventKind::Claimed, 3, at("2026-12-20", 10, 15));
    ids->a3_r7_complaint = h.event("R7", EventKind::Complaint, 3, at("2026-12-21", 9), Actor::Kiosk, "K3");
    h.in.complaint_decisions.push_back(ComplaintDecision{ids->a3_r7_complaint, false});
    h.request("R8", V1, "F5", "K3", at("2026-08-03", 8));
    h.offer("R8", {3}, at("2026-08-03", 8));
    h.event("R8", EventKind::Claimed, 3, at("2026-08-03", 8, 10));
    h.event("R8", EventKind::Contacted, 3, at("2026-08-03", 8, 20));
    ids->a3_visit_events[0] = h.visit("R8", 3, "2026-08-03", VisitMethod::Onsite, at("2026-08-03", 9));
    ids->a3_visit_events[1] = h.visit("R8", 3, "2026-08-03", VisitMethod::Onsite, at("2026-08-03", 15));
    h.event("R8", EventKind::Resolved, 3, at("2026-08-03", 16));
    h.confirm("R8", 3, at("2026-08-05", 10), "K3");
    ids->a3_ratings[0] = h.rate("R8", 3, 5, at("2026-08-05", 10, 1), "K3");
    ids->a3_ratings[1] = h.rate("R8", 3, 4, at("2026-08-06", 10), "K3");
    h.request("R9", V1, "F5", "K3", at("2026-08-03", 9));
    h.offer("R9", {3}, at("2026-08-03", 9));
    h.event("R9", EventKind::Claimed, 3, at("2026-08-03", 9, 5));
    ids->a3_r9_complaint = h.event("R9", EventKind::Complaint, 3, at("2026-08-03", 9, 7), Actor::Kiosk, "K3");
    h.event("R9", EventKind::Contacted, 3, at("2026-08-03", 9, 10));
    ids->a3_visit_events[2] = h.visit("R9", 3, "2026-08-03", VisitMethod::Onsite, at("2026-08-03", 11));
    ids->a3_denied_visit_event = h.visit("R9", 3, "2026-08-04", VisitMethod::Onsite, at("2026-08-04", 11));
    h.callback(901, CallbackSubject::Visit, std::to_string(h.last_visit), CallbackResult::Denied);
    h.event("R9", EventKind::Resolved, 3, at("2026-08-04", 12));
    ids->a3_ratings[2] = h.rate("R9", 3, 5, at("2026-08-07", 10), "K3");

    // Agent 4: five requests, three confirmations within six minutes at one kiosk.
    for (int i = 0; i < 5; ++i) {
        std::string id = "R1" + std::to_string(i);
        std::string date = "2026-09-0" + std::to_string(i + 1);
        int64_t t0 = at(date, 8);
        h.request(id, V2, "F" + std::to_string(6 + i), "K2", t0);
        h.offer(id, {4}, t0);
        h.event(id, EventKind::Claimed, 4, t0 + 10 * kMinuteMs);
        h.event(id, EventKind::Contacted, 4, t0 + 20 * kMinuteMs);
        h.visit(id, 4, date, VisitMethod::Onsite, t0 + kHourMs);
        h.event(id, EventKind::Resolved, 4, t0 + 2 * kHourMs);
    }
    int64_t confirm_times[5] = {at("2026-09-10", 10), at("2026-09-10", 10, 3), at("2026-09-10", 10, 6),
                                at("2026-09-11", 10), at("2026-09-12", 10)};
    for (int i = 0; i < 5; ++i) {
        ids->a4_confirms[i] = h.confirm("R1" + std::to_string(i), 4, confirm_times[i], "K2");
    }

    // Agent 5: three confirmed requests rated 5 by three farmers; a self-reported training a 回访 confirmed.
    for (int i = 0; i < 3; ++i) {
        std::string id = "R1" + std::to_string(5 + i);
        std::string date = "2026-04-0" + std::to_string(i + 1);
        int64_t t0 = at(date, 8);
        h.request(id, V4, "F" + std::to_string(11 + i), "K4", t0);
        h.offer(id, {5}, t0);
        h.event(id, EventKind::Claimed, 5, t0 + 10 * kMinuteMs);
        h.event(id, EventKind::Contacted, 5, t0 + 20 * kMinuteMs);
        h.visit(id, 5, date, VisitMethod::Onsite, t0 + kHourMs);
        h.event(id, EventKind::Resolved, 5, t0 + 2 * kHourMs);
        h.confirm(id, 5, t0 + kDayMs, "K4");
        h.rate(id, 5, 5, t0 + kDayMs + kMinuteMs, "K4");
        ids->a5_ratings_feedback[i] = h.last_feedback;
    }
    h.training(2, 5, V4, "2026-05-10", 40, 0, EvidenceSource::SelfReported);
    h.callback(902, CallbackSubject::Training, "2", CallbackResult::Confirmed);

    // Agent 6: one assigned request contacted after 30 hours, a phone visit, cannot resolve; a
    // self-reported training nobody checked. Overridden to 合格 (sick leave).
    h.request("R18", V4, "F14", "K4", at("2026-10-10", 10));
    h.event("R18", EventKind::Assigned, 6, at("2026-10-10", 10), Actor::System);
    h.event("R18", EventKind::Contacted, 6, at("2026-10-11", 16));
    h.visit("R18", 6, "2026-10-11", VisitMethod::Phone, at("2026-10-11", 17));
    h.event("R18", EventKind::CannotResolve, 6, at("2026-10-11", 18));
    h.training(3, 6, V5, "2026-10-20", 12, 0, EvidenceSource::SelfReported);
    h.in.overrides.push_back(Override{6, false, Band::Pass, "病假，经考核小组同意", "admin-1", at("2026-12-30", 9)});
    return h;
}

const ScoredEntry& entry_of(const EvaluationResult& result, int64_t id) {
    for (const auto& entry : result.agents) {
        if (entry.id == id) {
            return entry;
        }
    }
    ADD_FAILURE() << "no agent " << id;
    static ScoredEntry none;
    return none;
}

const ItemScore& item_of(const ScoredEntry& entry, const std::string& id) {
    for (const auto& item : entry.items) {
        if (item.id == id) {
            return item;
        }
    }
    ADD_FAILURE() << "no item " << id;
    static ItemScore none;
    return none;
}

std::vector<std::string> flag_codes(const ScoredEntry& entry) {
    std::vector<std::string> codes;
    for (const auto& flag : entry.flags) {
        codes.push_back(flag.code);
    }
    return codes;
}

const Flag& flag_of(const ScoredEntry& entry, const std::string& code) {
    for (const auto& flag : entry.flags) {
        if (flag.code == code) {
            return flag;
        }
    }
    ADD_FAILURE() << "no flag " << code;
    static Flag none;
    return none;
}

void expect_near_all(const std::vector<double>& actual, const std::vector<double>& expected) {
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_NEAR(actual[i], expected[i], 1e-9) << "at " << i;
    }
}

std::vector<double> points_of(const ScoredEntry& entry) {
    std::vector<double> points;
    for (const auto& item : entry.items) {
        points.push_back(item.points);
    }
    return points;
}

std::vector<double> dimensions_of(const ScoredEntry& entry) {
    std::vector<double> points;
    for (const auto& [id, value] : entry.dimensions) {
        points.push_back(value);
    }
    return points;
}

}  // namespace

TEST(Evaluation, FixtureFiguresAreHandChecked) {
    FixtureIds ids;
    History h = fixture_history(&ids);
    auto result = evaluate(h.in, fixture_scheme());

    const auto& a1 = entry_of(result, 1).figures;
    EXPECT_EQ(a1.offered, 4);
    EXPECT_EQ(a1.claimed, 4);
    EXPECT_EQ(a1.assigned, 0);
    EXPECT_EQ(a1.handled, 4);  // R19 (before) and R20 (after the period) do not count
    EXPECT_EQ(a1.resolved, 3);
    EXPECT_EQ(a1.partly_resolved, 1);
    EXPECT_EQ(a1.outcomes, 4);
    EXPECT_EQ(a1.confirmed, 3);
    EXPECT_DOUBLE_EQ(a1.resolution_rate, 1.0);
    EXPECT_DOUBLE_EQ(a1.confirmation_rate, 0.75);
    EXPECT_EQ(a1.ratings, 3);
    EXPECT_DOUBLE_EQ(*a1.mean_rating, 14.0 / 3);
    EXPECT_DOUBLE_EQ(a1.satisfaction, 4.4);          // (4 × 2 + 14) / (2 + 3)
    EXPECT_DOUBLE_EQ(*a1.median_claim_minutes, 25);  // 10 20 | 30 50
    EXPECT_DOUBLE_EQ(*a1.p90_claim_minutes, 50);
    EXPECT_DOUBLE_EQ(*a1.median_contact_minutes, 55);  // 10 50 | 60 70
    EXPECT_DOUBLE_EQ(*a1.p90_contact_minutes, 70);
    EXPECT_EQ(a1.overdue, 0);
    EXPECT_EQ(a1.villages_covered, 3);  // V1, V2 and the training's V3
    EXPECT_EQ(a1.farmers_served, 3);
    EXPECT_EQ(a1.visits, 4);
    EXPECT_EQ(a1.visits_onsite, 3);
    EXPECT_EQ(a1.visits_phone, 1);
    EXPECT_EQ(a1.service_days, 4);
    EXPECT_EQ(a1.trainings, 1);
    EXPECT_EQ(a1.attendees, 35);

    const auto& a2 = entry_of(result, 2).figures;
    EXPECT_EQ(a2.offered, 3);  // R1 was offered to agents 1 and 2
    EXPECT_EQ(a2.claimed, 2);
    EXPECT_EQ(a2.handled, 2);
    EXPECT_EQ(a2.resolved, 2);
    EXPECT_EQ(a2.confirmed, 1);
    EXPECT_DOUBLE_EQ(a2.confirmation_rate, 0.5);
    EXPECT_DOUBLE_EQ(*a2.mean_rating, 2);
    EXPECT_DOUBLE_EQ(a2.satisfaction, 10.0 / 3);
    EXPECT_DOUBLE_EQ(*a2.median_claim_minutes, 52.5);
    EXPECT_DOUBLE_EQ(*a2.p90_claim_minutes, 100);
    EXPECT_DOUBLE_EQ(*a2.median_contact_minutes, 5);
    EXPECT_EQ(a2.overdue, 1);  // R5 claimed after 100 > 60 minutes
    EXPECT_EQ(a2.farmers_served, 2);
    EXPECT_EQ(a2.visits, 1);
    EXPECT_EQ(a2.service_days, 1);

    const auto& a3 = entry_of(result, 3).figures;
    EXPECT_EQ(a3.handled, 3);
    EXPECT_EQ(a3.resolved, 2);
    EXPECT_EQ(a3.confirmed, 1);
    EXPECT_DOUBLE_EQ(a3.resolution_rate, 2.0 / 3);
    EXPECT_DOUBLE_EQ(a3.satisfaction, 4.4);
    EXPECT_DOUBLE_EQ(*a3.median_claim_minutes, 10);
    EXPECT_DOUBLE_EQ(*a3.p90_claim_minutes, 15);
    EXPECT_DOUBLE_EQ(*a3.median_contact_minutes, 7.5);
    EXPECT_DOUBLE_EQ(*a3.p90_contact_minutes, 10);
    EXPECT_EQ(a3.overdue, 1);  // R7, never contacted
    EXPECT_EQ(a3.complaints, 2);
    EXPECT_EQ(a3.complaints_upheld, 1);
    EXPECT_EQ(a3.visits, 3);  // the denied visit is gone
    EXPECT_EQ(a3.service_days, 1);
    EXPECT_EQ(a3.villages_covered, 1);
    EXPECT_EQ(a3.farmers_served, 1);

    const auto& a4 = entry_of(result, 4).figures;
    EXPECT_EQ(a4.handled, 5);
    EXPECT_EQ(a4.confirmed, 5);
    EXPECT_FALSE(a4.mean_rating.has_value());
    EXPECT_DOUBLE_EQ(a4.satisfaction, 4.0);  // the prior alone
    EXPECT_EQ(a4.service_days, 5);

    const auto& a5 = entry_of(result, 5).figures;
    EXPECT_DOUBLE_EQ(a5.satisfaction, 4.6);
    EXPECT_EQ(a5.trainings, 1);
    EXPECT_EQ(a5.attendees, 40);
    EXPECT_EQ(a5.villages_covered, 1);

    const auto& a6 = entry_of(result, 6).figures;
    EXPECT_EQ(a6.offered, 0);
    EXPECT_EQ(a6.claimed, 0);
    EXPECT_EQ(a6.assigned, 1);
    EXPECT_EQ(a6.handled, 1);
    EXPECT_EQ(a6.cannot_resolve, 1);
    EXPECT_DOUBLE_EQ(a6.resolution_rate, 0);
    EXPECT_FALSE(a6.median_claim_minutes.has_value());
    EXPECT_DOUBLE_EQ(*a6.median_contact_minutes, 1800);
    EXPECT_EQ(a6.overdue, 1);  // contacted 30 hours after the assignment
    EXPECT_EQ(a6.visits_phone, 1);
    EXPECT_EQ(a6.trainings, 1);
    EXPECT_EQ(a6.attendees, 12);
    EXPECT_EQ(a6.villages_covered, 2);
}

TEST(Evaluation, FixtureItemsScoresAndBands) {
    FixtureIds ids;
    History h = fixture_history(&ids);
    auto result = evaluate(h.in, fixture_scheme());
    EXPECT_EQ(result.scheme_id, "fixture");
    EXPECT_EQ(result.scheme_version, 3);

    // Items in scheme order: handled, visits_verified, service_days | confirmed, resolution_rate |
    // satisfaction | complaints, attendees.
    const auto& a1 = entry_of(result, 1);
    expect_near_all(points_of(a1), {30, 15, 8, 10, 10, 14, 0, 5});
    expect_near_all(dimensions_of(a1), {53, 20, 14});
    EXPECT_DOUBLE_EQ(item_of(a1, "visits_verified").quantity, 3);  // R3's visit is not confirmed
    EXPECT_DOUBLE_EQ(a1.score, 92);

    const auto& a2 = entry_of(result, 2);
    expect_near_all(dimensions_of(a2), {27, 15, 10.0 / 3});
    EXPECT_DOUBLE_EQ(a2.score, 45.33);

    const auto& a3 = entry_of(result, 3);
    EXPECT_EQ(points_of(a3)[1], 10);  // two of three visits verified by R8's confirmation
    EXPECT_DOUBLE_EQ(item_of(a3, "complaints").points, -5);
    EXPECT_DOUBLE_EQ(item_of(a3, "complaints").quantity, 1);
    EXPECT_DOUBLE_EQ(a3.score, 62.67);

    const auto& a4 = entry_of(result, 4);
    expect_near_all(points_of(a4), {30, 20, 10, 10, 10, 10, 0, 0});
    EXPECT_DOUBLE_EQ(a4.score, 90);

    const auto& a5 = entry_of(result, 5);
    expect_near_all(points_of(a5), {30, 15, 6, 10, 10, 16, 0, 5});
    EXPECT_DOUBLE_EQ(a5.score, 92);

    const auto& a6 = entry_of(result, 6);
    expect_near_all(points_of(a6), {10, 0, 2, 0, 0, 10, 0, 2});
    EXPECT_DOUBLE_EQ(a6.score, 24);

    // Best first, ties by id; ranks within each county.
    std::vector<int64_t> order;
    std::vector<int> ranks;
    for (const auto& entry : result.agents) {
        order.push_back(entry.id);
        ranks.push_back(entry.rank);
    }
    EXPECT_EQ(order, (std::vector<int64_t>{1, 5, 4, 3, 2, 6}));
    EXPECT_EQ(ranks, (std::vector<int>{1, 1, 2, 3, 4, 2}));
    EXPECT_EQ(entry_of(result, 1).pool, "350802");
    EXPECT_EQ(entry_of(result, 6).pool, "350803");

    // Quota 25%: one 优秀 among four in 350802; none among two in 350803 (0.25 × 2 < 1).
    EXPECT_EQ(a1.band, Band::Excellent);
    EXPECT_EQ(a1.band_reason, "cutoff");
    EXPECT_EQ(a4.band, Band::Good);
    EXPECT_EQ(a4.band_reason, "quota");
    EXPECT_EQ(a5.band, Band::Good);
    EXPECT_EQ(a5.band_reason, "quota");
    EXPECT_EQ(a3.band, Band::Good);
    EXPECT_EQ(a3.band_reason, "cutoff");
    // 45.33 would pass, but one service day and one visit are below the floor (3 or 3).
    EXPECT_EQ(a2.band, Band::Fail);
    EXPECT_EQ(a2.band_reason, "floor");
    EXPECT_EQ(a6.band, Band::Pass);
    EXPECT_EQ(a6.band_reason, "override: 病假，经考核小组同意");
}

TEST(Evaluation, FixtureEvidenceNamesTheFacts) {
    FixtureIds ids;
    History h = fixture_history(&ids);
    auto result = evaluate(h.in, fixture_scheme());

    const auto& verified = item_of(entry_of(result, 1), "visits_verified").evidence;
    std::vector<Evidence> expected{{"event", ids.a1_confirms[0], EvidenceSource::FarmerKiosk},
                                   {"event", ids.a1_confirms[1], EvidenceSource::FarmerKiosk},
                                   {"event", ids.a1_confirms[2], EvidenceSource::FarmerKiosk},
                                   {"visit", ids.a1_visit_ids[0], EvidenceSource::SelfReported},
                                   {"visit", ids.a1_visit_ids[1], EvidenceSource::SelfReported},
                                   {"visit", ids.a1_visit_ids[3], EvidenceSource::SelfReported}};
    ASSERT_EQ(verified.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(verified[i].kind, expected[i].kind) << i;
        EXPECT_EQ(verified[i].id, expected[i].id) << i;
        EXPECT_EQ(verified[i].source, expected[i].source) << i;
    }
    // All four visits behind service days, none verified by a callback.
    EXPECT_EQ(item_of(entry_of(result, 1), "service_days").evidence.size(), 4U + 3U);

    const auto& confirmed = item_of(entry_of(result, 4), "confirmed").evidence;
    ASSERT_EQ(confirmed.size(), 5U);
    EXPECT_EQ(confirmed[0].id, ids.a4_confirms[0]);
    EXPECT_EQ(confirmed[0].source, EvidenceSource::FarmerKiosk);

    const auto& complaints = item_of(entry_of(result, 3), "complaints").evidence;
    ASSERT_EQ(complaints.size(), 1U);  // R7's complaint was not upheld
    EXPECT_EQ(complaints[0].id, ids.a3_r9_complaint);

    const auto& satisfaction = item_of(entry_of(result, 5), "satisfaction").evidence;
    ASSERT_EQ(satisfaction.size(), 3U);
    EXPECT_EQ(satisfaction[0].kind, "feedback");
    EXPECT_EQ(satisfaction[0].id, ids.a5_ratings_feedback[0]);

    const auto& training = item_of(entry_of(result, 5), "attendees").evidence;
    ASSERT_EQ(training.size(), 2U);
    EXPECT_EQ(training[0].kind, "callback");
    EXPECT_EQ(training[0].id, 902);
    EXPECT_EQ(training[0].source, EvidenceSource::AdminCallback);
    EXPECT_EQ(training[1].kind, "training");
    EXPECT_EQ(training[1].source, EvidenceSource::SelfReported);
}

TEST(Evaluation, FixtureFlagsNameTheirEvents) {
    FixtureIds ids;
    History h = fixture_history(&ids);
    auto result = evaluate(h.in, fixture_scheme());

    EXPECT_TRUE(entry_of(result, 1).flags.empty());
    const auto& a2 = entry_of(result, 2);
    EXPECT_EQ(flag_codes(a2), (std::vector<std::string>{"resolved_without_visit", "own_phone"}));
    EXPECT_EQ(flag_of(a2, "resolved_without_visit").event_ids, std::vector<int64_t>{ids.a2_r5_resolved});
    EXPECT_EQ(flag_of(a2, "resolved_without_visit").message, "1 个求助未联系、未走访就报告了解决");
    EXPECT_EQ(flag_of(a2, "own_phone").event_ids, std::vector<int64_t>{ids.a2_r6_claim});

    const auto& a3 = entry_of(result, 3);
    EXPECT_EQ(flag_codes(a3), (std::vector<std::string>{"never_contacted", "implausible_visits", "ratings_one_phone",
                                                        "callback_denied"}));
    EXPECT_EQ(flag_of(a3, "never_contacted").event_ids, std::vector<int64_t>{ids.a3_r7_claim});
    EXPECT_EQ(flag_of(a3, "implausible_visits").event_ids,
              (std::vector<int64_t>{ids.a3_visit_events[0], ids.a3_visit_events[1], ids.a3_visit_events[2]}));
    EXPECT_EQ(flag_of(a3, "implausible_visits").message, "1 天走访超过每天 2 次，1 次同一求助同一天重复走访");
    EXPECT_EQ(flag_of(a3, "ratings_one_phone").event_ids,
              (std::vector<int64_t>{ids.a3_ratings[0], ids.a3_ratings[1], ids.a3_ratings[2]}));
    EXPECT_EQ(flag_of(a3, "callback_denied").event_ids, std::vector<int64_t>{ids.a3_denied_visit_event});

    const auto& a4 = entry_of(result, 4);
    EXPECT_EQ(flag_codes(a4), std::vector<std::string>{"confirmation_burst"});
    EXPECT_EQ(flag_of(a4, "confirmation_burst").event_ids,
              (std::vector<int64_t>{ids.a4_confirms[0], ids.a4_confirms[1], ids.a4_confirms[2]}));
    EXPECT_TRUE(entry_of(result, 5).flags.empty());
    EXPECT_TRUE(entry_of(result, 6).flags.empty());  // late, but contacted
}

TEST(Evaluation, FixtureTeamsPoolTheirMembers) {
    FixtureIds ids;
    History h = fixture_history(&ids);
    auto result = evaluate(h.in, fixture_scheme());
    ASSERT_EQ(result.teams.size(), 2U);
    const auto& rice = result.teams[0];
    EXPECT_EQ(rice.id, 10);
    EXPECT_EQ(rice.type, AgentType::Team);
    EXPECT_EQ(rice.members, (std::vector<int64_t>{1, 2, 4}));
    EXPECT_EQ(rice.figures.handled, 11);
    EXPECT_EQ(rice.figures.confirmed, 9);
    EXPECT_EQ(rice.figures.visits, 10);
    EXPECT_EQ(rice.figures.service_days, 10);                  // distinct dates over all members
    EXPECT_DOUBLE_EQ(*rice.figures.median_claim_minutes, 10);  // eleven claims pooled
    EXPECT_DOUBLE_EQ(*rice.figures.p90_claim_minutes, 50);
    expect_near_all(points_of(rice), {50, 45});
    EXPECT_DOUBLE_EQ(rice.score, 95);
    EXPECT_EQ(rice.band, Band::Excellent);
    EXPECT_EQ(rice.rank, 1);

    const auto& fruit = result.teams[1];
    EXPECT_EQ(fruit.id, 20);
    EXPECT_EQ(fruit.members, (std::vector<int64_t>{5, 6}));
    EXPECT_DOUBLE_EQ(fruit.score, 35);
    EXPECT_EQ(fruit.band, Band::Fail);
}

TEST(Evaluation, RankRuleAndProratedFloor) {
    FixtureIds ids;
    History h = fixture_history(&ids);
    Scheme scheme = fixture_scheme();
    auto& bands = scheme.types[AgentType::Individual].bands;
    // 温州: 优秀 only for the first of each pool with at least 80 here; no quota.
    bands.excellent_quota = 1;
    bands.excellent_max_rank = 1;
    auto result = evaluate(h.in, scheme);
    EXPECT_EQ(entry_of(result, 1).band, Band::Excellent);
    EXPECT_EQ(entry_of(result, 4).band, Band::Good);
    EXPECT_EQ(entry_of(result, 4).band_reason, "rank_rule");
    EXPECT_EQ(entry_of(result, 5).band, Band::Excellent);

    // The second half of 2026 (184 days) against 8 days or 8 visits a year: prorated to 4.
    History half = fixture_history(&ids);
    half.in.period = *make_period("2026-07-01", "2026-12-31");
    bands.floor_service_days = 8;
    bands.floor_visits = 8;
    bands.floor_prorated = true;
    result = evaluate(half.in, scheme);
    EXPECT_EQ(entry_of(result, 4).figures.service_days, 5);
    EXPECT_NE(entry_of(result, 4).band_reason, "floor");
    EXPECT_EQ(entry_of(result, 3).figures.visits, 3);
    EXPECT_EQ(entry_of(result, 3).band, Band::Fail);
    EXPECT_EQ(entry_of(result, 3).band_reason, "floor");
    bands.floor_prorated = false;
    result = evaluate(half.in, scheme);
    EXPECT_EQ(entry_of(result, 4).band_reason, "floor");
}

TEST(Evaluation, ResultJsonFollowsTheContract) {
    FixtureIds ids;
    History h = fixture_history(&ids);
    Scheme scheme = fixture_scheme();
    auto json = result_json(evaluate(h.in, scheme), scheme);
    EXPECT_EQ(json["from"], "2026-01-01");
    EXPECT_EQ(json["to"], "2026-12-31");
    EXPECT_EQ(json["scheme"]["id"], "fixture");
    EXPECT_EQ(json["scheme"]["version"], 3);
    EXPECT_EQ(json["scheme"]["name"], "测试方案");
    EXPECT_EQ(json["weights"], (nlohmann::json{{"service", 60.0}, {"results", 20.0}, {"satisfaction", 20.0}}));
    ASSERT_EQ(json["agents"].size(), 6U);
    const auto& first = json["agents"][0];
    EXPECT_EQ(first["agent_id"], 1);
    EXPECT_EQ(first["name"], "林一");
    EXPECT_EQ(first["team"], "稻作团队");
    EXPECT_EQ(first["type"], "individual");
    EXPECT_EQ(first["handled"], 4);
    EXPECT_EQ(first["resolved"], 3);
    EXPECT_EQ(first["confirmed"], 3);
    EXPECT_EQ(first["mean_rating"], 4.67);
    EXPECT_EQ(first["median_claim_minutes"], 25.0);
    EXPECT_EQ(first["overdue"], 0);
    EXPECT_EQ(first["service_days"], 4);
    EXPECT_EQ(first["visits"], 4);
    EXPECT_EQ(first["trainings"], 1);
    EXPECT_EQ(first["attendees"], 35);
    EXPECT_EQ(first["dimensions"], (nlohmann::json{{"service", 53.0}, {"results", 20.0}, {"satisfaction", 14.0}}));
    EXPECT_EQ(first["score"], 92.0);
    EXPECT_EQ(first["band"], "优秀");
    EXPECT_EQ(first["band_reason"], "cutoff");
    EXPECT_EQ(first["rank"], 1);
    EXPECT_EQ(first["figures"]["p90_claim_minutes"], 50.0);
    EXPECT_EQ(first["figures"]["satisfaction"], 4.4);
    EXPECT_EQ(first["figures"].size(), figure_names().size());
    const auto& item = first["items"][1];
    EXPECT_EQ(item["id"], "visits_verified");
    EXPECT_EQ(item["name"], "核实的走访");
    EXPECT_EQ(item["dimension"], "service");
    EXPECT_EQ(item["quantity"], 3.0);
    EXPECT_EQ(item["points"], 15.0);
    EXPECT_EQ(item["evidence"][0],
              (nlohmann::json{{"kind", "event"}, {"id", ids.a1_confirms[0]}, {"source", "farmer_kiosk"}}));
    EXPECT_EQ(first["items"][6]["dimension"], "");  // an adjustment
    EXPECT_EQ(item["evidence_count"], 6);
    auto limited = result_json(evaluate(h.in, scheme), scheme, JsonOptions{2});
    EXPECT_EQ(limited["agents"][0]["items"][1]["evidence"].size(), 2U);
    EXPECT_EQ(limited["agents"][0]["items"][1]["evidence_count"], 6);
    EXPECT_EQ(limited["agents"][0]["items"][1]["evidence"][0], item["evidence"][0]);
    EXPECT_EQ(entry_json(evaluate(h.in, scheme).agents[0], false), first);

    const auto& fourth = json["agents"][2];
    EXPECT_EQ(fourth["agent_id"], 4);
    EXPECT_TRUE(fourth["mean_rating"].is_null());
    EXPECT_EQ(fourth["flags"][0]["code"], "confirmation_burst");
    EXPECT_EQ(fourth["flags"][0]["event_ids"].size(), 3U);
    EXPECT_EQ(fourth["band"], "良好");
    EXPECT_EQ(json["agents"][4]["score"], 45.33);
    EXPECT_EQ(json["agents"][4]["band"], "不合格");
    const auto& last = json["agents"][5];
    EXPECT_TRUE(last["median_claim_minutes"].is_null());
    EXPECT_EQ(last["band"], "合格");
    EXPECT_EQ(last["band_reason"], "override: 病假，经考核小组同意");

    ASSERT_EQ(json["teams"].size(), 2U);
    EXPECT_EQ(json["teams"][0]["team_id"], 10);
    EXPECT_EQ(json["teams"][0]["members"], (nlohmann::json{1, 2, 4}));
    EXPECT_EQ(json["teams"][0]["type"], "team");
    EXPECT_EQ(json["teams"][0]["score"], 95.0);
}

// ---------------------------------------------------------------------------------------------
// Properties over random histories.

namespace {

Scheme shipped_scheme(const std::string& id) {
    std::filesystem::path path = std::filesystem::path(XIANGKE_SOURCE_DIR) / "data" / "evaluation" / (id + ".json");
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto scheme = parse_scheme(text.str(), id + ".json");
    EXPECT_TRUE(scheme.ok()) << (scheme.ok() ? "" : scheme.error().message);
    return scheme.ok() ? *scheme : Scheme{};
}

// A random year: agents in three counties, requests with random claim, contact, visits,
// outcomes, confirmations, ratings, complaints and trainings.
History random_history(uint32_t seed, int agent_count, int request_count) {
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
    History h("2026-01-01", "2026-12-31");
    const char* counties[] = {"350802", "350803", "350821"};
    for (int a = 1; a <= agent_count; ++a) {
        h.agent(a, "特派员" + std::to_string(a), std::string(counties[pick(3)]) + "001", 1 + pick(3));
    }
    for (int t = 1; t <= 3; ++t) {
        h.team(t, "团队" + std::to_string(t), std::string(counties[t - 1]) + "001");
    }
    int64_t start = h.in.period.from_ms;
    for (int r = 0; r < request_count; ++r) {
        std::string id = "Q" + std::to_string(r);
        int64_t t = start + static_cast<int64_t>(pick(360)) * kDayMs + pick(600) * kMinuteMs;
        int64_t agent = 1 + pick(agent_count);
        std::string village = std::string(counties[pick(3)]) + "00100" + std::to_string(pick(5));
        h.request(id, village, "F" + std::to_string(pick(40)), "K" + std::to_string(pick(4)), t);
        h.offer(id, {agent, 1 + pick(agent_count)}, t);
        t += pick(300) * kMinuteMs;
        h.event(id, pick(5) == 0 ? EventKind::Assigned : EventKind::Claimed, agent, t);
        if (pick(6) == 0) {
            h.event(id, EventKind::Complaint, agent, t + kMinuteMs, Actor::Kiosk, "K0");
        }
        if (pick(8) == 0) {
            continue;  // never contacted
        }
        t += pick(2000) * kMinuteMs;
        h.event(id, EventKind::Contacted, agent, t);
        int visits = pick(3);
        for (int v = 0; v < visits; ++v) {
            t += pick(600) * kMinuteMs;
            h.visit(id, agent, format_shanghai_date(t), static_cast<VisitMethod>(pick(4)), t);
            if (pick(5) == 0) {
                h.callback(10000 + h.last_visit, CallbackSubject::Visit, std::to_string(h.last_visit),
                           pick(3) == 0 ? CallbackResult::Denied : CallbackResult::Confirmed);
            }
        }
        t += kHourMs;
        EventKind outcomes[] = {EventKind::Resolved, EventKind::Resolved, EventKind::PartlyResolved,
                                EventKind::Referred, EventKind::CannotResolve};
        h.event(id, outcomes[pick(5)], agent, t);
        if (pick(2) == 0) {
            h.confirm(id, agent, t + pick(3000) * kMinuteMs, "K" + std::to_string(pick(4)));
        }
        if (pick(2) == 0) {
            h.rate(id, agent, 1 + pick(5), t + kDayMs, "K1");
        }
    }
    for (int i = 0; i < agent_count; ++i) {
        if (pick(2) == 0) {
            h.training(i + 1, 1 + pick(agent_count), "350802001001", "2026-0" + std::to_string(1 + pick(9)) + "-15",
                       pick(120), pick(2) == 0 ? 0 : pick(20), EvidenceSource::SelfReported);
        }
    }
    return h;
}

// Adds a request the agent claimed at once, contacted, visited, resolved and the farmer confirmed.
void add_confirmed_resolution(History* h, int64_t agent, int64_t day) {
    std::string id = "NEW" + std::to_string(agent);
    int64_t t = h->in.period.from_ms + day * kDayMs + 9 * kHourMs;
    h->request(id, "350802009009", "FNEW", "K9", t);
    h->offer(id, {agent}, t);
    h->event(id, EventKind::Claimed, agent, t);
    h->event(id, EventKind::Contacted, agent, t + kMinuteMs);
    h->visit(id, agent, format_shanghai_date(t), VisitMethod::Onsite, t + 2 * kMinuteMs);
    h->event(id, EventKind::Resolved, agent, t + 3 * kMinuteMs);
    h->confirm(id, agent, t + 4 * kMinuteMs, "K9");
}

}  // namespace

TEST(EvaluationProperty, QuotaIsNeverExceeded) {
    const double quotas[] = {0.1, 0.15, 0.2, 0.3, 0.5};
    int dropped_by_quota = 0;
    for (const std::string id : {"default", "longyan-2024", "guangxi-points", "wenzhou-rank"}) {
        for (bool lowered : {false, true}) {
            Scheme scheme = shipped_scheme(id);
            for (uint32_t seed = 1; seed <= 15; ++seed) {
                auto& bands = scheme.types[AgentType::Individual].bands;
                if (lowered) {
                    // Cut-offs most agents reach, so the quota has work to do.
                    bands.excellent = 20;
                    bands.good = 10;
                    bands.pass = 5;
                    bands.excellent_quota = quotas[seed % 5];
                    bands.quota_pool = seed % 2 == 0 ? BandRules::Pool::County : BandRules::Pool::Region;
                }
                History h = random_history(seed, 25, 600);
                auto result = evaluate(h.in, scheme);
                std::map<std::string, std::pair<int, int>> pools;  // pool → (size, 优秀)
                for (const auto& entry : result.agents) {
                    auto& pool = pools[entry.pool];
                    ++pool.first;
                    pool.second += entry.band == Band::Excellent ? 1 : 0;
                    dropped_by_quota += entry.band_reason == "quota" ? 1 : 0;
                }
                for (const auto& [pool, counts] : pools) {
                    int allowed = static_cast<int>(std::floor(bands.excellent_quota * counts.first + 1e-9));
                    if (bands.excellent_max_rank > 0) {
                        allowed = std::min(allowed, bands.excellent_max_rank);
                    }
                    EXPECT_LE(counts.second, allowed) << id << " seed " << seed << " pool " << pool;
                }
            }
        }
    }
    EXPECT_GT(dropped_by_quota, 100);  // the property was put to the test
}

TEST(EvaluationProperty, AConfirmedResolutionNeverLowersTheScore) {
    for (const std::string id : {"default", "longyan-2024", "guangxi-points", "henan-floor"}) {
        Scheme scheme = shipped_scheme(id);
        for (uint32_t seed = 1; seed <= 12; ++seed) {
            History h = random_history(seed * 7, 12, 300);
            auto before = evaluate(h.in, scheme);
            int64_t agent = 1 + static_cast<int64_t>(seed % 12);
            add_confirmed_resolution(&h, agent, 30 + seed * 20);
            auto after = evaluate(h.in, scheme);
            EXPECT_GE(entry_of(after, agent).score, entry_of(before, agent).score) << id << " seed " << seed;
            EXPECT_EQ(entry_of(after, agent).figures.confirmed, entry_of(before, agent).figures.confirmed + 1);
        }
    }
}

TEST(EvaluationProperty, RecomputationIsByteIdentical) {
    Scheme scheme = shipped_scheme("default");
    for (uint32_t seed = 1; seed <= 5; ++seed) {
        History h = random_history(seed, 20, 500);
        std::string first = result_json(evaluate(h.in, scheme), scheme).dump();
        std::string second = result_json(evaluate(h.in, scheme), scheme).dump();
        EXPECT_EQ(first, second);
        // The store may hand the events over in any order: the log order is the id order.
        std::mt19937 rng(seed);
        std::shuffle(h.in.events.begin(), h.in.events.end(), rng);
        EXPECT_EQ(result_json(evaluate(h.in, scheme), scheme).dump(), first);
    }
}

// The text writer serves the answer: byte for byte the tree's dump(), with every option.
TEST(EvaluationProperty, TextWriterMatchesTheTreesDump) {
    auto expect_same = [](const EvaluationResult& result, const Scheme& scheme) {
        for (int64_t limit : {-1, 0, 2, 20}) {
            nlohmann::json tree = result_json(result, scheme, JsonOptions{limit});
            EXPECT_EQ(result_json_text(result, scheme, JsonOptions{limit}), tree.dump()) << limit;
            tree["region"] = "3508";
            EXPECT_EQ(result_json_text(result, scheme, JsonOptions{limit}, std::string("3508"), true),
                      tree.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
                << limit;
        }
    };
    FixtureIds ids;
    History fixture = fixture_history(&ids);
    Scheme fixture_scheme_ = fixture_scheme();
    expect_same(evaluate(fixture.in, fixture_scheme_), fixture_scheme_);
    for (const char* id : {"default", "longyan-2024", "guangxi-points", "henan-floor", "wenzhou-rank"}) {
        Scheme scheme = shipped_scheme(id);
        for (uint32_t seed = 1; seed <= 2; ++seed) {
            History h = random_history(seed, 20, 400);
            EvaluationResult result = evaluate(h.in, scheme);
            expect_same(result, scheme);
            // Strings that need escaping, odd numbers and duplicate keys.
            if (!result.agents.empty()) {
                auto& entry = result.agents.front();
                entry.name = "a\"b\\c\n\t\x01\x7f 张";
                entry.band_reason = "override: \u00e9\r";
                entry.score = 1e21;
                entry.dimensions.emplace_back("service", 0.005);
                entry.dimensions.emplace_back("aaa", -0.004);
                entry.figures.mean_rating = std::nan("");
                entry.flags.push_back(Flag{"own_phone", "自己的\"号码\"", {}});
            }
            result.scheme_name = "方案 \"x\"";
            expect_same(result, scheme);
        }
    }
    // Invalid UTF-8: dump() throws, the HTTP layer's dump replaces it.
    EvaluationResult broken = evaluate(fixture.in, fixture_scheme_);
    broken.agents.front().name = "bad \xff name";
    EXPECT_THROW(result_json_text(broken, fixture_scheme_, JsonOptions{}), nlohmann::json::exception);
    nlohmann::json tree = result_json(broken, fixture_scheme_);
    tree["region"] = "35";
    EXPECT_EQ(result_json_text(broken, fixture_scheme_, JsonOptions{}, std::string("35"), true),
              tree.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// Not run by default: 1,000,000 events and 2,000 agents (run with --gtest_also_run_disabled_tests).
TEST(EvaluationProperty, DISABLED_MillionEventsTiming) {
    Scheme scheme = shipped_scheme("default");
    History h("2026-01-01", "2026-12-31");
    std::mt19937 rng(42);
    const int agents = 2000;
    for (int a = 1; a <= agents; ++a) {
        h.agent(a, "A" + std::to_string(a), "3508" + std::to_string(10 + a % 20) + "001", 1 + a % 200);
    }
    for (int t = 1; t <= 200; ++t) {
        h.team(t, "T" + std::to_string(t), "350810001");
    }
    int64_t start = h.in.period.from_ms;
    int r = 0;
    while (h.in.events.size() < 1000000) {
        std::string id = "Q" + std::to_string(r++);
        int64_t agent = 1 + static_cast<int64_t>(rng() % agents);
        int64_t t = start + static_cast<int64_t>(rng() % 360) * kDayMs + static_cast<int64_t>(rng() % 600) * kMinuteMs;
        h.request(id, "35081000100" + std::to_string(rng() % 10), "F" + std::to_string(rng() % 50000), "K1", t);
        h.offer(id, {agent}, t + kMinuteMs);
        h.event(id, EventKind::Claimed, agent, t + 30 * kMinuteMs);
        h.event(id, EventKind::Contacted, agent, t + 90 * kMinuteMs);
        h.visit(id, agent, format_shanghai_date(t), VisitMethod::Onsite, t + 3 * kHourMs);
        h.event(id, EventKind::Resolved, agent, t + 4 * kHourMs);
        h.confirm(id, agent, t + kDayMs, "K1");
        h.rate(id, agent, 1 + static_cast<int>(rng() % 5), t + kDayMs, "K1");
    }
    // The store reads events in id order, which is time order: requests interleave.
    std::stable_sort(h.in.events.begin(), h.in.events.end(),
                     [](const RequestEvent& a, const RequestEvent& b) { return a.server_at < b.server_at; });
    auto begin = std::chrono::steady_clock::now();
    std::clock_t cpu_begin = std::clock();
    auto result = evaluate(h.in, scheme);
    std::clock_t cpu_end = std::clock();
    auto middle = std::chrono::steady_clock::now();
    // CPU time too: the wall time suffers when other processes share the cores.
    std::printf("evaluate CPU time %.0f ms\n", 1000.0 * static_cast<double>(cpu_end - cpu_begin) / CLOCKS_PER_SEC);
    std::string dump = result_json(result, scheme).dump();
    auto end = std::chrono::steady_clock::now();
    std::string small = result_json(result, scheme, JsonOptions{20}).dump();
    auto end_small = std::chrono::steady_clock::now();
    auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
    std::printf(
        "events %zu requests %zu agents %d: evaluate %lld ms, result_json+dump %lld ms (%zu bytes), with at most 20 "
        "evidence per item %lld ms (%zu bytes)\n",
        h.in.events.size(), h.in.requests.size(), agents, static_cast<long long>(ms(middle - begin)),
        static_cast<long long>(ms(end - middle)), dump.size(), static_cast<long long>(ms(end_small - end)),
        small.size());
    EXPECT_EQ(result.agents.size(), static_cast<size_t>(agents));
}

TEST(Evaluation, ADeniedRequestCallbackRemovesItsVisitsAndOutcome) {
    FixtureIds ids;
    History h = fixture_history(&ids);
    h.callback(903, CallbackSubject::Request, "R4", CallbackResult::Denied);
    auto result = evaluate(h.in, fixture_scheme());
    const auto& a1 = entry_of(result, 1);
    EXPECT_EQ(a1.figures.resolved, 2);
    EXPECT_EQ(a1.figures.outcomes, 3);
    EXPECT_EQ(a1.figures.handled, 4);  // it was still held
    EXPECT_EQ(a1.figures.visits, 3);
    EXPECT_EQ(a1.figures.service_days, 3);
    EXPECT_EQ(flag_codes(a1), std::vector<std::string>{"callback_denied"});
    const auto& denied = flag_of(a1, "callback_denied").event_ids;
    ASSERT_EQ(denied.size(), 2U);  // R4's visit and R4's outcome
    EXPECT_EQ(denied[0], ids.a1_visit_events[3]);
    EXPECT_EQ(denied[1], ids.a1_visit_events[3] + 1);
}

TEST(Evaluation, AsOfJudgesOpenClaimsAtThatMoment) {
    FixtureIds ids;
    History h = fixture_history(&ids);
    // Two hours after R7 was claimed: not yet overdue, not flagged; later events do not exist yet.
    h.in.as_of = at("2026-12-20", 12, 15);
    auto result = evaluate(h.in, fixture_scheme());
    const auto& a3 = entry_of(result, 3);
    EXPECT_EQ(a3.figures.overdue, 0);
    EXPECT_EQ(a3.figures.complaints, 1);  // R7's complaint came the next day
    EXPECT_EQ(flag_codes(a3), (std::vector<std::string>{"implausible_visits", "ratings_one_phone", "callback_denied"}));
    h.in.as_of = at("2026-12-21", 10, 16);
    result = evaluate(h.in, fixture_scheme());
    EXPECT_EQ(entry_of(result, 3).figures.overdue, 1);
    EXPECT_EQ(flag_of(entry_of(result, 3), "never_contacted").event_ids, std::vector<int64_t>{ids.a3_r7_claim});
}

TEST(Evaluation, ScaledItemsCanRewardLowValuesAndAbsentFiguresScoreNothing) {
    FixtureIds ids;
    History h = fixture_history(&ids);
    auto scheme = parse_scheme(R"({
      "id": "speed", "version": 1, "name": "响应速度", "source": "测试",
      "individual": {
        "dimensions": [{"id": "speed", "name": "响应", "weight": 30, "items": [
          {"id": "claim", "name": "接单时长", "figure": "median_claim_minutes", "rule": "scaled",
           "points": 10, "from": 240, "to": 30},
          {"id": "handled", "name": "接单", "figure": "handled", "rule": "per_unit", "points": 4}
        ]}],
        "bands": {"excellent": 90, "good": 75, "pass": 60}
      }
    })",
                               "speed.json");
    ASSERT_TRUE(scheme.ok()) << scheme.error().message;
    auto result = evaluate(h.in, *scheme);
    // Agent 1: median 25 minutes, better than 30: full points; 4 handled × 4 with no cap = 16,
    // but the dimension holds at most 30.
    expect_near_all(points_of(entry_of(result, 1)), {10, 16});
    expect_near_all(dimensions_of(entry_of(result, 1)), {26});
    expect_near_all(points_of(entry_of(result, 4)), {10, 20});
    expect_near_all(dimensions_of(entry_of(result, 4)), {30});
    // Agent 2: median 52.5 → (52.5 − 240) / (30 − 240) × 10.
    expect_near_all(points_of(entry_of(result, 2)), {187.5 / 210 * 10, 8});
    // Agent 6 never claimed (it was assigned): no median, no points.
    const auto& claim = item_of(entry_of(result, 6), "claim");
    EXPECT_EQ(claim.points, 0);
    EXPECT_EQ(claim.quantity, 0);
    EXPECT_TRUE(claim.evidence.empty());
    EXPECT_DOUBLE_EQ(entry_of(result, 6).score, 4);
}

TEST(Evaluation, TheDefaultSchemeOnTheFixture) {
    FixtureIds ids;
    History h = fixture_history(&ids);
    Scheme scheme = shipped_scheme("default");
    auto result = evaluate(h.in, scheme);
    // Agent 1: 接单 4 × 1, 核实的走访 3 × 1, 服务天数 4 × 0.5, 培训 1 × 2.5, 农户 3 × 0.5 | 确认 3 × 1,
    // 解决率 1 × 5, 培训人次 35 < 50 | satisfaction (4 × 5 + 14) / 8 = 4.25 → (4.25 − 3) / 2 × 20.
    const auto& a1 = entry_of(result, 1);
    expect_near_all(points_of(a1), {4, 3, 2, 2.5, 1.5, 3, 5, 0, 12.5, 0, 0});
    EXPECT_DOUBLE_EQ(a1.score, 33.5);
    // Four service days and four visits in a year are below 河南's 30 or 12.
    EXPECT_EQ(a1.band, Band::Fail);
    EXPECT_EQ(a1.band_reason, "floor");
    // Agent 6: one overdue request costs 0.5.
    const auto& a6 = entry_of(result, 6);
    expect_near_all(points_of(a6), {1, 0, 0.5, 2.5, 0.5, 0, 0, 0, 10, 0, -0.5});
    EXPECT_DOUBLE_EQ(a6.score, 14);
    EXPECT_EQ(a6.band, Band::Pass);  // the override still applies
    // Agent 3: one upheld complaint costs 2, one overdue request 0.5.
    EXPECT_DOUBLE_EQ(item_of(entry_of(result, 3), "complaints").points, -2);
    EXPECT_DOUBLE_EQ(item_of(entry_of(result, 3), "overdue").points, -0.5);
}

TEST(Evaluation, SparseAgentIdsGiveTheSameResult) {
    FixtureIds ids;
    History h = fixture_history(&ids);
    Scheme scheme = fixture_scheme();
    auto dense = evaluate(h.in, scheme);
    // One agent with a huge id, alone in its county: the engine looks ids up by hash instead.
    h.agent(1000000000000, "远方", "999999001");
    auto sparse = evaluate(h.in, scheme);
    ASSERT_EQ(sparse.agents.size(), 7U);
    for (const auto& entry : dense.agents) {
        EXPECT_EQ(entry_json(entry_of(sparse, entry.id), false).dump(), entry_json(entry, false).dump()) << entry.id;
    }
}
