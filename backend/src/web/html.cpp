#include "web/html.h"

namespace xiangke::backend::web {
namespace {

// One stylesheet for every page, inline so a page is one round trip on a weak signal.
constexpr std::string_view kCss =
    "*{box-sizing:border-box}"
    "body{margin:0;font:18px/1.5 'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;color:#1b1b1b;"
    "background:#f4f4ef;overflow-wrap:anywhere}"
    "header{background:#2e6b30;color:#fff;padding:10px 14px;display:flex;justify-content:space-between;"
    "align-items:center;gap:8px}"
    "header a,header button{color:#fff}"
    "main{max-width:40em;margin:0 auto;padding:10px}"
    "h1{font-size:22px;margin:4px 0}h2{font-size:19px;margin:16px 0 6px}"
    ".card{background:#fff;border:1px solid #d6d6cc;border-radius:8px;padding:10px 12px;margin:8px 0}"
    ".card a.title{font-weight:bold;font-size:19px}"
    ".muted{color:#5b5b55;font-size:16px}"
    ".tag{display:inline-block;background:#e6efe1;border-radius:4px;padding:0 6px;margin:2px 4px 2px 0;"
    "font-size:15px}"
    ".note{background:#fff6d8;border:1px solid #e5c96b}"
    ".error{background:#fde8e6;border:1px solid #d9786c;padding:8px;border-radius:6px}"
    "form{margin:8px 0}"
    "label{display:block;margin:10px 0 4px;font-weight:bold}"
    "input,select,textarea{width:100%;font:inherit;padding:10px;border:1px solid #a9a99f;border-radius:6px;"
    "background:#fff}"
    "input[type=checkbox],input[type=radio]{width:auto;transform:scale(1.4);margin:0 10px}"
    "button,.button{display:block;width:100%;min-height:52px;font:inherit;font-weight:bold;margin:10px 0;"
    "padding:10px;border:0;border-radius:8px;background:#2e6b30;color:#fff;text-align:center;"
    "text-decoration:none}"
    "button.secondary{background:#e2e2da;color:#1b1b1b}"
    "header form{margin:0}header button{min-height:40px;margin:0;padding:4px 10px;background:#24552a}"
    "a.tel{font-size:24px;font-weight:bold}"
    "audio,img{max-width:100%}"
    "dl{margin:0}dt{font-weight:bold;margin-top:8px}dd{margin:0}"
    "ol.timeline{padding-left:22px}ol.timeline li{margin:6px 0}"
    ".figures{display:grid;grid-template-columns:1fr 1fr;gap:8px}"
    ".figures div{background:#fff;border:1px solid #d6d6cc;border-radius:8px;padding:8px;text-align:center}"
    ".figures b{display:block;font-size:26px}";

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

std::string render_page(std::string_view title, std::string_view body_html) {
    std::string html;
    html.reserve(kCss.size() + body_html.size() + 400);
    html +=
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<meta name=\"referrer\" content=\"no-referrer\"><title>";
    html += escape(title);
    html += " · 乡科</title><style>";
    html += kCss;
    html += "</style></head><body>";
    html += body_html;
    html += "</body></html>";
    return html;
}

void send_page(httplib::Response& response, int status, const std::string& html) {
    response.status = status;
    response.set_header("Cache-Control", "no-store");
    response.set_header("X-Frame-Options", "DENY");
    response.set_header("Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; media-src 'self'; "
                        "form-action 'self'; frame-ancestors 'none'");
    response.set_content(html, "text/html; charset=utf-8");
}

void send_redirect(httplib::Response& response, const std::string& location) {
    response.status = 303;
    response.set_header("Location", location);
    response.set_header("Cache-Control", "no-store");
}

void send_message_page(httplib::Response& response, int status, std::string_view title, std::string_view message,
                       std::string_view link_href, std::string_view link_text) {
    std::string body = "<header><b>乡科 · 科技特派员</b></header><main><h1>" + escape(title) +
                       "</h1><p class=\"card\">" + escape(message) + "</p><a class=\"button\" href=\"" +
                       escape(link_href) + "\">" + escape(link_text) + "</a></main>";
    send_page(response, status, render_page(title, body));
}

std::string age_label(int64_t then_ms, int64_t now_ms) {
    int64_t minutes = (now_ms - then_ms) / 60'000;
    if (minutes < 1) {
        return "刚刚";
    }
    if (minutes < 60) {
        return std::to_string(minutes) + " 分钟前";
    }
    if (minutes < 48 * 60) {
        return std::to_string(minutes / 60) + " 小时前";
    }
    return std::to_string(minutes / (24 * 60)) + " 天前";
}

}  // namespace xiangke::backend::web
