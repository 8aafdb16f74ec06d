#include "ui/strings.h"

#include <array>

namespace xiangke::kiosk::ui {
namespace {

constexpr std::array<std::string_view, kStringCount> kStrings{
    "乡村科技服务站",
    "科普知识",
    "种养技术 · 防灾 · 健康",
    "我要求助",
    "请农技专家帮忙",
    "查询进度",
    "看看专家到哪一步了",
    "服务评价",
    "给上门服务打个分",
    "已联网",
    "未联网（可正常使用）",
    "正在检查网络",
    "本机尚未登记",
    "上次同步",
    "尚未同步",
    "返回",
    "首页",
    "大字",
    "标准字",
    "即将开放",
    "这个功能正在准备中，请先看看科普知识。",
    "通知",
    "科普专题",
    "搜索",
    "点这里输入要找的内容",
    "没有找到相关内容，换个词试试",
    "朗读",
    "停止朗读",
    "篇文章",
    "这个专题还没有文章",
    "待专家审核",
    "正在加载",
    "清空",
    "今日推荐",
    "【图】",
    "维护",
    "请输入维护密码",
    "删除",
    "确定",
    "终端编号",
    "所属村",
    "后台地址",
    "软件版本",
    "内容版本",
    "待上传",
    "上传失败",
    "最近日志",
    "立即同步",
    "导出日志到U盘",
    "日志已导出到",
    "没有找到U盘，请插好后再试",
    "同步完成",
    "无法连接后台，稍后会自动重试",
    "密码不对，请重试",
};

}  // namespace

std::string_view text(Str id) { return kStrings[static_cast<size_t>(id)]; }
std::string_view text_at(int index) { return kStrings[static_cast<size_t>(index)]; }

const std::vector<std::string_view>& search_suggestions() {
    static const std::vector<std::string_view> kSuggestions = {"稻瘟病", "稻飞虱", "防治", "杨梅", "柑橘", "对虾",
                                                               "非洲猪瘟", "农药", "台风", "地震", "诈骗", "中暑"};
    return kSuggestions;
}

}  // namespace xiangke::kiosk::ui
