#include "store/notices.h"

#include "store/audit.h"
#include "store/change_feed.h"
#include "store/regions.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/region_code.h"

namespace xiangke::backend {

core::Result<NoticeReport> add_notice(Database& db, const NewNotice& notice, int64_t now_ms) {
    if (!core::is_valid_region_prefix(notice.region_prefix) || !region_exists(db, notice.region_prefix)) {
        return core::field_error("region", "'" + notice.region_prefix + "' is not a known region code or prefix");
    }
    int64_t title_length = core::utf8_length(notice.title);
    if (title_length < 1 || title_length > 60) {
        return core::field_error("title", "the title must be 1 to 60 characters");
    }
    int64_t body_length = core::utf8_length(notice.body);
    if (body_length < 1 || body_length > 2000) {
        return core::field_error("body", "the body must be 1 to 2000 characters");
    }
    if (notice.until <= now_ms) {
        return core::field_error("until", "the notice must run until a date in the future");
    }
    return with_write_transaction(db, [&]() -> core::Result<NoticeReport> {
        auto insert =
            db.prepare("INSERT INTO notices(region_prefix, title, body, created_at, until) VALUES (?, ?, ?, ?, ?)");
        insert.bind(1, notice.region_prefix);
        insert.bind(2, notice.title);
        insert.bind(3, notice.body);
        insert.bind(4, now_ms);
        insert.bind(5, notice.until);
        insert.exec();
        NoticeReport report;
        report.notice_id = db.raw().getLastInsertRowid();
        report.kiosks =
            append_change_to_kiosks(db, notice.region_prefix, "notice", "notice:" + std::to_string(report.notice_id),
                                    now_ms, {{"title", notice.title}, {"body", notice.body}, {"until", notice.until}});
        write_audit(db,
                    {"operator",
                     "",
                     "notice.add",
                     "notice",
                     std::to_string(report.notice_id),
                     "",
                     {{"region", notice.region_prefix}, {"kiosks", report.kiosks}}},
                    now_ms);
        return report;
    });
}

}  // namespace xiangke::backend
