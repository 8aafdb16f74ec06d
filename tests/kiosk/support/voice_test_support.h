#pragma once
// Helpers for the voice note tests: the WAV fixture, a frequency probe, an Ogg page parser that
// checks what RFC 3533 and RFC 7845 ask of a file independently of libogg, and environment
// variables set for one test (SDL's disk audio driver).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace xiangke::test {

// 16-bit mono PCM from a WAV file; nullopt when the file is not one.
struct WavAudio {
    int sample_rate = 0;
    std::vector<int16_t> samples;
};
std::optional<WavAudio> read_wav(const std::filesystem::path& path);
// tests/kiosk/fixtures/tone_440hz_16k_mono.wav: 1 s of 440 Hz at 16 kHz.
WavAudio tone_fixture();
// Raw little-endian samples, the format SDL's disk audio driver reads and writes.
void write_raw(const std::filesystem::path& path, const std::vector<int16_t>& samples);
std::vector<int16_t> read_raw(const std::filesystem::path& path);

// The strongest frequency between `low_hz` and `high_hz` (in steps of `step_hz`).
double dominant_frequency(const int16_t* samples, size_t count, int sample_rate, double low_hz = 100,
                          double high_hz = 4000, double step_hz = 5);
// Loud uniform noise: the hardest input for the encoder's size budget.
std::vector<int16_t> white_noise(size_t count, uint32_t seed);

struct OggPage {
    uint8_t header_type = 0;  // 1 continued, 2 beginning of stream, 4 end of stream
    int64_t granule = 0;
    uint32_t serial = 0;
    uint32_t sequence = 0;
    bool crc_ok = false;
    std::vector<uint8_t> lacing;
    std::vector<uint8_t> body;
    bool begins_stream() const { return (header_type & 2) != 0; }
    bool ends_stream() const { return (header_type & 4) != 0; }
    // True when the page's last packet ends on this page.
    bool last_packet_complete() const { return !lacing.empty() && lacing.back() < 255; }
};
// Every page in order; an error text when the bytes are not a sequence of whole Ogg pages.
std::vector<OggPage> parse_ogg_pages(const std::vector<uint8_t>& file, std::string& error);

class ScopedEnv {
public:
    ScopedEnv(std::string name, const std::string& value);
    ~ScopedEnv();
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    std::string m_name;
    std::optional<std::string> m_previous;
};

}  // namespace xiangke::test
