#include "audio/ogg_opus_decoder.h"

#include <opusfile.h>

#include <memory>
#include <string>

namespace xiangke::kiosk::audio {
namespace {

struct CloseOpusFile {
    void operator()(OggOpusFile* file) const { op_free(file); }
};

// Longer than any note the kiosk records; a bound on what a damaged or hostile file can make us
// allocate.
constexpr int64_t kMaxDecodedSamples = 48'000LL * 120;

}  // namespace

core::Result<DecodedAudio> decode_ogg_opus(const std::vector<uint8_t>& file) {
    int error = 0;
    std::unique_ptr<OggOpusFile, CloseOpusFile> opus(op_open_memory(file.data(), file.size(), &error));
    if (!opus) {
        return core::Error{"not_ogg_opus", "not an Ogg Opus stream (opusfile error " + std::to_string(error) + ")", ""};
    }
    if (op_channel_count(opus.get(), -1) != 1) {
        return core::Error{"not_mono", "voice notes are mono", ""};
    }
    DecodedAudio audio;
    ogg_int64_t total = op_pcm_total(opus.get(), -1);
    if (total > 0 && total <= kMaxDecodedSamples) {
        audio.samples.reserve(static_cast<size_t>(total));
    }
    opus_int16 buffer[5760];  // 120 ms at 48 kHz, the longest Opus packet
    while (true) {
        int read = op_read(opus.get(), buffer, static_cast<int>(std::size(buffer)), nullptr);
        if (read == OP_HOLE) {
            continue;  // a gap in the data: opusfile skips it, playback goes on
        }
        if (read < 0) {
            return core::Error{"damaged_ogg_opus", "the voice note is damaged (opusfile error " +
                                                       std::to_string(read) + ")", ""};
        }
        if (read == 0) {
            break;
        }
        if (static_cast<int64_t>(audio.samples.size()) + read > kMaxDecodedSamples) {
            return core::Error{"too_long", "the voice note is longer than two minutes", ""};
        }
        audio.samples.insert(audio.samples.end(), buffer, buffer + read);
    }
    return audio;
}

}  // namespace xiangke::kiosk::audio
