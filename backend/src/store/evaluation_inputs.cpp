#include "store/evaluation_inputs.h"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "xiangke/platform/random.h"

namespace xiangke::backend {
namespace {

namespace ev = core::evaluation;
namespace lifecycle = core::lifecycle;

lifecycle::Actor actor_from_text(std::string_view text) {
    if (text == "kiosk") {
        return lifecycle::Actor::Kiosk;
    }
    if (text == "agent") {
        return lifecycle::Actor::Agent;
    }
    if (text == "admin") {
        return lifecycle::Actor::Admin;
    }
    return lifecycle::Actor::System;
}

// The agent ids of an Offered event's data, {"agents":[1,2,3]}: read without a JSON parser, since
// a province holds hundreds of thousands of offers.
std::vector<int64_t> offered_agents(const std::string& data) {
    std::vector<int64_t> agents;
    size_t pos = data.find("\"agents\"");
    if (pos == std::string::npos) {
        return agents;
    }
    pos = data.find('[', pos);
    if (pos == std::string::npos) {
        return agents;
    }
    int64_t value = 0;
    bool in_number = false;
    for (++pos; pos < data.size() && data[pos] != ']'; ++pos) {
        char c = data[pos];
        if (c >= '0' && c <= '9') {
            value = value * 10 + (c - '0');
            in_number = true;
        } else if (in_number) {
            agents.push_back(value);
            value = 0;
            in_number = false;
        }
    }
    if (in_number) {
        agents.push_back(value);
    }
    return agents;
}

bool date_in(const std::string& date, const ev::Period& period) {
    return date >= period.from_date && date <= period.to_date;
}

}  // namespace

// Whether a request was active in the period (an event in it, or held across it) and names one of
// the agents. With a ceiling below what the cache holds (a frozen evaluation), only the events
// up to it count.
bool EvaluationInputCache::active_and_ours(const CachedRequest& request, const ev::Period& period,
                                           const std::unordered_set<int64_t>& agents, int64_t max_event,
                                           bool all_events) const {
    if (all_events) {
        if (request.last_at < period.from_ms || request.first_at >= period.to_ms) {
            return false;
        }
        return std::any_of(request.agents.begin(), request.agents.end(),
                           [&agents](int64_t a) { return agents.count(a) != 0; });
    }
    int64_t first_at = request.info.received_at;
    int64_t last_at = request.info.received_at;
    bool ours = false;
    bool any = false;
    for (uint32_t index : request.events) {
        const auto& e = m_events[index];
        if (e.id > max_event) {
            break;
        }
        first_at = any ? std::min(first_at, e.server_at) : e.server_at;
        last_at = any ? std::max(last_at, e.server_at) : std::max(last_at, e.server_at);
        any = true;
        ours = ours || agents.count(e.agent_id) != 0 ||
               std::any_of(e.offered_to.begin(), e.offered_to.end(),
                           [&agents](int64_t a) { return agents.count(a) != 0; });
    }
    return any && ours && last_at >= period.from_ms && first_at < period.to_ms;
}

EvaluationInputCache::EvaluationInputCache() : m_key(platform::random_hex(32)) {
    crypto_auth_hmacsha256_init(&m_hmac_state, reinterpret_cast<const unsigned char*>(m_key.data()), m_key.size());
}

std::string EvaluationInputCache::phone_key(const std::string& phone) const {
    std::string digits;
    for (char c : phone) {
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
        }
    }
    if (digits.empty()) {
        return {};
    }
    // HMAC-SHA256 from the keyed state made once (platform::hmac_sha256_hex would redo the key's
    // half for every phone of a province), first 128 bits as hex.
    crypto_auth_hmacsha256_state state = m_hmac_state;
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(digits.data()), digits.size());
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_final(&state, mac);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex(32, '0');
    for (size_t i = 0; i < 16; ++i) {
        hex[2 * i] = kHex[mac[i] >> 4];
        hex[2 * i + 1] = kHex[mac[i] & 15];
    }
    return hex;
}

AgentsAndTeams EvaluationInputCache::read_agents(Database& db, const std::string& region) {
    AgentsAndTeams out;
    std::map<int64_t, std::vector<std::string>> prefixes;
    {
        auto query = db.prepare("SELECT user_id, prefix FROM agent_service_regions ORDER BY user_id, prefix");
        while (query.step()) {
            prefixes[query.column(0).getInt64()].push_back(query.column(1).getString());
        }
    }
    auto overlaps = [&region](const std::string& prefix) {
        return region.compare(0, prefix.size(), prefix) == 0 || prefix.compare(0, region.size(), region) == 0;
    };
    std::unordered_set<int64_t> team_ids;
    {
        auto query = db.prepare(
            "SELECT u.id, u.name, p.agent_type, COALESCE(p.team_id, 0), COALESCE(t.name, ''), u.region_code, u.phone, "
            "u.active FROM users u JOIN agent_profiles p ON p.user_id = u.id LEFT JOIN teams t ON t.id = p.team_id "
            "WHERE u.role = 'agent' ORDER BY u.id");
        while (query.step()) {
            int64_t id = query.column(0).getInt64();
            auto it = prefixes.find(id);
            if (it == prefixes.end() || std::none_of(it->second.begin(), it->second.end(), overlaps)) {
                continue;
            }
            ev::AgentInfo agent;
            agent.id = id;
            agent.name = query.column(1).getString();
            agent.type = ev::agent_type_from_name(query.column(2).getString()).value_or(ev::AgentType::Individual);
            agent.team_id = query.column(3).getInt64();
            agent.team_name = query.column(4).getString();
            agent.region_code = query.column(5).getString();
            agent.service_regions = it->second;
            agent.phone_key = phone_key(query.column(6).getString());
            agent.active = query.column(7).getInt() != 0;
            if (agent.team_id != 0) {
                team_ids.insert(agent.team_id);
            }
            out.agents.push_back(std::move(agent));
        }
    }
    auto query =
        db.prepare("SELECT id, name, COALESCE(region_code, ''), COALESCE(leader_id, 0) FROM teams ORDER BY id");
    while (query.step()) {
        int64_t id = query.column(0).getInt64();
        if (team_ids.count(id) == 0) {
            continue;
        }
        out.teams.push_back(
            ev::TeamInfo{id, query.column(1).getString(), query.column(2).getString(), query.column(3).getInt64()});
    }
    return out;
}

void EvaluationInputCache::fill_agent_phone_keys(Database& db, std::vector<ev::AgentInfo>& agents) const {
    auto query = db.prepare("SELECT phone FROM users WHERE id = ?");
    for (auto& agent : agents) {
        query.bind(1, agent.id);
        agent.phone_key = query.step() ? phone_key(query.column(0).getString()) : std::string();
        query.reset();
    }
}

uint32_t EvaluationInputCache::request_index(const std::string& request_id) {
    auto it = m_request_index.find(request_id);
    if (it != m_request_index.end()) {
        return it->second;
    }
    // A row that refers to a request not read yet cannot happen (the request is committed first
    // and read after the rows), but keep a placeholder rather than lose the row.
    auto index = static_cast<uint32_t>(m_requests.size());
    CachedRequest placeholder;
    placeholder.info.id = request_id;
    m_requests.push_back(std::move(placeholder));
    m_request_index.emplace(request_id, index);
    return index;
}

void EvaluationInputCache::refresh(Database& db) {
    // Rows that refer to requests are read first, the requests last: a row committed with its
    // request is then never seen before the request.
    std::vector<ev::RequestEvent> events;
    {
        auto query = db.prepare(
            "SELECT id, request_id, kind, actor, COALESCE(actor_id, ''), COALESCE(agent_id, 0), device_at, server_at, "
            "CASE WHEN kind = 'offered' THEN data END FROM request_events WHERE id > ? ORDER BY id");
        query.bind(1, m_event_id);
        while (query.step()) {
            ev::RequestEvent e;
            e.id = query.column(0).getInt64();
            e.request_id = query.column(1).getString();
            // Text read in place (no copy): a province's log is a million rows.
            auto kind = lifecycle::event_kind_from_name(query.column(2).getText());
            if (!kind) {
                continue;
            }
            e.kind = *kind;
            e.actor = actor_from_text(query.column(3).getText());
            if (e.actor == lifecycle::Actor::Kiosk) {
                e.actor_id = query.column(4).getString();  // the engine uses kiosks' ids only
            }
            e.agent_id = query.column(5).getInt64();
            if (!query.is_null(6)) {
                e.device_at = query.column(6).getInt64();
            }
            e.server_at = query.column(7).getInt64();
            if (!query.is_null(8)) {
                e.offered_to = offered_agents(query.column(8).getString());
            }
            events.push_back(std::move(e));
        }
    }
    std::vector<ev::Visit> visits;
    {
        auto query = db.prepare(
            "SELECT id, event_id, request_id, agent_id, visit_date, method, recorded_at, COALESCE(attendees, 0) "
            "FROM service_records WHERE id > ? ORDER BY id");
        query.bind(1, m_visit_id);
        while (query.step()) {
            ev::Visit v;
            v.id = query.column(0).getInt64();
            v.event_id = query.column(1).getInt64();
            v.request_id = query.column(2).getString();
            v.agent_id = query.column(3).getInt64();
            v.date = query.column(4).getString();
            v.method = ev::visit_method_from_name(query.column(5).getText()).value_or(ev::VisitMethod::Onsite);
            v.recorded_at = query.column(6).getInt64();
            v.attendees = query.column(7).getInt64();
            visits.push_back(std::move(v));
        }
    }
    std::vector<ev::Feedback> feedback;
    {
        auto query = db.prepare(
            "SELECT id, event_id, request_id, kiosk_id, kind, rating, COALESCE(agent_id, 0), received_at "
            "FROM feedback WHERE id > ? ORDER BY id");
        query.bind(1, m_feedback_id);
        while (query.step()) {
            ev::Feedback f;
            f.id = query.column(0).getInt64();
            f.event_id = query.column(1).getInt64();
            f.request_id = query.column(2).getString();
            f.kiosk_id = query.column(3).getString();
            f.kind = lifecycle::event_kind_from_name(query.column(4).getText()).value_or(lifecycle::EventKind::Rated);
            f.rating = query.column(5).getInt();
            f.agent_id = query.column(6).getInt64();
            f.received_at = query.column(7).getInt64();
            f.source = ev::EvidenceSource::FarmerKiosk;
            feedback.push_back(std::move(f));
        }
    }
    {
        auto query = db.prepare(
            "SELECT id, agent_id, village_code, held_on, attendees FROM training_sessions WHERE id > ? ORDER BY id");
        query.bind(1, m_training_id);
        while (query.step()) {
            ev::Training t;
            t.id = query.column(0).getInt64();
            t.agent_id = query.column(1).getInt64();
            t.village_code = query.column(2).getString();
            t.held_on = query.column(3).getString();
            t.attendees = query.column(4).getInt64();
            t.source = ev::EvidenceSource::SelfReported;
            m_training_id = std::max(m_training_id, t.id);
            m_trainings.push_back(std::move(t));
        }
    }
    {
        auto query = db.prepare(
            "SELECT rowid, id, code, village_code, kiosk_id, farmer_phone, category, received_at FROM requests "
            "WHERE rowid > ? ORDER BY rowid");
        query.bind(1, m_request_rowid);
        while (query.step()) {
            m_request_rowid = std::max(m_request_rowid, query.column(0).getInt64());
            ev::RequestInfo info;
            info.id = query.column(1).getString();
            info.code = query.column(2).getString();
            info.village_code = query.column(3).getString();
            info.kiosk_id = query.column(4).getString();
            info.farmer_key = phone_key(query.column(5).getString());
            info.category = query.column(6).getString();
            info.received_at = query.column(7).getInt64();
            auto found = m_request_index.find(info.id);
            if (found != m_request_index.end()) {
                m_requests[found->second].info = std::move(info);
                continue;
            }
            m_request_index.emplace(info.id, static_cast<uint32_t>(m_requests.size()));
            CachedRequest cached;
            cached.first_at = info.received_at;
            cached.last_at = info.received_at;
            cached.info = std::move(info);
            m_requests.push_back(std::move(cached));
        }
    }
    // No reserve(size + n): an exact reserve on every refresh would copy the whole log each time.
    // The first read (from scratch) reserves, saving the doublings of a million-row log.
    if (m_events.empty()) {
        m_events.reserve(events.size());
        m_event_request.reserve(events.size());
    }
    for (auto& e : events) {
        m_event_id = std::max(m_event_id, e.id);
        uint32_t r = request_index(e.request_id);
        CachedRequest& request = m_requests[r];
        if (request.events.empty() && request.first_at == 0) {
            request.first_at = e.server_at;
        }
        request.first_at = std::min(request.first_at, e.server_at);
        request.last_at = std::max(request.last_at, e.server_at);
        auto note_agent = [&request](int64_t agent) {
            if (agent == 0) {
                return;
            }
            auto at = std::lower_bound(request.agents.begin(), request.agents.end(), agent);
            if (at == request.agents.end() || *at != agent) {
                request.agents.insert(at, agent);
            }
        };
        note_agent(e.agent_id);
        for (int64_t agent : e.offered_to) {
            note_agent(agent);
        }
        request.events.push_back(static_cast<uint32_t>(m_events.size()));
        m_event_request.push_back(r);
        m_events.push_back(std::move(e));
    }
    for (auto& v : visits) {
        m_visit_id = std::max(m_visit_id, v.id);
        m_visits.push_back(std::move(v));
    }
    for (auto& f : feedback) {
        m_feedback_id = std::max(m_feedback_id, f.id);
        const uint32_t r = request_index(f.request_id);
        m_feedback_request.push_back(r);
        m_requests[r].feedback.push_back(static_cast<uint32_t>(m_feedback.size()));
        m_feedback.push_back(std::move(f));
    }
}

InputWatermarks EvaluationInputCache::fill(Database& db, ev::EvaluationInput& input, const InputWatermarks& ceiling) {
    std::lock_guard lock(m_mutex);
    refresh(db);
    return fill_locked(db, input, ceiling, nullptr);
}

InputWatermarks EvaluationInputCache::fill_locked(Database& db, ev::EvaluationInput& input,
                                                  const InputWatermarks& ceiling, std::vector<char>* included_out) {
    InputWatermarks seen;
    seen.events = std::min(ceiling.events, m_event_id);
    seen.visits = std::min(ceiling.visits, m_visit_id);
    seen.feedback = std::min(ceiling.feedback, m_feedback_id);
    seen.trainings = std::min(ceiling.trainings, m_training_id);

    std::unordered_set<int64_t> agents;
    for (const auto& a : input.agents) {
        agents.insert(a.id);
    }
    const auto& period = input.period;

    const bool all_events = seen.events == m_event_id;
    std::vector<char> included(m_requests.size(), 0);
    for (size_t r = 0; r < m_requests.size(); ++r) {
        const CachedRequest& request = m_requests[r];
        if (request.events.empty() || !active_and_ours(request, period, agents, seen.events, all_events)) {
            continue;
        }
        included[r] = 1;
        input.requests.push_back(request.info);
        for (uint32_t e : request.events) {
            if (m_events[e].id <= seen.events) {
                input.events.push_back(m_events[e]);
            }
        }
    }
    for (const auto& v : m_visits) {
        if (v.id <= seen.visits && agents.count(v.agent_id) != 0 && date_in(v.date, period)) {
            input.visits.push_back(v);
        }
    }
    for (size_t i = 0; i < m_feedback.size(); ++i) {
        const auto& f = m_feedback[i];
        if (f.id <= seen.feedback && (included[m_feedback_request[i]] != 0 || agents.count(f.agent_id) != 0)) {
            input.feedback.push_back(f);
        }
    }
    for (const auto& t : m_trainings) {
        if (t.id <= seen.trainings && agents.count(t.agent_id) != 0 && date_in(t.held_on, period)) {
            input.trainings.push_back(t);
        }
    }

    if (included_out != nullptr) {
        *included_out = std::move(included);
    }
    read_small_tables(db, input, ceiling, seen);
    return seen;
}

// Small tables, read each time: 回访 results and complaint decisions (the latest per event).
void EvaluationInputCache::read_small_tables(Database& db, ev::EvaluationInput& input, const InputWatermarks& ceiling,
                                             InputWatermarks& seen) {
    input.callbacks.clear();
    input.complaint_decisions.clear();
    {
        auto query = db.prepare(
            "SELECT id, subject_kind, subject_id, result, at FROM callbacks WHERE result IS NOT NULL AND at <= ? "
            "ORDER BY id");
        query.bind(1, ceiling.callbacks);
        seen.callbacks = 0;
        while (query.step()) {
            ev::Callback c;
            c.id = query.column(0).getInt64();
            const std::string kind = query.column(1).getString();
            c.subject = kind == "visit"      ? ev::CallbackSubject::Visit
                        : kind == "training" ? ev::CallbackSubject::Training
                                             : ev::CallbackSubject::Request;
            c.subject_id = query.column(2).getString();
            const std::string result = query.column(3).getString();
            c.result = result == "confirmed" ? ev::CallbackResult::Confirmed
                       : result == "denied"  ? ev::CallbackResult::Denied
                                             : ev::CallbackResult::Unreachable;
            c.at = query.column(4).getInt64();
            seen.callbacks = std::max(seen.callbacks, c.at);
            input.callbacks.push_back(std::move(c));
        }
    }
    {
        auto query = db.prepare("SELECT id, event_id, upheld FROM complaint_decisions WHERE id <= ? ORDER BY id");
        query.bind(1, ceiling.decisions);
        seen.decisions = 0;
        std::map<int64_t, bool> latest;
        while (query.step()) {
            seen.decisions = std::max(seen.decisions, query.column(0).getInt64());
            latest[query.column(1).getInt64()] = query.column(2).getInt() != 0;
        }
        for (const auto& [event_id, upheld] : latest) {
            input.complaint_decisions.push_back(ev::ComplaintDecision{event_id, upheld});
        }
    }
}

namespace {

// What makes a live input reusable: the period and every field of the agents and teams.
std::string live_key(const ev::EvaluationInput& base) {
    std::string key = base.period.from_date + "|" + base.period.to_date;
    for (const auto& a : base.agents) {
        key += "\x1e" + std::to_string(a.id) + "\x1f" + a.name + "\x1f" + std::string(ev::agent_type_name(a.type)) +
               "\x1f" + std::to_string(a.team_id) + "\x1f" + a.team_name + "\x1f" + a.region_code + "\x1f" +
               a.phone_key + "\x1f" + (a.active ? "1" : "0");
        for (const auto& prefix : a.service_regions) {
            key += "\x1f" + prefix;
        }
    }
    for (const auto& t : base.teams) {
        key += "\x1d" + std::to_string(t.id) + "\x1f" + t.name + "\x1f" + t.region_code + "\x1f" +
               std::to_string(t.leader_id);
    }
    return key;
}

}  // namespace

const ev::EvaluationInput& EvaluationInputCache::live_input_locked(Database& db, const ev::EvaluationInput& base) {
    refresh(db);
    std::string key = live_key(base);
    std::unordered_set<int64_t> agents;
    for (const auto& a : base.agents) {
        agents.insert(a.id);
    }
    InputWatermarks seen;
    if (!m_live.valid || m_live.key != key) {
        m_live = LiveSlot{};
        m_live.input.period = base.period;
        m_live.input.agents = base.agents;
        m_live.input.teams = base.teams;
        fill_locked(db, m_live.input, InputWatermarks{}, &m_live.included);
        m_live.key = std::move(key);
        m_live.valid = true;
    } else {
        extend_live(agents);
        read_small_tables(db, m_live.input, InputWatermarks{}, seen);
    }
    m_live.events = m_events.size();
    m_live.visits = m_visits.size();
    m_live.feedback = m_feedback.size();
    m_live.trainings = m_trainings.size();
    m_live.input.overrides = base.overrides;
    m_live.input.as_of = base.as_of;
    return m_live.input;
}

// Adds the rows read since the live input was last brought up to date. A request enters the input
// once an event makes it active in the period and names one of the agents (then with all its
// events and feedback); one already in gets its new events. The result holds the same rows as a
// fresh fill (in another order, which the engine does not depend on).
void EvaluationInputCache::extend_live(const std::unordered_set<int64_t>& agents) {
    auto& input = m_live.input;
    auto& included = m_live.included;
    included.resize(m_requests.size(), 0);
    constexpr char kChecked = 2;  // looked at in this round: not in the input
    constexpr char kAdded = 3;    // entered in this round with all its events
    for (size_t i = m_live.events; i < m_events.size(); ++i) {
        const uint32_t r = m_event_request[i];
        if (included[r] == 1) {
            input.events.push_back(m_events[i]);
            continue;
        }
        if (included[r] != 0) {
            continue;
        }
        const CachedRequest& request = m_requests[r];
        if (!active_and_ours(request, input.period, agents, InputWatermarks::kAll, true)) {
            included[r] = kChecked;
            continue;
        }
        included[r] = kAdded;
        input.requests.push_back(request.info);
        for (uint32_t e : request.events) {
            input.events.push_back(m_events[e]);
        }
        // Feedback read before: what was not taken then (its agent is not one of these).
        for (uint32_t f : request.feedback) {
            if (f < m_live.feedback && agents.count(m_feedback[f].agent_id) == 0) {
                input.feedback.push_back(m_feedback[f]);
            }
        }
    }
    for (char& flag : included) {
        flag = flag == kAdded ? 1 : flag == kChecked ? 0 : flag;
    }
    for (size_t i = m_live.visits; i < m_visits.size(); ++i) {
        const auto& v = m_visits[i];
        if (agents.count(v.agent_id) != 0 && date_in(v.date, input.period)) {
            input.visits.push_back(v);
        }
    }
    for (size_t i = m_live.feedback; i < m_feedback.size(); ++i) {
        const auto& f = m_feedback[i];
        if (included[m_feedback_request[i]] != 0 || agents.count(f.agent_id) != 0) {
            input.feedback.push_back(f);
        }
    }
    for (size_t i = m_live.trainings; i < m_trainings.size(); ++i) {
        const auto& t = m_trainings[i];
        if (agents.count(t.agent_id) != 0 && date_in(t.held_on, input.period)) {
            input.trainings.push_back(t);
        }
    }
}

}  // namespace xiangke::backend
