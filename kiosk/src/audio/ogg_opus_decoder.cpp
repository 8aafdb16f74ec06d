#include "audio/ogg_opus_decoder.h"

#include <opusfile.h>

#include <string>

namespace xiangke::kiosk::audio {
namespace {

// Longer than any note the kiosk records; a bound on what a damaged or hostile file can make us
// allocate.
constexpr int64_t kMaxDecodedSamples = kDecodedSampleRate * 120LL;
constexpr int kMaxPacketSamples = 5760;  // 120 ms at 48 kHz, the longest Opus packet

}  // namespace

struct OggOpusReader::Impl {
    std::shared_ptr<const std::vector<uint8_t>> file;
    OggOpusFile* opus = nullptr;
    ~Impl() {
        if (opus != nullptr) {
            op_free(opus);
        }
    }
};

core::Result<std::unique_ptr<OggOpusReader>> OggOpusReader::open(std::shared_ptr<const std::vector<uint8_t>> file) {
    auto impl = std::make_unique<Impl>();
    impl->file = std::move(file);
    int error = 0;
    impl->opus = op_open_memory(impl->file->data(), impl->file->size(), &error);
    if (impl->opus == nullptr) {
        return core::Error{"not_ogg_opus", "not an Ogg Opus stream (opusfile error " + std::to_string(error) + ")", ""};
    }
    if (op_channel_count(impl->opus, -1) != 1) {
        return core::Error{"not_mono", "voice notes are mono", ""};
    }
    ogg_int64_t total = op_pcm_total(impl->opus, -1);
    std::unique_ptr<OggOpusReader> reader(new OggOpusReader(std::move(impl)));
    reader->m_total_samples = total > 0 ? static_cast<int64_t>(total) : 0;
    return reader;
}

OggOpusReader::OggOpusReader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
OggOpusReader::~OggOpusReader() = default;

bool OggOpusReader::read(std::vector<int16_t>& out) {
    if (m_error) {
        return false;
    }
    opus_int16 buffer[kMaxPacketSamples];
    while (true) {
        int count = op_read(m_impl->opus, buffer, kMaxPacketSamples, nullptr);
        if (count == OP_HOLE) {
            continue;  // a gap in the data: opusfile skips it, playback goes on
        }
        if (count < 0) {
            m_error = core::Error{"damaged_ogg_opus",
                                  "the voice note is damaged (opusfile error " + std::to_string(count) + ")", ""};
            return false;
        }
        if (count == 0) {
            return false;
        }
        m_read_samples += count;
        if (m_read_samples > kMaxDecodedSamples) {
            m_error = core::Error{"too_long", "the voice note is longer than two minutes", ""};
            return false;
        }
        out.insert(out.end(), buffer, buffer + count);
        return true;
    }
}

core::Result<DecodedAudio> decode_ogg_opus(const std::vector<uint8_t>& file) {
    auto reader = OggOpusReader::open(std::make_shared<const std::vector<uint8_t>>(file));
    if (!reader.ok()) {
        return reader.error();
    }
    DecodedAudio audio;
    if ((*reader)->total_samples() <= kMaxDecodedSamples) {
        audio.samples.reserve(static_cast<size_t>((*reader)->total_samples()));
    }
    while ((*reader)->read(audio.samples)) {
    }
    if ((*reader)->error()) {
        return *(*reader)->error();
    }
    return audio;
}

}  // namespace xiangke::kiosk::audio
