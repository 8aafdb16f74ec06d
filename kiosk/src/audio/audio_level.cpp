#include "audio/audio_level.h"

#include <algorithm>
#include <cmath>

namespace xiangke::kiosk::audio {
namespace {
constexpr double kFloorDb = -50.0;
}

float level_from_samples(const int16_t* samples, size_t count) {
    if (count == 0) {
        return 0.0f;
    }
    double sum = 0.0;
    for (size_t i = 0; i < count; ++i) {
        double s = samples[i] / 32768.0;
        sum += s * s;
    }
    double rms = std::sqrt(sum / static_cast<double>(count));
    if (rms <= 0.0) {
        return 0.0f;
    }
    double db = 20.0 * std::log10(rms);
    return static_cast<float>(std::clamp((db - kFloorDb) / -kFloorDb, 0.0, 1.0));
}

}  // namespace xiangke::kiosk::audio
