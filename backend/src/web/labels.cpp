#include "web/labels.h"

#include <utility>

#include "xiangke/core/category.h"

namespace xiangke::backend::web {
namespace {

using Label = std::pair<std::string_view, std::string_view>;

template <size_t N>
std::string_view find_label(const Label (&table)[N], std::string_view code, std::string_view fallback) {
    for (const auto& [key, label] : table) {
        if (key == code) {
            return label;
        }
    }
    return fallback;
}

constexpr Label kStatusLabels[] = {
    {"submitted", "已提交"},        {"received", "已送达"},          {"offered", "等待专家接单"},
    {"claimed", "专家已接单"},      {"contacted", "已联系"},         {"visited", "已服务"},
    {"resolved", "已解决"},         {"partly_resolved", "部分解决"}, {"referred", "已转介"},
    {"cannot_resolve", "无法解决"}, {"confirmed", "农户已确认"},     {"closed_unconfirmed", "已关闭（未确认）"},
    {"cancelled", "已撤销"},        {"reopened", "重新处理"},        {"rejected", "未受理"},
};

constexpr Label kEventLabels[] = {
    {"received", "求助已送达"},
    {"offered", "已推送给专家"},
    {"claimed", "专家接单"},
    {"contacted", "已联系农户"},
    {"visited", "已服务"},
    {"resolved", "已解决"},
    {"partly_resolved", "部分解决"},
    {"referred", "已转介"},
    {"cannot_resolve", "无法解决"},
    {"confirmed", "农户确认"},
    {"closed_unconfirmed", "超时关闭"},
    {"cancelled", "农户撤销"},
    {"reassigned", "重新派单"},
    {"reopened", "农户说没解决"},
    {"declined", "专家退回"},
    {"unreachable", "联系不上农户"},
    {"complaint", "农户催办"},
    {"rated", "农户评价"},
    {"rejected", "未受理"},
    {"assigned", "系统派单"},
    {"escalated", "上报管理员"},
};

constexpr Label kPublicEventLabels[] = {
    {"received", "求助已送达"},
    {"claimed", "专家已接单"},
    {"assigned", "已安排专家"},
    {"contacted", "专家已联系"},
    {"visited", "专家已服务"},
    {"resolved", "专家报告：已解决"},
    {"partly_resolved", "专家报告：部分解决"},
    {"referred", "已转介给其他单位"},
    {"cannot_resolve", "专家报告：无法解决"},
    {"confirmed", "农户已确认"},
    {"closed_unconfirmed", "已关闭"},
    {"cancelled", "已撤销"},
    {"reassigned", "重新安排专家"},
    {"reopened", "农户说没解决，重新处理"},
    {"declined", "重新安排专家"},
    {"unreachable", "专家没联系上，重新安排"},
    {"complaint", "农户催办"},
    {"rejected", "未受理"},
};

constexpr Label kActorLabels[] = {
    {"kiosk", "触摸屏"},
    {"agent", "特派员"},
    {"admin", "管理员"},
    {"system", "系统"},
};

constexpr Label kVisitMethodLabels[] = {
    {"onsite", "上门"},
    {"phone", "电话"},
    {"video", "视频"},
    {"training", "培训"},
};

constexpr Label kReasonLabels[] = {
    {"offer_sla_expired", "超时无人接单，系统派单"},
    {"lease_expired", "接单后超时未联系，收回"},
    {"no_eligible_agent", "没有可接单的专家"},
    {"not_contacted", "超时未联系农户"},
    {"admin_reassigned", "管理员改派"},
    {"admin_rejected", "管理员不予受理"},
};

constexpr Label kFeedbackOutcomeLabels[] = {
    {"solved", "已解决"},
    {"partly", "部分解决"},
    {"not_solved", "没解决"},
};

}  // namespace

std::string_view status_label(std::string_view status) {
    return find_label(kStatusLabels, status, status);
}

std::string_view category_label_of(std::string_view category_code) {
    auto category = core::category_from_code(category_code);
    return category ? core::category_label(*category) : category_code;
}

std::string_view visit_method_label(std::string_view method) {
    return find_label(kVisitMethodLabels, method, method);
}

std::string_view event_label(std::string_view kind) {
    return find_label(kEventLabels, kind, kind);
}

std::string_view public_event_label(std::string_view kind) {
    return find_label(kPublicEventLabels, kind, "");
}

std::string_view actor_label(std::string_view actor) {
    return find_label(kActorLabels, actor, actor);
}

std::string event_reason_label(std::string_view reason) {
    constexpr std::string_view kDuplicate = "duplicate:";
    if (reason.substr(0, kDuplicate.size()) == kDuplicate) {
        return "重复求助（原求助码 " + std::string(reason.substr(kDuplicate.size())) + "）";
    }
    return std::string(find_label(kReasonLabels, reason, reason));
}

std::string_view feedback_outcome_label(std::string_view outcome) {
    return find_label(kFeedbackOutcomeLabels, outcome, outcome);
}

}  // namespace xiangke::backend::web
