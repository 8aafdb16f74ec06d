#include "web/admin_shell.h"

#include <cmath>
#include <cstdio>

#include "web/form.h"
#include "web/html.h"

namespace xiangke::backend::web {
namespace {

// Desktop first (an office PC at 1366 px), readable on a 360 px phone: the page never scrolls
// sideways, wide tables scroll inside .table-box. Inline, like the agent pages, so a page is one
// round trip and the CSP can forbid every other source.
constexpr std::string_view kAdminCss =
    "*{box-sizing:border-box}"
    "body{margin:0;font:15px/1.5 'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;color:#1b1b1b;"
    "background:#f3f4f1;overflow-wrap:anywhere}"
    "header{background:#24552a;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;"
    "justify-content:space-between;align-items:center;gap:8px}"
    "header b{font-size:17px}header form{margin:0}"
    "header button{background:#1b4220;color:#fff;border:1px solid #8fb58f;border-radius:6px;padding:4px 10px;"
    "font:inherit;cursor:pointer}"
    "nav{background:#fff;border-bottom:1px solid #d5d8cf;padding:0 12px;display:flex;flex-wrap:wrap}"
    "nav a{padding:10px 12px;color:#24552a;text-decoration:none;border-bottom:3px solid transparent}"
    "nav a.active{border-bottom-color:#24552a;font-weight:bold}"
    "main{max-width:1280px;margin:0 auto;padding:12px 16px}"
    "h1{font-size:21px;margin:6px 0 10px}h2{font-size:17px;margin:18px 0 8px}"
    ".card{background:#fff;border:1px solid #d5d8cf;border-radius:6px;padding:10px 14px;margin:10px 0}"
    ".tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:10px 0}"
    ".tiles div{background:#fff;border:1px solid #d5d8cf;border-radius:6px;padding:8px 12px}"
    ".tiles b{display:block;font-size:24px}"
    ".table-box{overflow-x:auto;max-width:100%;background:#fff;border:1px solid #d5d8cf;border-radius:6px;"
    "margin:8px 0}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{padding:6px 8px;border-bottom:1px solid #e4e6df;text-align:left;vertical-align:top;white-space:nowrap}"
    "td.wrap{white-space:normal;min-width:12em}"
    "th{background:#eef1ea;position:sticky;top:0}"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
    ".muted{color:#5b5e55;font-size:13px}"
    ".tag{display:inline-block;border-radius:4px;padding:0 6px;margin:1px 2px;font-size:13px;background:#e6efe1}"
    ".tag.warn{background:#fde8c8}.tag.bad{background:#f8d7d3}"
    ".band-优秀{color:#1e6b24;font-weight:bold}.band-不合格{color:#b3261e;font-weight:bold}"
    ".error{background:#fde8e6;border:1px solid #d9786c;padding:8px;border-radius:6px}"
    ".ok{background:#e6f4e3;border:1px solid #86b97e;padding:8px;border-radius:6px}"
    "form.inline{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end;margin:8px 0}"
    "form.inline label{display:flex;flex-direction:column;font-size:13px}"
    "label{display:block;margin:8px 0 3px;font-weight:bold}"
    "input,select,textarea{font:inherit;padding:6px 8px;border:1px solid #a9ad9f;border-radius:5px;background:#fff;"
    "max-width:100%}"
    "textarea{width:100%}"
    "button,.button{display:inline-block;font:inherit;padding:7px 14px;border:0;border-radius:6px;"
    "background:#24552a;color:#fff;text-decoration:none;cursor:pointer}"
    "button.secondary,.button.secondary{background:#e2e4dc;color:#1b1b1b}"
    "button.danger{background:#b3261e}"
    "svg{max-width:100%;height:auto}"
    "figure.chart{margin:8px 0;background:#fff;border:1px solid #d5d8cf;border-radius:6px;padding:8px}"
    "figcaption.legend{font-size:13px}figcaption.legend span{display:inline-block;margin-right:12px}"
    ".grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}"
    "dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0}dl.facts dt{font-weight:bold}"
    "dl.facts dd{margin:0}ol.timeline{padding-left:22px}ol.timeline li{margin:6px 0}"
    ".pager{display:flex;gap:12px;margin:8px 0}.cell-wrap{white-space:normal;min-width:14em;max-width:40em}"
    "@media (max-width:600px){main{padding:8px}nav a{padding:8px}}"
    "@media print{header,nav,.no-print{display:none}body{background:#fff}main{max-width:none;padding:0}"
    ".table-box{border:0;overflow:visible}th{position:static}}";

// Print pages: A4 portrait, black on white, table rows never split across pages.
constexpr std::string_view kPrintCss =
    "@page{size:A4 portrait;margin:18mm 15mm}"
    "body{margin:0 auto;max-width:180mm;font:12pt/1.6 'Noto Serif CJK SC','Noto Sans CJK SC','WenQuanYi Micro Hei',"
    "serif;color:#000;background:#fff}"
    "h1{text-align:center;font-size:20pt;margin:8mm 0 4mm}"
    "table{border-collapse:collapse;width:100%;margin:4mm 0}"
    "th,td{border:1px solid #000;padding:2mm 3mm;text-align:left}td.num,th.num{text-align:right}"
    "tr{page-break-inside:avoid}"
    ".big{font-size:28pt;font-weight:bold;letter-spacing:2mm;text-align:center}"
    ".sign{margin-top:12mm;text-align:right}"
    ".no-print{margin:4mm 0}@media print{.no-print{display:none}}";

std::string document(std::string_view title, std::string_view css, std::string_view body_html) {
    std::string html;
    html.reserve(css.size() + body_html.size() + 400);
    html +=
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<meta name=\"referrer\" content=\"no-referrer\"><title>";
    html += escape(title);
    html += " · 乡科管理</title><style>";
    html += css;
    html += "</style></head><body>";
    html += body_html;
    html += "</body></html>";
    return html;
}

}  // namespace

const std::vector<AdminNavEntry>& admin_nav() {
    static const std::vector<AdminNavEntry> kNav = {
        {AdminSection::Overview, "总览", "/admin/"},
        {AdminSection::Requests, "求助", "/admin/requests"},
        {AdminSection::Agents, "特派员", "/admin/agents"},
        {AdminSection::Teams, "团队", "/admin/teams"},
        {AdminSection::Kiosks, "触摸屏", "/admin/kiosks"},
        {AdminSection::Notices, "通知", "/admin/notices"},
        {AdminSection::Evaluation, "考核", "/admin/evaluation"},
        {AdminSection::Audit, "审计", "/admin/audit"},
    };
    return kNav;
}

std::string render_admin_page(const AdminViewer& viewer, std::string_view title, AdminSection active,
                              std::string_view body_html) {
    std::string body = "<header><b>乡科 · 科技特派员管理</b><span>" + escape(viewer.name);
    if (!viewer.region_name.empty()) {
        body += "（" + escape(viewer.region_name) + "）";
    }
    body += "</span><form method=\"post\" action=\"/agent/logout\">" + csrf_input(viewer.csrf) +
            "<button>退出</button></form></header><nav>";
    for (const auto& entry : admin_nav()) {
        body += "<a href=\"" + std::string(entry.href) + "\"";
        if (entry.section == active) {
            body += " class=\"active\" aria-current=\"page\"";
        }
        body += ">" + std::string(entry.label) + "</a>";
    }
    body += "</nav><main>";
    body += body_html;
    body += "</main>";
    return document(title, kAdminCss, body);
}

std::string render_print_page(std::string_view title, std::string_view body_html) {
    return document(title, kPrintCss, body_html);
}

std::string admin_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows,
                        const std::vector<size_t>& numeric_columns) {
    auto is_numeric = [&](size_t column) {
        for (size_t n : numeric_columns) {
            if (n == column) {
                return true;
            }
        }
        return false;
    };
    std::string html = "<div class=\"table-box\"><table><thead><tr>";
    for (size_t i = 0; i < headers.size(); ++i) {
        html += is_numeric(i) ? "<th class=\"num\">" : "<th>";
        html += headers[i];
        html += "</th>";
    }
    html += "</tr></thead><tbody>";
    for (const auto& row : rows) {
        html += "<tr>";
        for (size_t i = 0; i < row.size(); ++i) {
            html += is_numeric(i) ? "<td class=\"num\">" : "<td>";
            html += row[i];
            html += "</td>";
        }
        html += "</tr>";
    }
    if (rows.empty()) {
        html += "<tr><td colspan=\"" + std::to_string(headers.size()) + "\" class=\"muted\">没有记录</td></tr>";
    }
    html += "</tbody></table></div>";
    return html;
}

std::string format_number(double value, int decimals) {
    if (!std::isfinite(value)) {
        return "—";
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string text = buffer;
    if (text.find('.') != std::string::npos) {
        while (!text.empty() && text.back() == '0') {
            text.pop_back();
        }
        if (!text.empty() && text.back() == '.') {
            text.pop_back();
        }
    }
    if (text == "-0") {
        text = "0";
    }
    return text;
}

}  // namespace xiangke::backend::web
