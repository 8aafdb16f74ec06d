#include "matching/scheduler.h"

#include <algorithm>
#include <chrono>
#include <unordered_map>
#include <unordered_set>

#include "log.h"
#include "matching/agents.h"
#include "notify/notifications.h"
#include "store/requests.h"
#include "xiangke/core/assignment.h"
#include "xiangke/core/time.h"

namespace xiangke::backend {
namespace {

namespace matching = core::matching;
using lifecycle::RequestStatus;

// Requests offered per round; the rest wait for the next round.
constexpr int64_t kOffersPerRound = 200;
// Due timers read per round.
constexpr int64_t kTimersPerRound = 500;
// How often the scheduler thread retries the assignment for overdue requests left without an agent.
constexpr int64_t kAssignmentRetryMs = 15 * core::kMinuteMs;

struct DueTimer {
    int64_t id = 0;
    std::string kind;
    std::string request_id;
    int64_t agent_id = 0;
    int64_t event_id = 0;
    int64_t due_at = 0;
};

void add_timer(Database& db, const char* kind, const std::string& request_id, int64_t agent_id, int64_t event_id,
               int64_t due_at, int64_t now_ms) {
    auto insert = db.prepare(
        "INSERT INTO scheduled_timers(kind, request_id, agent_id, event_id, due_at, created_at) VALUES (?, ?, ?, ?, ?, "
        "?)");
    insert.bind(1, kind);
    insert.bind(2, request_id);
    insert.bind_optional(3, agent_id == 0 ? std::nullopt : std::optional<int64_t>(agent_id));
    insert.bind(4, event_id);
    insert.bind(5, due_at);
    insert.bind(6, now_ms);
    insert.exec();
}

// Takes the timer for this transaction; false when it has fired already (another round or
// process got it first).
bool claim_timer(Database& db, int64_t timer_id, int64_t now_ms) {
    auto claim = db.prepare("UPDATE scheduled_timers SET fired_at = ? WHERE id = ? AND fired_at IS NULL");
    claim.bind(1, now_ms);
    claim.bind(2, timer_id);
    return claim.exec() == 1;
}

void set_outcome(Database& db, int64_t timer_id, const char* outcome) {
    auto update = db.prepare("UPDATE scheduled_timers SET outcome = ? WHERE id = ?");
    update.bind(1, outcome);
    update.bind(2, timer_id);
    update.exec();
}

bool awaits_pickup(RequestStatus s) {
    return s == RequestStatus::Received || s == RequestStatus::Offered || s == RequestStatus::Reopened;
}

// The event that started the current holding (the latest claim or assignment).
int64_t latest_pickup_event(Database& db, const std::string& request_id) {
    auto query = db.prepare(
        "SELECT COALESCE(MAX(id), 0) FROM request_events WHERE request_id = ? AND kind IN ('claimed', 'assigned')");
    query.bind(1, request_id);
    query.step();
    return query.column(0).getInt64();
}

EventInput system_event(lifecycle::EventKind kind, int64_t agent_id, std::string reason, nlohmann::json data) {
    return {
        {kind, lifecycle::Actor::System, agent_id}, "", std::nullopt, std::move(reason), std::move(data), std::nullopt};
}

nlohmann::json labels_of(const std::vector<matching::Factor>& factors) {
    nlohmann::json labels = nlohmann::json::array();
    for (const auto& f : factors) {
        labels.push_back(f.label);
    }
    return labels;
}

// Eligible agents for a request, best first, with their scores.
std::vector<std::pair<size_t, matching::Score>> rank_agents(const std::vector<matching::AgentProfile>& agents,
                                                            const matching::AgentIndex& index,
                                                            const matching::RequestProfile& request,
                                                            const MatchingConfig& config, int64_t today) {
    std::vector<std::pair<size_t, matching::Score>> ranked;
    const std::string label = category_label_of(request.category);
    for (size_t a : index.serving(request.village_code)) {
        if (matching::check_eligibility(agents[a], request, today) == matching::Ineligibility::None) {
            ranked.emplace_back(a, matching::score(agents[a], request, config.scoring, label));
        }
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& x, const auto& y) { return x.second.total > y.second.total; });
    return ranked;
}

int64_t offer_new_requests(Store& store, const MatchingConfig& config, int64_t now_ms) {
    std::vector<std::string> ids;
    {
        auto query = store.reader().prepare(
            "SELECT r.id FROM requests r WHERE r.status IN ('received', 'reopened') ORDER BY r.received_at LIMIT ?");
        query.bind(1, kOffersPerRound);
        while (query.step()) {
            ids.push_back(query.column(0).getString());
        }
    }
    if (ids.empty()) {
        return 0;
    }
    return store.write([&](Database& db) {
        const auto agents = load_all_agents(db, now_ms);
        const matching::AgentIndex index(agents);
        const int64_t today = shanghai_day(now_ms);
        int64_t offered = 0;
        for (const auto& id : ids) {
            auto current = find_request(db, id);
            auto profile = load_request_profile(db, id);
            if (!current || !profile ||
                (current->state.status != RequestStatus::Received &&
                 current->state.status != RequestStatus::Reopened)) {
                continue;
            }
            auto ranked = rank_agents(agents, index, *profile, config, today);
            const bool nobody_eligible = ranked.empty();
            if (ranked.size() > static_cast<size_t>(config.notify_agents)) {
                ranked.resize(static_cast<size_t>(config.notify_agents));
            }
            nlohmann::json told = nlohmann::json::array();
            for (const auto& [a, s] : ranked) {
                told.push_back(agents[a].id);
            }
            auto appended =
                append_event(db, id, system_event(lifecycle::EventKind::Offered, 0, "", {{"agents", told}}), now_ms);
            if (!appended.ok()) {
                continue;
            }
            for (const auto& [a, s] : ranked) {
                enqueue_notification(db, agents[a].id, NotificationKind::NewRequest, id, now_ms,
                                     {{"score", s.total},
                                      {"category", profile->category},
                                      {"village_code", profile->village_code},
                                      {"reasons", labels_of(s.factors)}});
            }
            add_timer(db, "offer_expiry", id, 0, appended->event_id,
                      now_ms + config.offer_sla_minutes * core::kMinuteMs, now_ms);
            // One escalation clock per request at a time: a re-offer keeps the one running.
            auto pending = db.prepare(
                "SELECT 1 FROM scheduled_timers WHERE request_id = ? AND kind = 'escalation' AND fired_at IS NULL");
            pending.bind(1, id);
            bool running = pending.step();
            pending.reset();
            if (!running) {
                // Nobody may take it today (no agent serves the village with this expertise, or all
                // are on leave or full): the county admin hears at once, not after escalation_hours.
                const int64_t due = nobody_eligible ? now_ms : now_ms + config.escalation_hours * core::kHourMs;
                add_timer(db, "escalation", id, 0, appended->event_id, due, now_ms);
            }
            ++offered;
        }
        return offered;
    });
}

// The optimal assignment over every overdue request (offered, and its latest offer timer has
// fired) and every agent with room. Inside a write; returns the ids assigned.
std::unordered_set<std::string> assign_overdue(Database& db, const MatchingConfig& config, int64_t now_ms,
                                               MatchingTick& tick) {
    std::vector<matching::RequestProfile> requests;
    {
        auto query = db.prepare(
            "SELECT r.id FROM requests r WHERE r.status = 'offered' AND (SELECT t.fired_at FROM scheduled_timers t "
            "WHERE t.request_id = r.id AND t.kind = 'offer_expiry' ORDER BY t.id DESC LIMIT 1) IS NOT NULL "
            "ORDER BY r.received_at");
        std::vector<std::string> ids;
        while (query.step()) {
            ids.push_back(query.column(0).getString());
        }
        query.reset();
        for (const auto& id : ids) {
            if (auto profile = load_request_profile(db, id)) {
                requests.push_back(std::move(*profile));
            }
        }
    }
    std::unordered_set<std::string> assigned_ids;
    if (requests.empty()) {
        return assigned_ids;
    }
    const auto agents = load_all_agents(db, now_ms);
    const matching::AgentIndex index(agents);
    const int64_t today = shanghai_day(now_ms);
    matching::AssignmentProblem problem;
    for (const auto& a : agents) {
        problem.agent_capacity.push_back(std::max(0, a.capacity - a.held));
    }
    std::vector<std::vector<std::pair<size_t, matching::Score>>> scored(requests.size());
    problem.candidates.resize(requests.size());
    for (size_t r = 0; r < requests.size(); ++r) {
        scored[r] = rank_agents(agents, index, requests[r], config, today);
        for (const auto& [a, s] : scored[r]) {
            problem.candidates[r].push_back({a, s.total});
        }
    }
    const auto result = matching::solve_assignment(problem);
    for (size_t r = 0; r < requests.size(); ++r) {
        if (!result.agent_of_request[r]) {
            ++tick.left_unassigned;
            continue;
        }
        const size_t a = *result.agent_of_request[r];
        const auto& chosen = std::find_if(scored[r].begin(), scored[r].end(), [a](const auto& entry) {
                                 return entry.first == a;
                             })->second;
        const int64_t agent_id = agents[a].id;
        auto appended = append_event(db, requests[r].id,
                                     system_event(lifecycle::EventKind::Assigned, agent_id, "offer_sla_expired",
                                                  {{"score", chosen.total}, {"reasons", labels_of(chosen.factors)}}),
                                     now_ms);
        if (!appended.ok()) {
            ++tick.left_unassigned;
            continue;
        }
        start_lease(db, requests[r].id, agent_id, appended->event_id, now_ms, config);
        enqueue_notification(db, agent_id, NotificationKind::Assigned, requests[r].id, now_ms,
                             {{"score", chosen.total}, {"reasons", labels_of(chosen.factors)}});
        assigned_ids.insert(requests[r].id);
        ++tick.assigned;
    }
    return assigned_ids;
}

void fire_offer_timers(Store& store, const MatchingConfig& config, const std::vector<DueTimer>& timers, int64_t now_ms,
                       bool retry_overdue, MatchingTick& tick) {
    if (timers.empty() && !retry_overdue) {
        return;
    }
    store.write([&](Database& db) {
        std::vector<const DueTimer*> claimed;
        for (const auto& t : timers) {
            if (claim_timer(db, t.id, now_ms)) {
                claimed.push_back(&t);
            }
        }
        if (claimed.empty() && !retry_overdue) {
            return;
        }
        auto assigned = assign_overdue(db, config, now_ms, tick);
        for (const auto* t : claimed) {
            if (assigned.count(t->request_id) != 0) {
                set_outcome(db, t->id, "assigned");
                continue;
            }
            auto current = find_request(db, t->request_id);
            bool waiting = current && current->state.status == RequestStatus::Offered;
            set_outcome(db, t->id, waiting ? "unassigned" : "moot");  // moot: claimed or closed in time
            if (!waiting) {
                ++tick.moot;
            }
        }
    });
}

void fire_lease_timer(Store& store, const MatchingConfig& config, const DueTimer& t, int64_t now_ms,
                      MatchingTick& tick) {
    store.write([&](Database& db) {
        if (!claim_timer(db, t.id, now_ms)) {
            return;
        }
        auto current = find_request(db, t.request_id);
        // Still the same holding and still not contacted: the lease applies.
        bool live = current && current->state.status == RequestStatus::Claimed && current->state.holder == t.agent_id &&
                    latest_pickup_event(db, t.request_id) == t.event_id;
        if (!live) {
            set_outcome(db, t.id, "moot");
            ++tick.moot;
            return;
        }
        if (t.kind == "lease_warning") {
            enqueue_notification(db, t.agent_id, NotificationKind::LeaseExpiring, t.request_id, now_ms,
                                 {{"lease_ends_at", t.due_at + config.lease_warning_minutes * core::kMinuteMs}});
            set_outcome(db, t.id, "warned");
            ++tick.warned;
            return;
        }
        auto released = append_event(db, t.request_id,
                                     system_event(lifecycle::EventKind::Reassigned, 0, "lease_expired",
                                                  {{"agent_id", t.agent_id}, {"lease_hours", config.lease_hours}}),
                                     now_ms);
        if (!released.ok()) {
            set_outcome(db, t.id, "moot");
            ++tick.moot;
            return;
        }
        enqueue_notification(db, t.agent_id, NotificationKind::LeaseReleased, t.request_id, now_ms,
                             {{"lease_hours", config.lease_hours}});
        set_outcome(db, t.id, "released");
        ++tick.released;
    });
}

void fire_escalation_timer(Store& store, const MatchingConfig& config, const DueTimer& t, int64_t now_ms,
                           MatchingTick& tick) {
    store.write([&](Database& db) {
        if (!claim_timer(db, t.id, now_ms)) {
            return;
        }
        auto current = find_request(db, t.request_id);
        // Unhandled: waiting for an agent, or claimed and nobody has contacted the farmer yet.
        bool unhandled =
            current && (awaits_pickup(current->state.status) || current->state.status == RequestStatus::Claimed);
        if (!unhandled) {
            set_outcome(db, t.id, "moot");
            ++tick.moot;
            return;
        }
        const std::string county = current->village_code.substr(0, 6);
        // The offer that started the clock told nobody: no agent could take the request.
        auto offer = db.prepare(
            "SELECT json_array_length(data, '$.agents') FROM request_events WHERE id = ? AND kind = 'offered'");
        offer.bind(1, t.event_id);
        const bool nobody_eligible =
            offer.step() && !offer.is_null(0) && offer.column(0).getInt() == 0 && awaits_pickup(current->state.status);
        offer.reset();
        const char* reason = nobody_eligible ? "no_eligible_agent" : "not_contacted";
        nlohmann::json admins = nlohmann::json::array();
        {
            auto query = db.prepare(
                "SELECT id FROM users WHERE role = 'county_admin' AND active = 1 AND region_code = ? ORDER BY id");
            query.bind(1, county);
            while (query.step()) {
                admins.push_back(query.column(0).getInt64());
            }
        }
        auto escalated = append_event(db, t.request_id,
                                      system_event(lifecycle::EventKind::Escalated, 0, reason,
                                                   {{"escalation_hours", config.escalation_hours}, {"admins", admins}}),
                                      now_ms);
        if (!escalated.ok()) {
            set_outcome(db, t.id, "moot");
            ++tick.moot;
            return;
        }
        auto insert = db.prepare(
            "INSERT INTO escalations(request_id, timer_id, event_id, county_code, admin_ids, status_then, holder_then, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        insert.bind(1, t.request_id);
        insert.bind(2, t.id);
        insert.bind(3, escalated->event_id);
        insert.bind(4, county);
        insert.bind(5, admins.dump());
        insert.bind(6, std::string(lifecycle::status_name(current->state.status)));
        insert.bind_optional(7,
                             current->state.holder == 0 ? std::nullopt : std::optional<int64_t>(current->state.holder));
        insert.bind(8, now_ms);
        insert.exec();
        for (const auto& admin : admins) {
            enqueue_notification(db, admin.get<int64_t>(), NotificationKind::Escalated, t.request_id, now_ms,
                                 {{"status", lifecycle::status_name(current->state.status)},
                                  {"reason", reason},
                                  {"escalation_hours", config.escalation_hours}});
        }
        set_outcome(db, t.id, "escalated");
        ++tick.escalated;
    });
}

}  // namespace

void start_lease(Database& db, const std::string& request_id, int64_t agent_id, int64_t claim_event_id, int64_t now_ms,
                 const MatchingConfig& config) {
    const int64_t ends = now_ms + config.lease_hours * core::kHourMs;
    const int64_t warn = ends - config.lease_warning_minutes * core::kMinuteMs;
    if (warn > now_ms) {
        add_timer(db, "lease_warning", request_id, agent_id, claim_event_id, warn, now_ms);
    }
    add_timer(db, "lease_expiry", request_id, agent_id, claim_event_id, ends, now_ms);
}

MatchingTick run_matching_tick(Store& store, const MatchingConfig& config, int64_t now_ms, bool retry_overdue) {
    MatchingTick tick;
    tick.offered = offer_new_requests(store, config, now_ms);

    std::vector<DueTimer> due;
    {
        auto query = store.reader().prepare(
            "SELECT id, kind, request_id, agent_id, event_id, due_at FROM scheduled_timers "
            "WHERE fired_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?");
        query.bind(1, now_ms);
        query.bind(2, kTimersPerRound);
        while (query.step()) {
            due.push_back({query.column(0).getInt64(), query.column(1).getString(), query.column(2).getString(),
                           query.is_null(3) ? 0 : query.column(3).getInt64(),
                           query.is_null(4) ? 0 : query.column(4).getInt64(), query.column(5).getInt64()});
        }
    }
    std::vector<DueTimer> offers;
    for (const auto& t : due) {
        if (t.kind == "offer_expiry") {
            offers.push_back(t);
        } else if (t.kind == "escalation") {
            fire_escalation_timer(store, config, t, now_ms, tick);
        } else {
            fire_lease_timer(store, config, t, now_ms, tick);
        }
    }
    fire_offer_timers(store, config, offers, now_ms, retry_overdue, tick);
    return tick;
}

int64_t matching_now_ms(const MatchingConfig& config) {
    return core::system_now_ms() + config.clock_offset_minutes * core::kMinuteMs;
}

MatchingScheduler::MatchingScheduler(Store& store, const MatchingConfig& config)
    : m_store(store), m_config(config), m_thread([this] { loop(); }) {}

MatchingScheduler::~MatchingScheduler() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void MatchingScheduler::loop() {
    int64_t last_retry = 0;
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        lock.unlock();
        try {
            const int64_t now = matching_now_ms(m_config);
            const bool retry = now - last_retry >= kAssignmentRetryMs;
            if (retry) {
                last_retry = now;
            }
            auto tick = run_matching_tick(m_store, m_config, now, retry);
            if (tick.any()) {
                log::info("matching_round", {{"offered", tick.offered},
                                             {"assigned", tick.assigned},
                                             {"left_unassigned", tick.left_unassigned},
                                             {"warned", tick.warned},
                                             {"released", tick.released},
                                             {"escalated", tick.escalated},
                                             {"moot", tick.moot}});
            }
        } catch (const std::exception& e) {
            log::error("matching_round_failed", {{"what", e.what()}});
        }
        lock.lock();
        m_wake.wait_for(lock, std::chrono::seconds(m_config.tick_seconds), [this] { return m_stopping; });
    }
}

}  // namespace xiangke::backend
