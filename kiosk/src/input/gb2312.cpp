#include "input/gb2312.h"

#include <iconv.h>

#include <cerrno>

namespace xiangke::kiosk::input {
namespace {

// EUC-CN lays GB2312 out as rows and cells, both 0xA1..0xFE. Rows 1-3 hold punctuation, symbols,
// numerals and full-width forms; rows 16-87 hold the hanzi. Rows 4-9 (kana, Greek, Cyrillic,
// pinyin letters, box drawing) are left out: the keyboard never produces them.
constexpr unsigned kFirstCell = 0xA1;
constexpr unsigned kLastCell = 0xFE;
constexpr unsigned kFirstPunctuationRow = 0xA1;
constexpr unsigned kLastPunctuationRow = 0xA3;
constexpr unsigned kFirstHanziRow = 0xB0;
constexpr unsigned kLastHanziRow = 0xF7;

class Iconv {
public:
    Iconv() : m_cd(iconv_open("UTF-8", "GB2312")) {}
    ~Iconv() {
        if (ok()) {
            iconv_close(m_cd);
        }
    }
    Iconv(const Iconv&) = delete;
    Iconv& operator=(const Iconv&) = delete;

    bool ok() const { return m_cd != reinterpret_cast<iconv_t>(-1); }

    // Converts one two-byte code; false for the unassigned cells (glibc answers EILSEQ), which is
    // how the holes in the table are found without listing them here.
    bool convert(unsigned row, unsigned cell, std::string& out) {
        char in_bytes[2] = {static_cast<char>(row), static_cast<char>(cell)};
        char out_bytes[8];
        char* in = in_bytes;
        char* outp = out_bytes;
        size_t in_left = sizeof in_bytes;
        size_t out_left = sizeof out_bytes;
        size_t converted = iconv(m_cd, &in, &in_left, &outp, &out_left);
        if (converted == static_cast<size_t>(-1) || in_left != 0) {
            iconv(m_cd, nullptr, nullptr, nullptr, nullptr);  // reset the shift state after an error
            return false;
        }
        out.append(out_bytes, static_cast<size_t>(outp - out_bytes));
        return true;
    }

private:
    iconv_t m_cd;
};

void decode_rows(Iconv& cd, unsigned first_row, unsigned last_row, std::string& out, Gb2312Set& set) {
    for (unsigned row = first_row; row <= last_row; ++row) {
        for (unsigned cell = kFirstCell; cell <= kLastCell; ++cell) {
            size_t start = out.size();
            if (!cd.convert(row, cell, out)) {
                continue;
            }
            size_t pos = start;
            char32_t code_point = 0;
            if (next_code_point(out, pos, code_point) && code_point < 0x10000) {
                set.members.set(code_point);
            }
        }
    }
}

}  // namespace

bool next_code_point(std::string_view utf8, std::size_t& pos, char32_t& code_point) {
    if (pos >= utf8.size()) {
        return false;
    }
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(utf8[i]); };
    unsigned char lead = byte(pos);
    int length = 0;
    if (lead < 0x80) {
        code_point = lead;
        length = 1;
    } else if ((lead & 0xE0) == 0xC0) {
        code_point = lead & 0x1F;
        length = 2;
    } else if ((lead & 0xF0) == 0xE0) {
        code_point = lead & 0x0F;
        length = 3;
    } else if ((lead & 0xF8) == 0xF0) {
        code_point = lead & 0x07;
        length = 4;
    } else {
        return false;
    }
    if (pos + static_cast<std::size_t>(length) > utf8.size()) {
        return false;
    }
    for (int i = 1; i < length; ++i) {
        unsigned char next = byte(pos + static_cast<std::size_t>(i));
        if ((next & 0xC0) != 0x80) {
            return false;
        }
        code_point = (code_point << 6) | (next & 0x3F);
    }
    pos += static_cast<std::size_t>(length);
    return true;
}

bool Gb2312Set::contains_all(std::string_view utf8) const {
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        char32_t code_point = 0;
        if (!next_code_point(utf8, pos, code_point)) {
            return false;
        }
        bool printable_ascii = code_point >= 0x20 && code_point < 0x7F;
        if (!printable_ascii && !contains(code_point)) {
            return false;
        }
    }
    return true;
}

core::Result<Gb2312Set> decode_gb2312() {
    Iconv cd;
    if (!cd.ok()) {
        return core::Error{"iconv_unavailable", "iconv cannot convert from GB2312 (glibc's gconv modules are missing)",
                           ""};
    }
    Gb2312Set set;
    set.hanzi.reserve(kGb2312HanziCount * 3);
    decode_rows(cd, kFirstHanziRow, kLastHanziRow, set.hanzi, set);
    decode_rows(cd, kFirstPunctuationRow, kLastPunctuationRow, set.punctuation, set);
    return set;
}

core::Result<const Gb2312Set*> gb2312_set() {
    // A function-local static is initialised once even with concurrent first calls.
    static const core::Result<Gb2312Set> decoded = decode_gb2312();
    if (!decoded.ok()) {
        return decoded.error();
    }
    return &decoded.value();
}

}  // namespace xiangke::kiosk::input
