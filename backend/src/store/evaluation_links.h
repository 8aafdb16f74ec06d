#pragma once
// Reads behind the 考核 drill-down: what each piece of evidence an evaluation names (an event, a
// service record, a farmer's feedback, a training) points at, so the page can link to the
// request's timeline; and the complaints (催办) against an agent in a period.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/database.h"

namespace xiangke::backend {

struct EvidenceLink {
    std::string request_id;  // empty for a training
    std::string request_code;
    std::string event_kind;    // event: its kind (claimed, visit, confirmed, …)
    std::string date;          // visit: its date; training: held_on
    std::string visit_method;  // visit: onsite, phone, video, training
    int rating = 0;            // feedback
    int64_t attendees = 0;     // training
    std::string place;         // training: the village's name
    std::string topic;         // training
};

// (kind, id) → link for every evidence row that exists; kinds: event, visit, feedback, training.
// At most `limit` rows are looked up.
std::map<std::pair<std::string, int64_t>, EvidenceLink> evidence_links(
    Database& db, const std::vector<std::pair<std::string, int64_t>>& evidence, size_t limit);

struct ComplaintRow {
    int64_t event_id = 0;
    std::string request_id;
    std::string request_code;
    int64_t at = 0;
};
// Complaint events about `agent_id` with server_at in [from_ms, to_ms), oldest first.
std::vector<ComplaintRow> complaints_against(Database& db, int64_t agent_id, int64_t from_ms, int64_t to_ms,
                                             size_t limit);

// The request a complaint event belongs to and the agent it is about; nullopt when the event is
// not a complaint.
struct ComplaintSubject {
    std::string request_id;
    std::string village_code;
    int64_t agent_id = 0;
};
std::optional<ComplaintSubject> complaint_subject(Database& db, int64_t event_id);

// The latest decision on a complaint event, with the deciding administrator's name.
struct ComplaintDecisionView {
    bool upheld = true;
    std::string reason;
    std::string admin_name;
    int64_t at = 0;
};
std::optional<ComplaintDecisionView> latest_complaint_decision(Database& db, int64_t event_id);

// The request behind a 回访 subject (a visit's request, or the request itself) and the farmer's
// phone digits on it; nullopt for a training or an unknown subject. The phone is personal data:
// callers show it masked, or in full only through an audited path.
struct CallbackRequest {
    std::string request_id;
    std::string request_code;
    std::string village_code;
    std::string farmer_phone;
};
std::optional<CallbackRequest> callback_request(Database& db, const std::string& subject_kind,
                                                const std::string& subject_id);

// The region codes one level below `code` (a city's counties), by code.
std::vector<std::pair<std::string, std::string>> child_regions(Database& db, const std::string& code);

}  // namespace xiangke::backend
