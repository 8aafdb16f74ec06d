#pragma once
// What agents report (服务记录): events on the requests they hold, with the service record of a
// visit, photos of it, and the training sessions (培训) they hold. Shared by the JSON API and the
// agent's pages, so both paths write exactly the same rows.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/database.h"
#include "store/requests.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

// One report by the holder: contacted, a visit, an outcome, decline or unreachable.
struct AgentReport {
    lifecycle::EventKind kind = lifecycle::EventKind::Contacted;
    std::optional<int64_t> at;  // the agent's clock
    std::string note;
    nlohmann::json data = nlohmann::json::object();  // event details, never a phone number
    std::optional<std::string> visit_date;           // planned (contacted) or made (visit), YYYY-MM-DD
    std::optional<std::string> visit_method;         // onsite, phone, video, training
    std::string visit_summary;
    std::optional<int64_t> attendees;
    bool follow_up = false;
};

inline constexpr size_t kMaxVisitSummaryChars = 2000;
inline constexpr size_t kMaxNoteChars = 1000;

bool is_visit_method(const std::string& method);

struct AppliedReport {
    AppendedEvent event;
    std::optional<int64_t> record_id;  // the service record a visit created
};

// Appends the report's event (and for a visit its service record). Call inside a write.
// Error codes: those of append_event.
core::Result<AppliedReport> apply_agent_report(Database& db, const std::string& request_id, int64_t agent_id,
                                               const AgentReport& report, int64_t now_ms);

struct ServicePhoto {
    std::string request_id;
    int64_t agent_id = 0;
    std::optional<int64_t> record_id;
    std::string format;  // jpeg, png (checked by content: web/image_check.h)
    int width = 0;
    int height = 0;
    std::string bytes;
};
int64_t store_service_photo(Database& db, const ServicePhoto& photo, int64_t now_ms);
// The newest service record the agent made on the request (the visit a photo sent later belongs to).
std::optional<int64_t> latest_service_record(Database& db, const std::string& request_id, int64_t agent_id);
int64_t count_service_photos(Database& db, const std::string& request_id);

// 培训: a training session held in a village.
struct TrainingSession {
    int64_t id = 0;
    std::string village_code;
    std::string village_name;
    std::string topic;
    std::string held_on;  // YYYY-MM-DD
    int64_t attendees = 0;
};
inline constexpr size_t kMaxTrainingTopicChars = 100;
inline constexpr int64_t kMaxTrainingAttendees = 10'000;

// Checks the fields (village: a known 12-digit village code). Error codes "invalid_field" with
// the field village_code, topic, held_on or attendees.
core::Result<TrainingSession> validate_training(Database& db, const std::string& village_code, const std::string& topic,
                                                const std::string& held_on, int64_t attendees);
int64_t record_training(Database& db, int64_t agent_id, const TrainingSession& session, int64_t now_ms);
std::vector<TrainingSession> agent_trainings(Database& db, int64_t agent_id, size_t limit);

// A request the agent holds or has worked on.
struct AgentRequestItem {
    std::string request_id, code, category, crop, village_name, status;
    int64_t received_at = 0;
    int64_t last_event_at = 0;
    bool holding = false;
};
// Requests the agent holds now (claimed, contacted, visited, or awaiting the farmer's answer).
std::vector<AgentRequestItem> held_requests(Database& db, int64_t agent_id, size_t limit);
// Every request the agent has acted on, latest activity first.
std::vector<AgentRequestItem> agent_history(Database& db, int64_t agent_id, size_t limit);

// The agent's own figures, from the event log and the farmers' feedback.
struct AgentFigures {
    int64_t handled = 0;    // requests claimed or assigned
    int64_t resolved = 0;   // requests the agent reported resolved or partly resolved
    int64_t confirmed = 0;  // outcomes the farmer confirmed
    int64_t visits = 0;
    int64_t trainings = 0;
    int64_t training_attendees = 0;
    int64_t complaints = 0;
    std::optional<double> mean_rating;
    int64_t ratings = 0;
};
AgentFigures agent_figures(Database& db, int64_t agent_id);
nlohmann::json agent_figures_json(const AgentFigures& figures);

}  // namespace xiangke::backend
