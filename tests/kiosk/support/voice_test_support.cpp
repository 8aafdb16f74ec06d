#include "kiosk/support/voice_test_support.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>

namespace xiangke::test {
namespace {

uint32_t le32(const uint8_t* p) {
    return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 |
           static_cast<uint32_t>(p[3]) << 24;
}

uint16_t le16(const uint8_t* p) {
    return static_cast<uint16_t>(p[0] | p[1] << 8);
}

std::vector<uint8_t> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The Ogg CRC (RFC 3533 §6): polynomial 0x04c11db7, no reflection, initial value 0, computed
// over the page with its CRC field (bytes 22-25) taken as zero.
uint32_t ogg_page_crc(const uint8_t* page, size_t size) {
    uint32_t crc = 0;
    for (size_t i = 0; i < size; ++i) {
        uint32_t byte = i >= 22 && i < 26 ? 0 : page[i];
        crc ^= byte << 24;
        for (int bit = 0; bit < 8; ++bit) {
            crc = (crc & 0x80000000u) != 0 ? (crc << 1) ^ 0x04c11db7u : crc << 1;
        }
    }
    return crc;
}

}  // namespace

std::optional<WavAudio> read_wav(const std::filesystem::path& path) {
    std::vector<uint8_t> bytes = read_file(path);
    if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0 ||
        std::memcmp(bytes.data() + 8, "WAVE", 4) != 0) {
        return std::nullopt;
    }
    WavAudio audio;
    bool format_ok = false;
    for (size_t at = 12; at + 8 <= bytes.size();) {
        uint32_t size = le32(bytes.data() + at + 4);
        const uint8_t* body = bytes.data() + at + 8;
        if (at + 8 + size > bytes.size()) {
            return std::nullopt;
        }
        if (std::memcmp(bytes.data() + at, "fmt ", 4) == 0 && size >= 16) {
            format_ok = le16(body) == 1 && le16(body + 2) == 1 && le16(body + 14) == 16;  // PCM, mono, 16-bit
            audio.sample_rate = static_cast<int>(le32(body + 4));
        } else if (std::memcmp(bytes.data() + at, "data", 4) == 0 && format_ok) {
            audio.samples.resize(size / 2);
            for (size_t i = 0; i < audio.samples.size(); ++i) {
                audio.samples[i] = static_cast<int16_t>(le16(body + 2 * i));
            }
            return audio;
        }
        at += 8 + size + (size & 1);
    }
    return std::nullopt;
}

WavAudio tone_fixture() {
    auto wav = read_wav(std::filesystem::path(XIANGKE_SOURCE_DIR) / "tests/kiosk/fixtures/tone_440hz_16k_mono.wav");
    return wav ? *wav : WavAudio{};
}

void write_raw(const std::filesystem::path& path, const std::vector<int16_t>& samples) {
    std::ofstream out(path, std::ios::binary);
    for (int16_t s : samples) {
        auto u = static_cast<uint16_t>(s);
        char bytes[2] = {static_cast<char>(u & 0xff), static_cast<char>(u >> 8)};
        out.write(bytes, 2);
    }
}

std::vector<int16_t> read_raw(const std::filesystem::path& path) {
    std::vector<uint8_t> bytes = read_file(path);
    std::vector<int16_t> samples(bytes.size() / 2);
    for (size_t i = 0; i < samples.size(); ++i) {
        samples[i] = static_cast<int16_t>(le16(bytes.data() + 2 * i));
    }
    return samples;
}

double dominant_frequency(const int16_t* samples, size_t count, int sample_rate, double low_hz, double high_hz,
                          double step_hz) {
    // Goertzel: the power of one frequency, probed across the band.
    double best_hz = 0;
    double best_power = -1;
    for (double hz = low_hz; hz <= high_hz; hz += step_hz) {
        double coeff = 2.0 * std::cos(2.0 * M_PI * hz / sample_rate);
        double s1 = 0;
        double s2 = 0;
        for (size_t i = 0; i < count; ++i) {
            double s0 = samples[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        if (power > best_power) {
            best_power = power;
            best_hz = hz;
        }
    }
    return best_hz;
}

std::vector<int16_t> white_noise(size_t count, uint32_t seed) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> sample(-24000, 24000);
    std::vector<int16_t> out(count);
    for (auto& s : out) {
        s = static_cast<int16_t>(sample(random));
    }
    return out;
}

std::vector<OggPage> parse_ogg_pages(const std::vector<uint8_t>& file, std::string& error) {
    std::vector<OggPage> pages;
    size_t at = 0;
    while (at < file.size()) {
        if (file.size() - at < 27 || std::memcmp(file.data() + at, "OggS", 4) != 0) {
            error = "no capture pattern at byte " + std::to_string(at);
            return pages;
        }
        const uint8_t* h = file.data() + at;
        if (h[4] != 0) {
            error = "stream structure version " + std::to_string(h[4]);
            return pages;
        }
        OggPage page;
        page.header_type = h[5];
        page.granule =
            static_cast<int64_t>(static_cast<uint64_t>(le32(h + 6)) | static_cast<uint64_t>(le32(h + 10)) << 32);
        page.serial = le32(h + 14);
        page.sequence = le32(h + 18);
        uint32_t stored_crc = le32(h + 22);
        size_t segments = h[26];
        if (file.size() - at < 27 + segments) {
            error = "truncated segment table";
            return pages;
        }
        page.lacing.assign(h + 27, h + 27 + segments);
        size_t body_size = 0;
        for (uint8_t l : page.lacing) {
            body_size += l;
        }
        size_t page_size = 27 + segments + body_size;
        if (file.size() - at < page_size) {
            error = "truncated page body";
            return pages;
        }
        page.body.assign(h + 27 + segments, h + page_size);
        page.crc_ok = ogg_page_crc(h, page_size) == stored_crc;
        pages.push_back(std::move(page));
        at += page_size;
    }
    return pages;
}

ScopedEnv::ScopedEnv(std::string name, const std::string& value) : m_name(std::move(name)) {
    if (const char* previous = std::getenv(m_name.c_str())) {
        m_previous = previous;
    }
    setenv(m_name.c_str(), value.c_str(), 1);
}

ScopedEnv::~ScopedEnv() {
    if (m_previous) {
        setenv(m_name.c_str(), m_previous->c_str(), 1);
    } else {
        unsetenv(m_name.c_str());
    }
}

}  // namespace xiangke::test
