#pragma once
// Notices (通知) shown on the kiosks of a region until a date, e.g. a training day or a pest alert.
#include <cstdint>
#include <string>

#include "store/database.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

struct NewNotice {
    std::string region_prefix;  // kiosks whose village code starts with it
    std::string title;          // at most 60 characters
    std::string body;           // at most 2000 characters
    int64_t until = 0;          // UTC ms
};

struct NoticeReport {
    int64_t notice_id = 0;
    int64_t kiosks = 0;
};

// Who publishes or ends a notice, for the audit log.
struct NoticeActor {
    std::string actor_type = "operator";  // operator (the command line) or user (an administrator's page)
    std::string actor_id;
    std::string address;
};

// Runs its own transaction; the error names the field.
core::Result<NoticeReport> add_notice(Database& db, const NewNotice& notice, int64_t now_ms);
// The same inside the caller's write (Store::write), audited with the actor and the notice's region.
core::Result<NoticeReport> add_notice_in_write(Database& db, const NewNotice& notice, int64_t now_ms,
                                               const NoticeActor& actor);
// Ends a running notice now: its `until` becomes now and the region's kiosks get a notice change
// with the new end (and the notice's id) on their next pull. Inside the caller's write. Errors:
// not_found, already_ended.
core::Result<NoticeReport> end_notice(Database& db, int64_t notice_id, int64_t now_ms, const NoticeActor& actor);

}  // namespace xiangke::backend
