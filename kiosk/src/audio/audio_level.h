#pragma once
// The level meter of the voice note panel: how loud the last moment of speech was, as a bar.
#include <cstddef>
#include <cstdint>

namespace xiangke::kiosk::audio {

// 0 for silence (or anything below -50 dBFS) up to 1 for a full-scale signal, linear in dB so
// normal speech at arm's length fills about half the bar.
float level_from_samples(const int16_t* samples, size_t count);

}  // namespace xiangke::kiosk::audio
