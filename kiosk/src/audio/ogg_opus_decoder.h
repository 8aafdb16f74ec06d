#pragma once
// Decoding a voice note for playback (libopusfile): mono 48 kHz PCM with pre-skip and end
// trimming applied, read a piece at a time (playback starts before the whole note is decoded) or
// all at once.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "xiangke/core/result.h"

namespace xiangke::kiosk::audio {

inline constexpr int kDecodedSampleRate = 48'000;

class OggOpusReader {
public:
    // Fails with a reason when the bytes are not a mono Ogg Opus stream. The reader keeps `file`
    // alive while it reads.
    static core::Result<std::unique_ptr<OggOpusReader>> open(std::shared_ptr<const std::vector<uint8_t>> file);
    ~OggOpusReader();
    OggOpusReader(const OggOpusReader&) = delete;
    OggOpusReader& operator=(const OggOpusReader&) = delete;

    // Appends the next samples (at most 120 ms) to `out`; false at the end of the stream. A damaged
    // stream ends with error() set.
    bool read(std::vector<int16_t>& out);
    const std::optional<core::Error>& error() const { return m_error; }
    // The note's length from its last granule position, in 48 kHz samples.
    int64_t total_samples() const { return m_total_samples; }

private:
    struct Impl;
    explicit OggOpusReader(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> m_impl;
    int64_t m_total_samples = 0;
    int64_t m_read_samples = 0;
    std::optional<core::Error> m_error;
};

struct DecodedAudio {
    std::vector<int16_t> samples;  // mono
    int sample_rate = kDecodedSampleRate;
    int64_t duration_ms() const { return static_cast<int64_t>(samples.size()) * 1000 / sample_rate; }
};

// The whole note at once.
core::Result<DecodedAudio> decode_ogg_opus(const std::vector<uint8_t>& file);

}  // namespace xiangke::kiosk::audio
