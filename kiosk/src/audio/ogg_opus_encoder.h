#pragma once
// Ogg Opus encoding of a voice note (RFC 7845): 16 kHz mono speech in, a complete .opus file
// out. Packets are 20 ms; granule positions count 48 kHz samples including the pre-skip, and the
// last page's granule trims the padding, so a decoder plays back exactly the samples given.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "xiangke/core/result.h"

namespace xiangke::kiosk::audio {

inline constexpr int kVoiceSampleRate = 16'000;                   // what the microphone is opened at
inline constexpr int kOpusGranuleRate = 48'000;                   // Ogg Opus always counts time at 48 kHz
inline constexpr int kVoiceFrameSamples = kVoiceSampleRate / 50;  // one 20 ms Opus frame

struct OggOpusSettings {
    // Constrained VBR at 16 kbit/s: clear speech, and 60 s stays well under the protocol's
    // 256 KiB of base64 whatever the microphone picks up (loud white noise, the worst case:
    // 108 KB, 144 KB in base64).
    int bitrate_bps = 16'000;
    int complexity = 8;
    uint32_t stream_serial = 0x78696b65;  // any value works for a file with one stream
};

class OggOpusEncoder {
public:
    // Fails only when libopus refuses the settings.
    static core::Result<std::unique_ptr<OggOpusEncoder>> create(const OggOpusSettings& settings = {});
    ~OggOpusEncoder();
    OggOpusEncoder(const OggOpusEncoder&) = delete;
    OggOpusEncoder& operator=(const OggOpusEncoder&) = delete;

    // Encodes every whole 20 ms frame available; the rest waits for more samples or finish().
    void append(const int16_t* samples, size_t count);
    // Pads and flushes the last frames, writes the end-of-stream page and returns the file. The
    // encoder is spent afterwards.
    std::vector<uint8_t> finish();

    // 16 kHz samples given so far.
    int64_t samples_appended() const { return m_samples_appended; }
    int64_t duration_ms() const { return m_samples_appended * 1000 / kVoiceSampleRate; }
    // Bytes of finished Ogg pages so far (the file grows by whole pages).
    size_t bytes_so_far() const { return m_file.size(); }
    // 48 kHz samples the decoder drops at the start (the encoder's look-ahead), as in OpusHead.
    int pre_skip() const { return m_pre_skip; }

private:
    struct Impl;
    explicit OggOpusEncoder(std::unique_ptr<Impl> impl, int pre_skip);
    void encode_frame(const int16_t* frame, bool last);
    void take_pages(bool flush);

    std::unique_ptr<Impl> m_impl;
    int m_pre_skip = 0;
    std::vector<int16_t> m_pending;  // fewer than one frame of samples
    std::vector<uint8_t> m_file;
    int64_t m_samples_appended = 0;
    int64_t m_samples_encoded = 0;  // 16 kHz samples fed to libopus, padding included
    int64_t m_packet_number = 0;
    bool m_finished = false;
};

}  // namespace xiangke::kiosk::audio
