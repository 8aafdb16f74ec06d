#pragma once
// The GB2312 character set (国标码字符集) as data: what the on-screen keyboard can produce, and so
// what the font atlas needs at the keyboard's text size. Handwriting (the tegaki model has exactly
// the 6,763 GB2312 hanzi) and pinyin (candidates are filtered to this set) never produce anything
// else, so a glyph missing from the atlas cannot reach the screen.
//
// Nothing is stored in the repository: the set is decoded from GB2312 (EUC-CN) code points with
// glibc's iconv, once per process (about a millisecond).
//
// Threads: every function may be called from any thread. gb2312_set() decodes on first use and
// caches the result (a thread-safe static); call it once from a worker before the UI needs it.
#include <bitset>
#include <string>
#include <string_view>

#include "xiangke/core/result.h"

namespace xiangke::kiosk::input {

inline constexpr int kGb2312HanziCount = 6763;

struct Gb2312Set {
    // The 6,763 hanzi in GB2312 order (level 1 by pinyin, then level 2 by radical), UTF-8.
    std::string hanzi;
    // Rows 1-3: punctuation, symbols, numerals and full-width ASCII (，。、“”《》①Ⅰ０Ａ…), UTF-8.
    std::string punctuation;
    // Membership of every code point above, for the Basic Multilingual Plane (GB2312 has nothing
    // beyond it).
    std::bitset<0x10000> members;

    bool contains(char32_t code_point) const { return code_point < 0x10000 && members.test(code_point); }
    // True when every character of `utf8` is in the set or is printable ASCII (the atlas always
    // has ASCII). False for malformed UTF-8.
    bool contains_all(std::string_view utf8) const;
    // hanzi + punctuation: the text to give ImFontGlyphRangesBuilder::AddText when the keyboard
    // first opens.
    std::string keyboard_glyphs() const { return hanzi + punctuation; }
};

// Decodes the set now with iconv (benchmarks and tests; the kiosk wants gb2312_set()).
// Fails with code "iconv_unavailable" when glibc's GB2312 converter is missing.
core::Result<Gb2312Set> decode_gb2312();

// The set, decoded on first call and cached for the life of the process. The pointer stays valid
// until exit.
core::Result<const Gb2312Set*> gb2312_set();

// Decodes one code point from UTF-8 at `pos`, advancing it; returns false on malformed input.
bool next_code_point(std::string_view utf8, std::size_t& pos, char32_t& code_point);

}  // namespace xiangke::kiosk::input
