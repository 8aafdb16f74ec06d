#pragma once
// Decoding a voice note for playback (libopusfile): the whole Ogg Opus file to 48 kHz mono PCM,
// with pre-skip and end trimming applied.
#include <cstdint>
#include <vector>

#include "xiangke/core/result.h"

namespace xiangke::kiosk::audio {

struct DecodedAudio {
    std::vector<int16_t> samples;  // mono
    int sample_rate = 48'000;
    int64_t duration_ms() const { return static_cast<int64_t>(samples.size()) * 1000 / sample_rate; }
};

// Fails with a reason when the bytes are not an Ogg Opus stream or are damaged.
core::Result<DecodedAudio> decode_ogg_opus(const std::vector<uint8_t>& file);

}  // namespace xiangke::kiosk::audio
