// The evaluation engine: one pass over the inputs into per-agent facts, then the scheme.
#include "xiangke/core/evaluation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "name_table.h"
#include "xiangke/core/time.h"

namespace xiangke::core::evaluation {
namespace {

using lifecycle::EventKind;

constexpr std::array<std::string_view, 3> kTypeNames{"individual", "team", "organisation"};
constexpr std::array<std::string_view, 3> kTypeLabels{"个人", "团队", "法人"};
constexpr std::array<std::string_view, 6> kSourceNames{"platform",      "farmer_kiosk",   "farmer_sms",
                                                       "self_reported", "admin_callback", "kiosk_signup"};
constexpr std::array<std::string_view, 4> kMethodNames{"onsite", "phone", "video", "training"};
constexpr std::array<std::string_view, 4> kBandLabels{"优秀", "良好", "合格", "不合格"};

double round2(double value) {
    double rounded = std::round(value * 100.0) / 100.0;
    return rounded == 0 ? 0.0 : rounded;  // no "-0"
}

// (request index, event id): one platform fact about one request.
struct RequestRef {
    uint32_t request;
    int64_t event_id;
};

struct OutcomeRef {
    uint32_t request;
    int64_t event_id;
    EventKind kind;
};

struct ConfirmRef {
    uint32_t request;
    int64_t event_id;
    int64_t at;
    EvidenceSource source;
    std::string_view kiosk;
};

struct MinutesRef {
    double minutes;
    int64_t event_id;
};

struct RatingRef {
    int64_t feedback_id;
    int rating;
    EvidenceSource source;
    std::string_view farmer_key;
    int64_t event_id;
};

struct ComplaintRef {
    int64_t event_id;
    bool upheld;
};

// A self-reported fact and whatever verified it (a 回访 or the farmer's confirmation).
struct VisitRef {
    const Visit* visit;
    int32_t day;  // YYYYMMDD of the visit's date
    std::optional<Evidence> verifier;
};
struct TrainingRef {
    const Training* training;
    std::optional<Evidence> verifier;
    bool third_party;  // held activity with checked-in sign-ups, or not self-reported at all
};

// Everything the period shows about one agent (or, pooled, one team).
struct Facts {
    std::vector<RequestRef> offered, claimed, assigned, held, overdue, reopened, declined;
    std::vector<OutcomeRef> outcomes;  // every outcome event; the last per request counts
    std::vector<ConfirmRef> confirmed;
    std::vector<MinutesRef> claim_minutes, contact_minutes;
    std::vector<RatingRef> ratings;
    std::vector<ComplaintRef> complaints;
    std::vector<VisitRef> visits;
    std::vector<TrainingRef> trainings;
    // flags
    std::vector<int64_t> resolved_without_visit, never_contacted, own_phone, denied;
    std::vector<std::string> denied_trainings;
};

// Keeps the first fact per request (facts arrive in log order within a request).
// An agent's facts arrive in log order (request by request, events by id): sorting is needed only
// for a team's pooled facts.
template <typename Ref>
void sort_by_request(std::vector<Ref>* refs) {
    auto before = [](const Ref& a, const Ref& b) {
        return a.request != b.request ? a.request < b.request : a.event_id < b.event_id;
    };
    if (!std::is_sorted(refs->begin(), refs->end(), before)) {
        std::sort(refs->begin(), refs->end(), before);
    }
}

std::vector<RequestRef> distinct_requests(std::vector<RequestRef> refs) {
    sort_by_request(&refs);
    refs.erase(std::unique(refs.begin(), refs.end(),
                           [](const RequestRef& a, const RequestRef& b) { return a.request == b.request; }),
               refs.end());
    return refs;
}

std::vector<OutcomeRef> last_outcomes(std::vector<OutcomeRef> refs) {
    sort_by_request(&refs);
    std::vector<OutcomeRef> last;
    for (const auto& ref : refs) {
        if (!last.empty() && last.back().request == ref.request) {
            last.back() = ref;
        } else {
            last.push_back(ref);
        }
    }
    return last;
}

std::vector<ConfirmRef> first_confirmations(std::vector<ConfirmRef> refs) {
    sort_by_request(&refs);
    refs.erase(std::unique(refs.begin(), refs.end(),
                           [](const ConfirmRef& a, const ConfirmRef& b) { return a.request == b.request; }),
               refs.end());
    return refs;
}

std::optional<double> median_of(std::vector<double>& values) {
    if (values.empty()) {
        return std::nullopt;
    }
    std::sort(values.begin(), values.end());
    size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Nearest rank: the smallest value with at least 90% of the values at or below it.
std::optional<double> p90_of(std::vector<double>& values) {
    if (values.empty()) {
        return std::nullopt;
    }
    std::sort(values.begin(), values.end());
    size_t rank = (9 * values.size() + 9) / 10;
    return values[rank - 1];
}

// Request ids to dense indices: an open-addressing table (a million lookups per evaluation).
class RequestTable {
public:
    std::vector<const RequestInfo*> info;  // nullptr: referred to but not supplied

    void reserve(size_t count) {
        info.reserve(count);
        m_keys.reserve(count);
        rehash(count * 2 + 16);
    }

    uint32_t of(std::string_view id) {
        uint64_t hash = hash_of(id);
        size_t slot = hash & m_mask;
        while (true) {
            Slot& s = m_slots[slot];
            if (s.index == kEmpty) {
                break;
            }
            if (s.hash == hash && m_keys[s.index] == id) {
                return s.index;
            }
            slot = (slot + 1) & m_mask;
        }
        auto index = static_cast<uint32_t>(info.size());
        m_slots[slot] = Slot{hash, index};
        m_keys.push_back(id);
        info.push_back(nullptr);
        if (m_keys.size() * 2 > m_slots.size()) {
            rehash(m_slots.size() * 2);
        }
        return index;
    }
    std::string_view village(uint32_t r) const { return info[r] ? std::string_view(info[r]->village_code) : ""; }
    std::string_view farmer(uint32_t r) const { return info[r] ? std::string_view(info[r]->farmer_key) : ""; }
    std::string_view kiosk(uint32_t r) const { return info[r] ? std::string_view(info[r]->kiosk_id) : ""; }

private:
    static constexpr uint32_t kEmpty = UINT32_MAX;
    struct Slot {
        uint64_t hash;
        uint32_t index;
    };

    static uint64_t hash_of(std::string_view id) {
        uint64_t hash = 1469598103934665603ULL;  // FNV-1a, then mixed so the low bits spread
        for (char c : id) {
            hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
        }
        return hash ^ (hash >> 29);
    }

    void rehash(size_t wanted) {
        size_t capacity = 16;
        while (capacity < wanted) {
            capacity <<= 1;
        }
        m_slots.assign(capacity, Slot{0, kEmpty});
        m_mask = capacity - 1;
        for (uint32_t index = 0; index < m_keys.size(); ++index) {
            uint64_t hash = hash_of(m_keys[index]);
            size_t slot = hash & m_mask;
            while (m_slots[slot].index != kEmpty) {
                slot = (slot + 1) & m_mask;
            }
            m_slots[slot] = Slot{hash, index};
        }
    }

    std::vector<std::string_view> m_keys;
    std::vector<Slot> m_slots;
    size_t m_mask = 0;
};

class Engine {
public:
    Engine(const EvaluationInput& input, const Scheme& scheme) : m_in(input), m_scheme(scheme) {
        const auto& period = input.period;
        m_deadline = input.as_of > 0 ? std::min(input.as_of, period.to_ms) : period.to_ms;
        m_agent_index.reserve(input.agents.size() * 2);
        int64_t max_id = 0;
        for (size_t i = 0; i < input.agents.size(); ++i) {
            m_agent_index.emplace(input.agents[i].id, static_cast<uint32_t>(i));
            max_id = std::max(max_id, input.agents[i].id);
        }
        // User ids are dense: a plain table answers the million lookups of the walk.
        if (max_id < static_cast<int64_t>(input.agents.size()) * 16 + 4096) {
            m_agent_table.assign(static_cast<size_t>(max_id) + 1, -1);
            for (const auto& [id, index] : m_agent_index) {
                if (id > 0) {
                    m_agent_table[static_cast<size_t>(id)] = static_cast<int>(index);
                }
            }
        }
        m_facts.resize(input.agents.size());
        m_requests.reserve(input.requests.size());
        for (const auto& request : input.requests) {
            uint32_t r = m_requests.of(request.id);
            m_requests.info[r] = &request;
        }
    }

    std::vector<Facts> run() {
        index_side_tables();
        walk_events();
        collect_feedback();
        collect_visits();
        collect_trainings();
        return std::move(m_facts);
    }

private:
    int agent_of(int64_t agent_id) const {
        if (agent_id <= 0) {
            return -1;
        }
        if (!m_agent_table.empty()) {
            return agent_id < static_cast<int64_t>(m_agent_table.size()) ? m_agent_table[static_cast<size_t>(agent_id)]
                                                                         : -1;
        }
        auto found = m_agent_index.find(agent_id);
        return found == m_agent_index.end() ? -1 : static_cast<int>(found->second);
    }
    bool in_period(int64_t at) const { return at >= m_in.period.from_ms && at < m_deadline; }
    bool date_in_period(const std::string& date) const {
        return date >= m_in.period.from_date && date <= m_in.period.to_date && date.size() == 10;
    }
    static uint64_t pair_key(uint32_t request, uint32_t agent) {
        return (static_cast<uint64_t>(request) << 32) | agent;
    }

    void index_side_tables() {
        // A confirmation's source is its feedback row's; only the exceptions need a lookup.
        for (const auto& feedback : m_in.feedback) {
            if (feedback.event_id != 0 && feedback.source != EvidenceSource::FarmerKiosk) {
                m_feedback_source.emplace(feedback.event_id, feedback.source);
            }
        }
        for (const auto& decision : m_in.complaint_decisions) {
            m_complaint_upheld[decision.event_id] = decision.upheld;
        }
        // The latest phone check of each subject decides.
        for (const auto& callback : m_in.callbacks) {
            auto keep_latest = [&](const Callback*& held) {
                if (held == nullptr || callback.at > held->at || (callback.at == held->at && callback.id > held->id)) {
                    held = &callback;
                }
            };
            if (callback.subject == CallbackSubject::Request) {
                keep_latest(m_request_callbacks[callback.subject_id]);
            } else if (auto id = parse_id(callback.subject_id)) {
                keep_latest(callback.subject == CallbackSubject::Visit ? m_visit_callbacks[*id]
                                                                       : m_training_callbacks[*id]);
            }
        }
        m_visit_request.resize(m_in.visits.size(), kNoRequest);
        m_visited.reserve(m_in.visits.size() * 2);
        for (size_t i = 0; i < m_in.visits.size(); ++i) {
            const auto& visit = m_in.visits[i];
            if (visit.request_id.empty()) {
                continue;
            }
            m_visit_request[i] = m_requests.of(visit.request_id);
            int a = agent_of(visit.agent_id);
            if (a >= 0) {
                m_visited.insert(pair_key(m_visit_request[i], static_cast<uint32_t>(a)));
            }
        }
    }

    static std::optional<int64_t> parse_id(const std::string& text) {
        if (text.empty() || text.size() > 18) {
            return std::nullopt;
        }
        int64_t id = 0;
        for (char c : text) {
            if (c < '0' || c > '9') {
                return std::nullopt;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }

    static const Callback* find_callback(const std::unordered_map<int64_t, const Callback*>& map, int64_t id) {
        auto found = map.find(id);
        return found == map.end() ? nullptr : found->second;
    }
    const Callback* request_callback(const std::string& request_id) const {
        auto found = m_request_callbacks.find(request_id);
        return found == m_request_callbacks.end() ? nullptr : found->second;
    }

    EvidenceSource farmer_source(const RequestEvent& event) const {
        auto found = m_feedback_source.find(event.id);
        if (found != m_feedback_source.end()) {
            return found->second;
        }
        return event.actor == lifecycle::Actor::Kiosk ? EvidenceSource::FarmerKiosk : EvidenceSource::FarmerSms;
    }

    // Groups the events by request (counting sort) and walks each request's log in order.
    void walk_events() {
        const auto& events = m_in.events;
        std::vector<uint32_t> request_of(events.size());
        for (size_t i = 0; i < events.size(); ++i) {
            request_of[i] = m_requests.of(events[i].request_id);
        }
        size_t request_count = m_requests.info.size();
        std::vector<uint32_t> start(request_count + 1, 0);
        for (uint32_t r : request_of) {
            ++start[r + 1];
        }
        for (size_t r = 0; r < request_count; ++r) {
            start[r + 1] += start[r];
        }
        std::vector<uint32_t> order(events.size());
        std::vector<uint32_t> fill(start.begin(), start.end() - 1);
        for (size_t i = 0; i < events.size(); ++i) {
            order[fill[request_of[i]]++] = static_cast<uint32_t>(i);
        }
        m_confirmed_request.assign(request_count, std::nullopt);
        for (size_t r = 0; r < request_count; ++r) {
            auto first = order.begin() + start[r];
            auto last = order.begin() + start[r + 1];
            // The log order is the id order; the store reads in that order already.
            auto by_id = [&](uint32_t a, uint32_t b) { return events[a].id < events[b].id; };
            if (!std::is_sorted(first, last, by_id)) {
                std::sort(first, last, by_id);
            }
            walk_request(static_cast<uint32_t>(r), first, last);
        }
    }

    struct Hold {
        int agent = -1;
        int64_t event_id = 0;
        int64_t at = 0;
        bool counted = false;    // the claim or assignment lies in the period
        bool responded = false;  // contact, visit, unreachable or an outcome after it
    };

    // A hold that ended (given back, taken away, outcome) or is still open at the deadline.
    void close_hold(Hold& hold, int64_t end_at, bool still_open, uint32_t r) {
        if (hold.agent < 0 || !hold.counted || hold.responded) {
            hold = Hold{};
            return;
        }
        int64_t limit = m_scheme.sla.contact_hours * kHourMs;
        if (end_at - hold.at > limit) {
            auto& facts = m_facts[static_cast<size_t>(hold.agent)];
            facts.overdue.push_back({r, hold.event_id});
            if (still_open) {
                facts.never_contacted.push_back(hold.event_id);
            }
        }
        hold = Hold{};
    }

    void respond(Hold& hold, const RequestEvent& event, uint32_t r, bool is_contact) {
        if (hold.responded) {
            return;
        }
        hold.responded = true;
        if (!hold.counted) {
            return;
        }
        auto& facts = m_facts[static_cast<size_t>(hold.agent)];
        if (is_contact) {
            facts.contact_minutes.push_back(
                {static_cast<double>(event.server_at - hold.at) / static_cast<double>(kMinuteMs), event.id});
        }
        if (event.server_at - hold.at > m_scheme.sla.contact_hours * kHourMs) {
            facts.overdue.push_back({r, hold.event_id});
        }
    }

    void walk_request(uint32_t r, std::vector<uint32_t>::const_iterator first,
                      std::vector<uint32_t>::const_iterator last) {
        const auto& events = m_in.events;
        const RequestInfo* info = m_requests.info[r];
        int64_t pending_since = info != nullptr ? info->received_at : 0;
        std::optional<int64_t> offered_at;
        Hold hold;
        int outcome_agent = -1;
        auto& contacted_by = m_contacted_by;  // agents who contacted or visited this request so far
        contacted_by.clear();
        for (auto it = first; it != last; ++it) {
            const RequestEvent& event = events[*it];
            if (event.server_at >= m_deadline) {
                break;
            }
            bool counted = event.server_at >= m_in.period.from_ms;
            int a = agent_of(event.agent_id);
            switch (event.kind) {
                case EventKind::Received:
                case EventKind::Reopened:
                case EventKind::Declined:
                case EventKind::Unreachable:
                case EventKind::Reassigned: {
                    if (event.kind == EventKind::Unreachable && a >= 0 && a == hold.agent) {
                        respond(hold, event, r, false);
                    }
                    if (event.kind != EventKind::Received || pending_since == 0) {
                        pending_since = event.server_at;
                    }
                    offered_at.reset();
                    if (event.kind == EventKind::Reopened) {
                        int blamed = a >= 0 ? a : outcome_agent;
                        if (counted && blamed >= 0) {
                            m_facts[static_cast<size_t>(blamed)].reopened.push_back({r, event.id});
                        }
                    } else if (event.kind == EventKind::Declined && counted && a >= 0) {
                        m_facts[static_cast<size_t>(a)].declined.push_back({r, event.id});
                    }
                    if (event.kind != EventKind::Received && event.kind != EventKind::Reopened) {
                        close_hold(hold, event.server_at, false, r);
                    }
                    break;
                }
                case EventKind::Offered: {
                    if (!offered_at) {
                        offered_at = event.server_at;
                    }
                    if (counted) {
                        for (int64_t agent_id : event.offered_to) {
                            int offered = agent_of(agent_id);
                            if (offered >= 0) {
                                m_facts[static_cast<size_t>(offered)].offered.push_back({r, event.id});
                            }
                        }
                        if (a >= 0) {
                            m_facts[static_cast<size_t>(a)].offered.push_back({r, event.id});
                        }
                    }
                    break;
                }
                case EventKind::Claimed:
                case EventKind::Assigned: {
                    close_hold(hold, event.server_at, false, r);
                    if (a < 0) {
                        break;
                    }
                    hold = Hold{a, event.id, event.server_at, counted, false};
                    if (counted) {
                        auto& facts = m_facts[static_cast<size_t>(a)];
                        facts.held.push_back({r, event.id});
                        if (event.kind == EventKind::Claimed) {
                            facts.claimed.push_back({r, event.id});
                            int64_t since = offered_at.value_or(pending_since);
                            if (since > 0 && since <= event.server_at) {
                                int64_t waited = event.server_at - since;
                                facts.claim_minutes.push_back(
                                    {static_cast<double>(waited) / static_cast<double>(kMinuteMs), event.id});
                                if (waited > m_scheme.sla.claim_minutes * kMinuteMs) {
                                    facts.overdue.push_back({r, event.id});
                                }
                            }
                        } else {
                            facts.assigned.push_back({r, event.id});
                        }
                        if (info != nullptr && !info->farmer_key.empty() &&
                            info->farmer_key == m_in.agents[static_cast<size_t>(a)].phone_key) {
                            facts.own_phone.push_back(event.id);
                        }
                    }
                    offered_at.reset();
                    break;
                }
                case EventKind::Contacted:
                case EventKind::Visited: {
                    if (a < 0) {
                        break;
                    }
                    if (std::find(contacted_by.begin(), contacted_by.end(), a) == contacted_by.end()) {
                        contacted_by.push_back(a);
                    }
                    if (a == hold.agent) {
                        respond(hold, event, r, true);
                    }
                    if (counted) {
                        m_facts[static_cast<size_t>(a)].held.push_back({r, event.id});
                    }
                    break;
                }
                case EventKind::Resolved:
                case EventKind::PartlyResolved:
                case EventKind::Referred:
                case EventKind::CannotResolve: {
                    if (a < 0) {
                        break;
                    }
                    if (a == hold.agent) {
                        respond(hold, event, r, false);
                        hold = Hold{};
                    }
                    outcome_agent = a;
                    if (!counted) {
                        break;
                    }
                    auto& facts = m_facts[static_cast<size_t>(a)];
                    facts.held.push_back({r, event.id});
                    if (!m_request_callbacks.empty()) {
                        // The farmer told the 回访 the request was not served: no outcome counts.
                        const Callback* check = request_callback(event.request_id);
                        if (check != nullptr && check->result == CallbackResult::Denied) {
                            facts.denied.push_back(event.id);
                            break;
                        }
                    }
                    facts.outcomes.push_back({r, event.id, event.kind});
                    bool resolvedish = event.kind == EventKind::Resolved || event.kind == EventKind::PartlyResolved;
                    bool contacted = std::find(contacted_by.begin(), contacted_by.end(), a) != contacted_by.end() ||
                                     m_visited.count(pair_key(r, static_cast<uint32_t>(a))) != 0;
                    if (resolvedish && !contacted) {
                        facts.resolved_without_visit.push_back(event.id);
                    }
                    break;
                }
                case EventKind::Confirmed: {
                    int credited = a >= 0 ? a : outcome_agent;
                    EvidenceSource source = farmer_source(event);
                    if (!m_confirmed_request[r]) {
                        m_confirmed_request[r] = Evidence{"event", event.id, source};
                    }
                    if (counted && credited >= 0) {
                        std::string_view kiosk =
                            event.actor_id.empty() ? m_requests.kiosk(r) : std::string_view(event.actor_id);
                        m_facts[static_cast<size_t>(credited)].confirmed.push_back(
                            {r, event.id, event.server_at, source, kiosk});
                    }
                    break;
                }
                case EventKind::Complaint: {
                    int blamed = a >= 0 ? a : hold.agent;
                    if (counted && blamed >= 0) {
                        auto decided = m_complaint_upheld.find(event.id);
                        bool upheld = decided == m_complaint_upheld.end() || decided->second;
                        m_facts[static_cast<size_t>(blamed)].complaints.push_back({event.id, upheld});
                    }
                    break;
                }
                case EventKind::Cancelled:
                case EventKind::Rejected:
                case EventKind::ClosedUnconfirmed:
                    close_hold(hold, event.server_at, false, r);
                    break;
                case EventKind::Rated:
                case EventKind::Escalated:
                    break;
            }
        }
        close_hold(hold, m_deadline, true, r);
    }

    void collect_feedback() {
        for (const auto& feedback : m_in.feedback) {
            if (feedback.rating < 1 || feedback.rating > 5 || !in_period(feedback.received_at)) {
                continue;
            }
            int a = agent_of(feedback.agent_id);
            if (a < 0) {
                continue;
            }
            std::string_view farmer;
            if (!feedback.request_id.empty()) {
                farmer = m_requests.farmer(m_requests.of(feedback.request_id));
            }
            m_facts[static_cast<size_t>(a)].ratings.push_back(
                {feedback.id, feedback.rating, feedback.source, farmer, feedback.event_id});
        }
    }

    void collect_visits() {
        for (size_t i = 0; i < m_in.visits.size(); ++i) {
            const Visit& visit = m_in.visits[i];
            int a = agent_of(visit.agent_id);
            if (a < 0 || !date_in_period(visit.date)) {
                continue;
            }
            auto& facts = m_facts[static_cast<size_t>(a)];
            const Callback* own = find_callback(m_visit_callbacks, visit.id);
            const Callback* on_request = m_request_callbacks.empty() ? nullptr : request_callback(visit.request_id);
            const Callback* check = own != nullptr ? own : on_request;
            if (check != nullptr && check->result == CallbackResult::Denied) {
                facts.denied.push_back(visit.event_id);
                continue;
            }
            std::optional<Evidence> verifier;
            if (check != nullptr && check->result == CallbackResult::Confirmed) {
                verifier = Evidence{"callback", check->id, EvidenceSource::AdminCallback};
            } else if (m_visit_request[i] != kNoRequest) {
                verifier = m_confirmed_request[m_visit_request[i]];
            }
            int32_t day = 0;
            for (char c : visit.date) {
                if (c != '-') {
                    day = day * 10 + (c - '0');
                }
            }
            facts.visits.push_back({&visit, day, verifier});
        }
    }

    void collect_trainings() {
        for (const auto& training : m_in.trainings) {
            int a = agent_of(training.agent_id);
            if (a < 0 || !date_in_period(training.held_on)) {
                continue;
            }
            auto& facts = m_facts[static_cast<size_t>(a)];
            const Callback* check = find_callback(m_training_callbacks, training.id);
            if (check != nullptr && check->result == CallbackResult::Denied) {
                facts.denied_trainings.push_back(std::to_string(training.id));
                continue;
            }
            std::optional<Evidence> verifier;
            if (check != nullptr && check->result == CallbackResult::Confirmed) {
                verifier = Evidence{"callback", check->id, EvidenceSource::AdminCallback};
            }
            bool third_party = training.source != EvidenceSource::SelfReported || training.checked_in_signups > 0;
            facts.trainings.push_back({&training, verifier, third_party});
        }
    }

    const EvaluationInput& m_in;
    const Scheme& m_scheme;
    int64_t m_deadline = 0;
    std::unordered_map<int64_t, uint32_t> m_agent_index;
    std::vector<int> m_agent_table;  // id → index when the ids are small
    RequestTable m_requests;
    std::vector<Facts> m_facts;
    std::unordered_map<int64_t, EvidenceSource> m_feedback_source;
    std::unordered_map<int64_t, bool> m_complaint_upheld;
    static constexpr uint32_t kNoRequest = UINT32_MAX;
    std::unordered_map<int64_t, const Callback*> m_visit_callbacks, m_training_callbacks;
    std::unordered_map<std::string_view, const Callback*> m_request_callbacks;
    std::vector<uint32_t> m_visit_request;  // per visit row: its request's index
    std::unordered_set<uint64_t> m_visited;
    std::vector<std::optional<Evidence>> m_confirmed_request;
    std::vector<int> m_contacted_by;

public:
    const RequestTable& requests() const { return m_requests; }
};

// ---------------------------------------------------------------------------------------------
// Figures and evidence from facts.

struct Derived {
    Figures all;       // every fact not denied by a 回访
    Figures verified;  // visit and training figures from verified facts only
    std::vector<OutcomeRef> outcomes;
    std::vector<ConfirmRef> confirmations;
    std::vector<RequestRef> offered, claimed, assigned, held, overdue, reopened, declined;
};

bool visit_verified(const VisitRef& v) {
    return v.verifier.has_value();
}
bool training_verified(const TrainingRef& t) {
    return t.third_party || t.verifier.has_value();
}

void visit_figures(const Facts& facts, bool verified_only, Figures* f) {
    std::vector<int32_t> dates;
    for (const auto& ref : facts.visits) {
        if (verified_only && !visit_verified(ref)) {
            continue;
        }
        ++f->visits;
        switch (ref.visit->method) {
            case VisitMethod::Onsite:
                ++f->visits_onsite;
                break;
            case VisitMethod::Phone:
                ++f->visits_phone;
                break;
            case VisitMethod::Video:
                ++f->visits_video;
                break;
            case VisitMethod::Training:
                ++f->visits_training;
                break;
        }
        dates.push_back(ref.day);
    }
    std::sort(dates.begin(), dates.end());
    f->service_days = std::unique(dates.begin(), dates.end()) - dates.begin();
    for (const auto& ref : facts.trainings) {
        if (verified_only && !training_verified(ref)) {
            continue;
        }
        ++f->trainings;
        f->attendees += ref.training->attendees;
    }
}

Derived derive(const Facts& facts, const RequestTable& requests, const Scheme& scheme) {
    Derived d;
    Figures& f = d.all;
    d.offered = distinct_requests(facts.offered);
    d.claimed = distinct_requests(facts.claimed);
    d.assigned = distinct_requests(facts.assigned);
    f.offered = static_cast<int64_t>(d.offered.size());
    f.claimed = static_cast<int64_t>(d.claimed.size());
    f.assigned = static_cast<int64_t>(d.assigned.size());
    d.held = distinct_requests(facts.held);
    f.handled = static_cast<int64_t>(d.held.size());
    d.outcomes = last_outcomes(facts.outcomes);
    for (const auto& outcome : d.outcomes) {
        switch (outcome.kind) {
            case EventKind::Resolved:
                ++f.resolved;
                break;
            case EventKind::PartlyResolved:
                ++f.partly_resolved;
                break;
            case EventKind::Referred:
                ++f.referred;
                break;
            default:
                ++f.cannot_resolve;
                break;
        }
    }
    f.outcomes = static_cast<int64_t>(d.outcomes.size());
    d.confirmations = first_confirmations(facts.confirmed);
    f.confirmed = static_cast<int64_t>(d.confirmations.size());
    d.reopened = distinct_requests(facts.reopened);
    d.declined = distinct_requests(facts.declined);
    f.reopened = static_cast<int64_t>(d.reopened.size());
    f.declined = static_cast<int64_t>(d.declined.size());
    if (f.handled > 0) {
        f.resolution_rate =
            std::min(1.0, static_cast<double>(f.resolved + f.partly_resolved) / static_cast<double>(f.handled));
    }
    if (f.outcomes > 0) {
        f.confirmation_rate = std::min(1.0, static_cast<double>(f.confirmed) / static_cast<double>(f.outcomes));
    }
    int64_t sum = 0;
    for (const auto& rating : facts.ratings) {
        sum += rating.rating;
    }
    f.ratings = static_cast<int64_t>(facts.ratings.size());
    if (f.ratings > 0) {
        f.mean_rating = static_cast<double>(sum) / static_cast<double>(f.ratings);
    }
    f.satisfaction = (scheme.prior_mean * scheme.prior_weight + static_cast<double>(sum)) /
                     (scheme.prior_weight + static_cast<double>(f.ratings));
    if (scheme.prior_weight + static_cast<double>(f.ratings) == 0) {
        f.satisfaction = scheme.prior_mean;
    }
    std::vector<double> minutes;
    minutes.reserve(facts.claim_minutes.size());
    for (const auto& m : facts.claim_minutes) {
        minutes.push_back(m.minutes);
    }
    f.median_claim_minutes = median_of(minutes);
    f.p90_claim_minutes = p90_of(minutes);
    minutes.clear();
    for (const auto& m : facts.contact_minutes) {
        minutes.push_back(m.minutes);
    }
    f.median_contact_minutes = median_of(minutes);
    f.p90_contact_minutes = p90_of(minutes);
    d.overdue = distinct_requests(facts.overdue);
    f.overdue = static_cast<int64_t>(d.overdue.size());
    for (const auto& complaint : facts.complaints) {
        ++f.complaints;
        f.complaints_upheld += complaint.upheld ? 1 : 0;
    }
    std::vector<std::string_view> villages, farmers;
    for (const auto& ref : d.held) {
        if (!requests.village(ref.request).empty()) {
            villages.push_back(requests.village(ref.request));
        }
        if (!requests.farmer(ref.request).empty()) {
            farmers.push_back(requests.farmer(ref.request));
        }
    }
    for (const auto& ref : facts.trainings) {
        if (!ref.training->village_code.empty()) {
            villages.push_back(ref.training->village_code);
        }
    }
    std::sort(villages.begin(), villages.end());
    f.villages_covered = std::unique(villages.begin(), villages.end()) - villages.begin();
    std::sort(farmers.begin(), farmers.end());
    f.farmers_served = std::unique(farmers.begin(), farmers.end()) - farmers.begin();
    visit_figures(facts, false, &f);
    d.verified = f;
    d.verified.visits = d.verified.visits_onsite = d.verified.visits_phone = 0;
    d.verified.visits_video = d.verified.visits_training = d.verified.service_days = 0;
    d.verified.trainings = d.verified.attendees = 0;
    visit_figures(facts, true, &d.verified);
    return d;
}

// Evidence is gathered as small records, sorted by kind then id and deduplicated, and only then
// turned into Evidence (with its kind as text): a million facts sort much faster that way.
enum class EvidenceKind : uint8_t { Callback, Event, Feedback, Training, Visit };  // alphabetical
constexpr std::array<std::string_view, 5> kEvidenceKinds{"callback", "event", "feedback", "training", "visit"};

struct RawEvidence {
    EvidenceKind kind;
    EvidenceSource source;
    int64_t id;
};

EvidenceKind kind_of(const Evidence& evidence) {
    int i = index_of(kEvidenceKinds, evidence.kind);
    return i < 0 ? EvidenceKind::Event : static_cast<EvidenceKind>(i);
}

std::vector<Evidence> materialize(std::vector<RawEvidence>* raw) {
    auto before = [](const RawEvidence& a, const RawEvidence& b) {
        return a.kind != b.kind ? a.kind < b.kind : a.id < b.id;
    };
    if (!std::is_sorted(raw->begin(), raw->end(), before)) {
        std::sort(raw->begin(), raw->end(), before);
    }
    std::vector<Evidence> out;
    out.reserve(raw->size());
    for (size_t i = 0; i < raw->size(); ++i) {
        const auto& r = (*raw)[i];
        if (i > 0 && r.kind == (*raw)[i - 1].kind && r.id == (*raw)[i - 1].id) {
            continue;
        }
        out.push_back({std::string(kEvidenceKinds[static_cast<size_t>(r.kind)]), r.id, r.source});
    }
    return out;
}

// The facts behind one figure.
std::vector<Evidence> evidence_for(const std::string& figure, const Facts& facts, const Derived& d,
                                   bool verified_only) {
    std::vector<RawEvidence> raw;
    auto add = [&](EvidenceKind kind, int64_t id, EvidenceSource source) { raw.push_back({kind, source, id}); };
    auto events = [&](const std::vector<RequestRef>& refs, EvidenceSource source) {
        for (const auto& ref : refs) {
            add(EvidenceKind::Event, ref.event_id, source);
        }
    };
    auto outcomes = [&](std::initializer_list<EventKind> kinds) {
        for (const auto& ref : d.outcomes) {
            if (std::find(kinds.begin(), kinds.end(), ref.kind) != kinds.end()) {
                add(EvidenceKind::Event, ref.event_id, EvidenceSource::SelfReported);
            }
        }
    };
    if (figure == "offered") {
        events(d.offered, EvidenceSource::Platform);
    } else if (figure == "claimed" || figure == "median_claim_minutes" || figure == "p90_claim_minutes") {
        events(d.claimed, EvidenceSource::Platform);
    } else if (figure == "assigned") {
        events(d.assigned, EvidenceSource::Platform);
    } else if (figure == "handled" || figure == "villages_covered" || figure == "farmers_served") {
        events(d.held, EvidenceSource::Platform);
        if (figure == "villages_covered") {
            for (const auto& ref : facts.trainings) {
                add(EvidenceKind::Training, ref.training->id, ref.training->source);
            }
        }
    } else if (figure == "resolved") {
        outcomes({EventKind::Resolved});
    } else if (figure == "partly_resolved") {
        outcomes({EventKind::PartlyResolved});
    } else if (figure == "referred") {
        outcomes({EventKind::Referred});
    } else if (figure == "cannot_resolve") {
        outcomes({EventKind::CannotResolve});
    } else if (figure == "outcomes") {
        outcomes({EventKind::Resolved, EventKind::PartlyResolved, EventKind::Referred, EventKind::CannotResolve});
    } else if (figure == "resolution_rate") {
        outcomes({EventKind::Resolved, EventKind::PartlyResolved});
    } else if (figure == "confirmed" || figure == "confirmation_rate") {
        for (const auto& ref : d.confirmations) {
            add(EvidenceKind::Event, ref.event_id, ref.source);
        }
    } else if (figure == "reopened") {
        events(d.reopened, EvidenceSource::FarmerKiosk);
    } else if (figure == "declined") {
        events(d.declined, EvidenceSource::Platform);
    } else if (figure == "mean_rating" || figure == "ratings" || figure == "satisfaction") {
        for (const auto& ref : facts.ratings) {
            add(EvidenceKind::Feedback, ref.feedback_id, ref.source);
        }
    } else if (figure == "median_contact_minutes" || figure == "p90_contact_minutes") {
        for (const auto& ref : facts.contact_minutes) {
            add(EvidenceKind::Event, ref.event_id, EvidenceSource::SelfReported);
        }
    } else if (figure == "overdue") {
        events(d.overdue, EvidenceSource::Platform);
    } else if (figure == "complaints" || figure == "complaints_upheld") {
        for (const auto& ref : facts.complaints) {
            if (ref.upheld || figure == "complaints") {
                add(EvidenceKind::Event, ref.event_id, EvidenceSource::FarmerKiosk);
            }
        }
    } else if (figure.rfind("visits", 0) == 0 || figure == "service_days") {
        for (const auto& ref : facts.visits) {
            if (verified_only && !visit_verified(ref)) {
                continue;
            }
            auto method = ref.visit->method;
            bool wanted = figure == "visits" || figure == "service_days" ||
                          (figure == "visits_onsite" && method == VisitMethod::Onsite) ||
                          (figure == "visits_phone" && method == VisitMethod::Phone) ||
                          (figure == "visits_video" && method == VisitMethod::Video) ||
                          (figure == "visits_training" && method == VisitMethod::Training);
            if (wanted) {
                add(EvidenceKind::Visit, ref.visit->id, EvidenceSource::SelfReported);
                if (ref.verifier) {
                    add(kind_of(*ref.verifier), ref.verifier->id, ref.verifier->source);
                }
            }
        }
    } else if (figure == "trainings" || figure == "attendees") {
        for (const auto& ref : facts.trainings) {
            if (verified_only && !training_verified(ref)) {
                continue;
            }
            add(EvidenceKind::Training, ref.training->id, ref.training->source);
            if (ref.verifier) {
                add(kind_of(*ref.verifier), ref.verifier->id, ref.verifier->source);
            }
        }
    }
    return materialize(&raw);
}

double item_points(const SchemeItem& item, double quantity) {
    switch (item.rule) {
        case ItemRule::PerUnit: {
            double points = item.points * quantity;
            return item.cap ? std::min(points, *item.cap) : points;
        }
        case ItemRule::Threshold: {
            double points = 0;
            for (const auto& step : item.steps) {
                if (quantity >= step.at_least) {
                    points = step.points;
                }
            }
            return points;
        }
        case ItemRule::Ratio:
            return item.points * quantity;
        case ItemRule::Scaled: {
            double share = (quantity - item.from) / (item.to - item.from);
            return item.points * std::clamp(share, 0.0, 1.0);
        }
        case ItemRule::Deduction: {
            double points = item.points * quantity;
            return -(item.cap ? std::min(points, *item.cap) : points);
        }
    }
    return 0;
}

ItemScore score_item(const SchemeItem& item, const std::string& dimension, const Facts& facts, const Derived& d) {
    ItemScore score;
    score.id = item.id;
    score.name = item.name;
    score.dimension = dimension;
    auto quantity = figure_value(item.verified_only ? d.verified : d.all, item.figure);
    if (quantity) {
        score.quantity = *quantity;
        score.points = item_points(item, *quantity);
    }
    score.evidence = evidence_for(item.figure, facts, d, item.verified_only);
    return score;
}

std::string count_text(size_t n) {
    return std::to_string(n);
}

std::vector<Flag> flags_for(const Facts& facts, const Scheme& scheme, const RequestTable& requests) {
    std::vector<Flag> flags;
    auto add = [&](std::string code, std::string message, std::vector<int64_t> ids) {
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        flags.push_back({std::move(code), std::move(message), std::move(ids)});
    };
    if (!facts.resolved_without_visit.empty()) {
        add("resolved_without_visit",
            count_text(facts.resolved_without_visit.size()) + " 个求助未联系、未走访就报告了解决",
            facts.resolved_without_visit);
    }
    if (!facts.never_contacted.empty()) {
        add("never_contacted",
            count_text(facts.never_contacted.size()) + " 个求助接单超过 " + std::to_string(scheme.sla.contact_hours) +
                " 小时仍未联系农户",
            facts.never_contacted);
    }
    // Implausible visits: too many on one date, or two on one request with the same date.
    {
        std::vector<std::pair<int32_t, const Visit*>> by_day;
        by_day.reserve(facts.visits.size());
        for (const auto& ref : facts.visits) {
            by_day.emplace_back(ref.day, ref.visit);
        }
        std::sort(by_day.begin(), by_day.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first < b.first : a.second->id < b.second->id;
        });
        std::vector<const Visit*> visits;
        visits.reserve(by_day.size());
        for (const auto& [day, visit] : by_day) {
            visits.push_back(visit);
        }
        std::vector<int64_t> ids;
        size_t busy_days = 0, repeats = 0;
        for (size_t i = 0; i < visits.size();) {
            size_t j = i;
            while (j < visits.size() && visits[j]->date == visits[i]->date) {
                ++j;
            }
            if (j - i > static_cast<size_t>(scheme.flags.max_visits_per_day)) {
                ++busy_days;
                for (size_t k = i; k < j; ++k) {
                    ids.push_back(visits[k]->event_id);
                }
            }
            std::vector<const Visit*> day(visits.begin() + static_cast<long>(i), visits.begin() + static_cast<long>(j));
            std::sort(day.begin(), day.end(), [](const Visit* a, const Visit* b) {
                return a->request_id != b->request_id ? a->request_id < b->request_id : a->id < b->id;
            });
            for (size_t k = 1; k < day.size(); ++k) {
                if (!day[k]->request_id.empty() && day[k]->request_id == day[k - 1]->request_id) {
                    ++repeats;
                    ids.push_back(day[k - 1]->event_id);
                    ids.push_back(day[k]->event_id);
                }
            }
            i = j;
        }
        if (!ids.empty()) {
            add("implausible_visits",
                count_text(busy_days) + " 天走访超过每天 " + std::to_string(scheme.flags.max_visits_per_day) + " 次，" +
                    count_text(repeats) + " 次同一求助同一天重复走访",
                ids);
        }
    }
    if (facts.ratings.size() >= static_cast<size_t>(scheme.flags.min_ratings_one_phone)) {
        std::string_view first = facts.ratings.front().farmer_key;
        bool one = !first.empty() && std::all_of(facts.ratings.begin(), facts.ratings.end(),
                                                 [&](const RatingRef& r) { return r.farmer_key == first; });
        if (one) {
            std::vector<int64_t> ids;
            for (const auto& rating : facts.ratings) {
                ids.push_back(rating.event_id);
            }
            add("ratings_one_phone", "全部 " + count_text(facts.ratings.size()) + " 条评价来自同一个手机号", ids);
        }
    }
    if (!facts.own_phone.empty()) {
        add("own_phone", count_text(facts.own_phone.size()) + " 个求助的农户手机号是本人的手机号", facts.own_phone);
    }
    // Bursts: at least N confirmations at one kiosk within M minutes.
    {
        std::vector<const ConfirmRef*> confirmations;
        for (const auto& ref : facts.confirmed) {
            confirmations.push_back(&ref);
        }
        std::sort(confirmations.begin(), confirmations.end(), [](const ConfirmRef* a, const ConfirmRef* b) {
            if (a->kiosk != b->kiosk) {
                return a->kiosk < b->kiosk;
            }
            return a->at != b->at ? a->at < b->at : a->event_id < b->event_id;
        });
        std::vector<int64_t> ids;
        size_t n = static_cast<size_t>(scheme.flags.burst_confirmations);
        int64_t window = scheme.flags.burst_minutes * kMinuteMs;
        for (size_t i = 0; i + n <= confirmations.size(); ++i) {
            const auto* a = confirmations[i];
            const auto* b = confirmations[i + n - 1];
            if (!a->kiosk.empty() && a->kiosk == b->kiosk && b->at - a->at <= window) {
                for (size_t k = i; k < i + n; ++k) {
                    ids.push_back(confirmations[k]->event_id);
                }
            }
        }
        if (!ids.empty()) {
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
            add("confirmation_burst",
                count_text(ids.size()) + " 次确认集中在同一触摸屏 " + std::to_string(scheme.flags.burst_minutes) +
                    " 分钟之内",
                ids);
        }
    }
    if (!facts.denied.empty() || !facts.denied_trainings.empty()) {
        std::string message = "回访否认了 " + count_text(facts.denied.size()) + " 条自报的走访或解决";
        if (!facts.denied_trainings.empty()) {
            message += "和 " + count_text(facts.denied_trainings.size()) + " 次培训（培训编号";
            for (size_t i = 0; i < facts.denied_trainings.size(); ++i) {
                message += (i == 0 ? " " : "、") + facts.denied_trainings[i];
            }
            message += "）";
        }
        add("callback_denied", message + "，已不计入", facts.denied);
    }
    (void)requests;
    return flags;
}

void score_entry(ScoredEntry* entry, const Facts& facts, const Derived& d, const TypeScheme& type) {
    entry->figures = d.all;
    double total = 0;
    for (const auto& dimension : type.dimensions) {
        double sum = 0;
        for (const auto& item : dimension.items) {
            entry->items.push_back(score_item(item, dimension.id, facts, d));
            sum += entry->items.back().points;
        }
        double clamped = std::clamp(sum, 0.0, dimension.weight);
        entry->dimensions.emplace_back(dimension.id, clamped);
        total += clamped;
    }
    for (const auto& item : type.adjustments) {
        entry->items.push_back(score_item(item, "", facts, d));
        total += entry->items.back().points;
    }
    entry->score = round2(std::max(0.0, total));
}

std::string county_of(const std::string& region_code) {
    return region_code.size() >= 6 ? region_code.substr(0, 6) : region_code;
}

// Bands within each pool: cut-offs, the rank rule, the quota, the floor, then overrides.
void assign_bands(std::vector<ScoredEntry>* entries, const std::vector<std::string>& regions, const Scheme& scheme,
                  const Period& period, const std::vector<Override>& overrides, bool teams) {
    std::map<std::pair<int, std::string>, std::vector<size_t>> pools;
    for (size_t i = 0; i < entries->size(); ++i) {
        const auto& entry = (*entries)[i];
        const auto& bands = type_scheme(scheme, entry.type).bands;
        std::string pool = bands.quota_pool == BandRules::Pool::County ? county_of(regions[i]) : "";
        (*entries)[i].pool = pool;
        pools[{static_cast<int>(entry.type), pool}].push_back(i);
    }
    int64_t period_days = (period.to_ms - period.from_ms) / kDayMs;
    for (auto& [key, members] : pools) {
        std::sort(members.begin(), members.end(), [&](size_t a, size_t b) {
            const auto& x = (*entries)[a];
            const auto& y = (*entries)[b];
            return x.score != y.score ? x.score > y.score : x.id < y.id;
        });
        const auto& rules = type_scheme(scheme, static_cast<AgentType>(key.first)).bands;
        size_t quota =
            rules.excellent_quota >= 1
                ? members.size()
                : static_cast<size_t>(std::floor(rules.excellent_quota * static_cast<double>(members.size()) + 1e-9));
        size_t excellent = 0;
        int64_t need_days = rules.floor_service_days, need_visits = rules.floor_visits;
        if (rules.floor_prorated) {
            need_days =
                std::llround(static_cast<double>(rules.floor_service_days) * static_cast<double>(period_days) / 365.0);
            need_visits =
                std::llround(static_cast<double>(rules.floor_visits) * static_cast<double>(period_days) / 365.0);
        }
        bool has_floor = rules.floor_service_days > 0 || rules.floor_visits > 0;
        for (size_t position = 0; position < members.size(); ++position) {
            auto& entry = (*entries)[members[position]];
            entry.rank = static_cast<int>(position + 1);
            if (entry.score >= rules.excellent) {
                entry.band = Band::Excellent;
            } else if (entry.score >= rules.good) {
                entry.band = Band::Good;
            } else if (entry.score >= rules.pass) {
                entry.band = Band::Pass;
            } else {
                entry.band = Band::Fail;
            }
            entry.band_reason = "cutoff";
            if (entry.band == Band::Excellent && rules.excellent_max_rank > 0 &&
                entry.rank > rules.excellent_max_rank) {
                entry.band = Band::Good;
                entry.band_reason = "rank_rule";
            }
            if (entry.band == Band::Excellent) {
                if (excellent < quota) {
                    ++excellent;
                } else {
                    entry.band = Band::Good;
                    entry.band_reason = "quota";
                }
            }
            if (has_floor) {
                bool days_ok = rules.floor_service_days > 0 && entry.figures.service_days >= need_days;
                bool visits_ok = rules.floor_visits > 0 && entry.figures.visits >= need_visits;
                if (!days_ok && !visits_ok) {
                    entry.band = Band::Fail;
                    entry.band_reason = "floor";
                }
            }
        }
    }
    // The latest override per entry wins.
    std::map<int64_t, const Override*> latest;
    for (const auto& override : overrides) {
        if (override.for_team != teams) {
            continue;
        }
        auto [it, inserted] = latest.emplace(override.agent_id, &override);
        if (!inserted && override.at >= it->second->at) {
            it->second = &override;
        }
    }
    for (auto& entry : *entries) {
        auto found = latest.find(entry.id);
        if (found != latest.end()) {
            entry.band = found->second->band;
            entry.band_reason = "override: " + found->second->reason;
        }
    }
}

void sort_entries(std::vector<ScoredEntry>* entries) {
    std::sort(entries->begin(), entries->end(), [](const ScoredEntry& a, const ScoredEntry& b) {
        return a.score != b.score ? a.score > b.score : a.id < b.id;
    });
}

void append(Facts* into, const Facts& from) {
    auto add = [](auto& a, const auto& b) { a.insert(a.end(), b.begin(), b.end()); };
    add(into->offered, from.offered);
    add(into->claimed, from.claimed);
    add(into->assigned, from.assigned);
    add(into->held, from.held);
    add(into->overdue, from.overdue);
    add(into->reopened, from.reopened);
    add(into->declined, from.declined);
    add(into->outcomes, from.outcomes);
    add(into->confirmed, from.confirmed);
    add(into->claim_minutes, from.claim_minutes);
    add(into->contact_minutes, from.contact_minutes);
    add(into->ratings, from.ratings);
    add(into->complaints, from.complaints);
    add(into->visits, from.visits);
    add(into->trainings, from.trainings);
}

}  // namespace

std::string_view agent_type_name(AgentType type) {
    return kTypeNames[static_cast<size_t>(type)];
}
std::string_view agent_type_label(AgentType type) {
    return kTypeLabels[static_cast<size_t>(type)];
}
std::optional<AgentType> agent_type_from_name(std::string_view name) {
    int i = index_of(kTypeNames, name);
    return i < 0 ? std::nullopt : std::optional<AgentType>(static_cast<AgentType>(i));
}
std::string_view evidence_source_name(EvidenceSource source) {
    return kSourceNames[static_cast<size_t>(source)];
}
std::optional<VisitMethod> visit_method_from_name(std::string_view name) {
    int i = index_of(kMethodNames, name);
    return i < 0 ? std::nullopt : std::optional<VisitMethod>(static_cast<VisitMethod>(i));
}
std::string_view band_label(Band band) {
    return kBandLabels[static_cast<size_t>(band)];
}
std::optional<Band> band_from_label(std::string_view label) {
    int i = index_of(kBandLabels, label);
    return i < 0 ? std::nullopt : std::optional<Band>(static_cast<Band>(i));
}

Result<Period> make_period(std::string_view from_date, std::string_view to_date) {
    auto from = parse_shanghai_date(from_date, "from");
    if (!from) {
        return from.error();
    }
    auto to = parse_shanghai_date(to_date, "to");
    if (!to) {
        return to.error();
    }
    if (*to < *from) {
        return field_error("to", "the period ends before it starts");
    }
    if ((*to - *from) / kDayMs > 3 * 365 + 1) {
        return field_error("to", "a period is at most 3 years long");
    }
    return Period{std::string(from_date), std::string(to_date), *from, *to + kDayMs};
}

const std::vector<std::string>& figure_names() {
    static const std::vector<std::string> kNames{"offered",
                                                 "claimed",
                                                 "assigned",
                                                 "handled",
                                                 "resolved",
                                                 "partly_resolved",
                                                 "referred",
                                                 "cannot_resolve",
                                                 "confirmed",
                                                 "reopened",
                                                 "declined",
                                                 "outcomes",
                                                 "resolution_rate",
                                                 "confirmation_rate",
                                                 "mean_rating",
                                                 "ratings",
                                                 "satisfaction",
                                                 "median_claim_minutes",
                                                 "p90_claim_minutes",
                                                 "median_contact_minutes",
                                                 "p90_contact_minutes",
                                                 "overdue",
                                                 "complaints",
                                                 "complaints_upheld",
                                                 "villages_covered",
                                                 "farmers_served",
                                                 "visits",
                                                 "visits_onsite",
                                                 "visits_phone",
                                                 "visits_video",
                                                 "visits_training",
                                                 "service_days",
                                                 "trainings",
                                                 "attendees"};
    return kNames;
}

std::optional<double> figure_value(const Figures& f, std::string_view name) {
    auto count = [](int64_t value) { return std::optional<double>(static_cast<double>(value)); };
    if (name == "offered")
        return count(f.offered);
    if (name == "claimed")
        return count(f.claimed);
    if (name == "assigned")
        return count(f.assigned);
    if (name == "handled")
        return count(f.handled);
    if (name == "resolved")
        return count(f.resolved);
    if (name == "partly_resolved")
        return count(f.partly_resolved);
    if (name == "referred")
        return count(f.referred);
    if (name == "cannot_resolve")
        return count(f.cannot_resolve);
    if (name == "confirmed")
        return count(f.confirmed);
    if (name == "reopened")
        return count(f.reopened);
    if (name == "declined")
        return count(f.declined);
    if (name == "outcomes")
        return count(f.outcomes);
    if (name == "resolution_rate")
        return f.resolution_rate;
    if (name == "confirmation_rate")
        return f.confirmation_rate;
    if (name == "mean_rating")
        return f.mean_rating;
    if (name == "ratings")
        return count(f.ratings);
    if (name == "satisfaction")
        return f.satisfaction;
    if (name == "median_claim_minutes")
        return f.median_claim_minutes;
    if (name == "p90_claim_minutes")
        return f.p90_claim_minutes;
    if (name == "median_contact_minutes")
        return f.median_contact_minutes;
    if (name == "p90_contact_minutes")
        return f.p90_contact_minutes;
    if (name == "overdue")
        return count(f.overdue);
    if (name == "complaints")
        return count(f.complaints);
    if (name == "complaints_upheld")
        return count(f.complaints_upheld);
    if (name == "villages_covered")
        return count(f.villages_covered);
    if (name == "farmers_served")
        return count(f.farmers_served);
    if (name == "visits")
        return count(f.visits);
    if (name == "visits_onsite")
        return count(f.visits_onsite);
    if (name == "visits_phone")
        return count(f.visits_phone);
    if (name == "visits_video")
        return count(f.visits_video);
    if (name == "visits_training")
        return count(f.visits_training);
    if (name == "service_days")
        return count(f.service_days);
    if (name == "trainings")
        return count(f.trainings);
    if (name == "attendees")
        return count(f.attendees);
    return std::nullopt;
}

EvaluationResult evaluate(const EvaluationInput& input, const Scheme& scheme) {
    Engine engine(input, scheme);
    std::vector<Facts> facts = engine.run();
    const RequestTable& requests = engine.requests();

    EvaluationResult result;
    result.period = input.period;
    result.scheme_id = scheme.id;
    result.scheme_version = scheme.version;
    result.scheme_name = scheme.name;

    std::map<int64_t, const TeamInfo*> teams_by_id;
    for (const auto& team : input.teams) {
        teams_by_id.emplace(team.id, &team);
    }
    std::vector<std::string> agent_regions;
    for (size_t i = 0; i < input.agents.size(); ++i) {
        const auto& agent = input.agents[i];
        ScoredEntry entry;
        entry.id = agent.id;
        entry.name = agent.name;
        entry.type = agent.type;
        entry.team = agent.team_name;
        if (entry.team.empty() && agent.team_id != 0 && teams_by_id.count(agent.team_id) != 0) {
            entry.team = teams_by_id[agent.team_id]->name;
        }
        Derived d = derive(facts[i], requests, scheme);
        score_entry(&entry, facts[i], d, type_scheme(scheme, agent.type));
        entry.flags = flags_for(facts[i], scheme, requests);
        result.agents.push_back(std::move(entry));
        agent_regions.push_back(agent.region_code);
    }
    assign_bands(&result.agents, agent_regions, scheme, input.period, input.overrides, false);

    std::map<int64_t, std::vector<size_t>> members_of;
    for (size_t i = 0; i < input.agents.size(); ++i) {
        if (input.agents[i].team_id != 0) {
            members_of[input.agents[i].team_id].push_back(i);
        }
    }
    std::vector<std::string> team_regions;
    for (const auto& team : input.teams) {
        ScoredEntry entry;
        entry.id = team.id;
        entry.name = team.name;
        entry.team = team.name;
        entry.type = AgentType::Team;
        Facts pooled;
        std::string region = team.region_code;
        for (size_t i : members_of[team.id]) {
            entry.members.push_back(input.agents[i].id);
            append(&pooled, facts[i]);
            if (region.empty()) {
                region = input.agents[i].region_code;
            }
        }
        std::sort(entry.members.begin(), entry.members.end());
        Derived d = derive(pooled, requests, scheme);
        score_entry(&entry, pooled, d, type_scheme(scheme, AgentType::Team));
        result.teams.push_back(std::move(entry));
        team_regions.push_back(region);
    }
    assign_bands(&result.teams, team_regions, scheme, input.period, input.overrides, true);

    sort_entries(&result.agents);
    sort_entries(&result.teams);
    return result;
}

}  // namespace xiangke::core::evaluation
