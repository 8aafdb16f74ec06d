#pragma once
// The administrator's pages (/admin/…): one page shell with the section navigation (总览, 求助,
// 特派员, 团队, 触摸屏, 通知, 考核, 审计), desktop-first CSS that still fits a phone (wide tables
// scroll inside their own box, never the page), and A4 print styles for 公示 notices. Pages are
// server-rendered without JavaScript; every form posts with the session's CSRF token.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xiangke::backend::web {

enum class AdminSection { Overview, Requests, Agents, Teams, Kiosks, Notices, Evaluation, Audit };

struct AdminNavEntry {
    AdminSection section;
    std::string_view label;  // the link text CONTRACT.md fixes
    std::string_view href;
};
// The sections in navigation order.
const std::vector<AdminNavEntry>& admin_nav();

// Who the page is for: shown in the header, and the CSRF token every form carries.
struct AdminViewer {
    std::string name;
    std::string region_name;  // 余姚市
    std::string csrf;         // web::csrf_token(session token)
};

// A whole admin page: header with the viewer and a logout button, the navigation with `active`
// marked, then `body_html` (already escaped by the caller).
std::string render_admin_page(const AdminViewer& viewer, std::string_view title, AdminSection active,
                              std::string_view body_html);
// A page meant for printing (考核结果公示, the kiosk enrollment sheet): no navigation, A4 styles.
std::string render_print_page(std::string_view title, std::string_view body_html);

// A table of already-escaped cells inside a box that scrolls sideways on a narrow screen.
// `numeric_columns` are right-aligned (figures).
std::string admin_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows,
                        const std::vector<size_t>& numeric_columns = {});
// "12.50" with at most `decimals` decimals and no trailing zeros ("12.5", "3").
std::string format_number(double value, int decimals = 2);

}  // namespace xiangke::backend::web
