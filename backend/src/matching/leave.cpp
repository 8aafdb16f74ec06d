#include "matching/leave.h"

#include "matching/agents.h"
#include "xiangke/core/time.h"

namespace xiangke::backend {

core::Result<LeaveDates> validate_leave(const std::string& from, const std::string& to, int64_t now_ms) {
    auto first = core::parse_shanghai_date(from, "from");
    if (!first.ok()) {
        return core::field_error("from", "from must be a date YYYY-MM-DD");
    }
    auto last = core::parse_shanghai_date(to, "to");
    if (!last.ok()) {
        return core::field_error("to", "to must be a date YYYY-MM-DD");
    }
    const int64_t first_day = shanghai_day(*first);
    const int64_t last_day = shanghai_day(*last);
    if (last_day < first_day) {
        return core::field_error("to", "to must not be before from");
    }
    if (last_day - first_day + 1 > kMaxLeaveDays) {
        return core::field_error("to", "one leave period covers at most " + std::to_string(kMaxLeaveDays) + " days");
    }
    if (last_day < shanghai_day(now_ms)) {
        return core::field_error("to", "this leave period has already ended");
    }
    return LeaveDates{from, to};
}

void set_leave(Database& db, int64_t agent_id, const LeaveDates& leave) {
    auto update = db.prepare("UPDATE agent_profiles SET leave_from = ?, leave_to = ? WHERE user_id = ?");
    update.bind(1, leave.from);
    update.bind(2, leave.to);
    update.bind(3, agent_id);
    update.exec();
}

void clear_leave(Database& db, int64_t agent_id) {
    auto update = db.prepare("UPDATE agent_profiles SET leave_from = NULL, leave_to = NULL WHERE user_id = ?");
    update.bind(1, agent_id);
    update.exec();
}

std::optional<LeaveDates> agent_leave(Database& db, int64_t agent_id) {
    auto query = db.prepare("SELECT leave_from, leave_to FROM agent_profiles WHERE user_id = ?");
    query.bind(1, agent_id);
    if (!query.step() || query.is_null(0) || query.is_null(1)) {
        return std::nullopt;
    }
    return LeaveDates{query.column(0).getString(), query.column(1).getString()};
}

}  // namespace xiangke::backend
