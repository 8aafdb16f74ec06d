#include "audio/ogg_opus_encoder.h"

#include <ogg/ogg.h>
#include <opus.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace xiangke::kiosk::audio {
namespace {

constexpr int kGranulePerVoiceSample = kOpusGranuleRate / kVoiceSampleRate;
constexpr int kMaxPacketBytes = 1275;  // the largest Opus packet (RFC 6716 §3.4)

void put_le16(std::vector<unsigned char>& out, uint16_t v) {
    out.push_back(static_cast<unsigned char>(v & 0xff));
    out.push_back(static_cast<unsigned char>(v >> 8));
}

void put_le32(std::vector<unsigned char>& out, uint32_t v) {
    for (int shift = 0; shift < 32; shift += 8) {
        out.push_back(static_cast<unsigned char>((v >> shift) & 0xff));
    }
}

// RFC 7845 §5.1: the identification header, mapping family 0 (mono or stereo, no table).
std::vector<unsigned char> opus_head(int pre_skip) {
    std::vector<unsigned char> head = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd'};
    head.push_back(1);  // version
    head.push_back(1);  // channels
    put_le16(head, static_cast<uint16_t>(pre_skip));
    put_le32(head, kVoiceSampleRate);  // the input rate, informational only
    put_le16(head, 0);                 // output gain
    head.push_back(0);                 // channel mapping family
    return head;
}

// RFC 7845 §5.2: the comment header: vendor string and an empty comment list.
std::vector<unsigned char> opus_tags() {
    std::vector<unsigned char> tags = {'O', 'p', 'u', 's', 'T', 'a', 'g', 's'};
    std::string vendor = opus_get_version_string();
    put_le32(tags, static_cast<uint32_t>(vendor.size()));
    tags.insert(tags.end(), vendor.begin(), vendor.end());
    put_le32(tags, 0);
    return tags;
}

}  // namespace

struct OggOpusEncoder::Impl {
    OpusEncoder* opus = nullptr;
    ogg_stream_state stream{};

    ~Impl() {
        if (opus != nullptr) {
            opus_encoder_destroy(opus);
        }
        ogg_stream_clear(&stream);
    }
};

core::Result<std::unique_ptr<OggOpusEncoder>> OggOpusEncoder::create(const OggOpusSettings& settings) {
    auto impl = std::make_unique<Impl>();
    int error = OPUS_OK;
    impl->opus = opus_encoder_create(kVoiceSampleRate, 1, OPUS_APPLICATION_VOIP, &error);
    if (error != OPUS_OK || impl->opus == nullptr) {
        impl->opus = nullptr;
        return core::Error{"opus_encoder", std::string("libopus: ") + opus_strerror(error), ""};
    }
    // A hard cap on size matters more than the last bit of quality: constrained VBR.
    bool configured = opus_encoder_ctl(impl->opus, OPUS_SET_BITRATE(settings.bitrate_bps)) == OPUS_OK &&
                      opus_encoder_ctl(impl->opus, OPUS_SET_VBR(1)) == OPUS_OK &&
                      opus_encoder_ctl(impl->opus, OPUS_SET_VBR_CONSTRAINT(1)) == OPUS_OK &&
                      opus_encoder_ctl(impl->opus, OPUS_SET_COMPLEXITY(settings.complexity)) == OPUS_OK &&
                      opus_encoder_ctl(impl->opus, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)) == OPUS_OK;
    int lookahead = 0;
    if (!configured || opus_encoder_ctl(impl->opus, OPUS_GET_LOOKAHEAD(&lookahead)) != OPUS_OK) {
        return core::Error{"opus_encoder", "libopus refused the voice note settings", ""};
    }
    if (ogg_stream_init(&impl->stream, static_cast<int>(settings.stream_serial)) != 0) {
        return core::Error{"ogg_stream", "libogg could not start a stream", ""};
    }
    std::unique_ptr<OggOpusEncoder> encoder(new OggOpusEncoder(std::move(impl), lookahead * kGranulePerVoiceSample));
    return encoder;
}

OggOpusEncoder::OggOpusEncoder(std::unique_ptr<Impl> impl, int pre_skip)
    : m_impl(std::move(impl)), m_pre_skip(pre_skip) {
    // Each header is alone on its page and audio starts on a fresh page (RFC 7845 §3).
    std::vector<unsigned char> head = opus_head(m_pre_skip);
    ogg_packet packet{};
    packet.packet = head.data();
    packet.bytes = static_cast<long>(head.size());
    packet.b_o_s = 1;
    packet.granulepos = 0;
    packet.packetno = m_packet_number++;
    ogg_stream_packetin(&m_impl->stream, &packet);
    take_pages(true);

    std::vector<unsigned char> tags = opus_tags();
    packet = ogg_packet{};
    packet.packet = tags.data();
    packet.bytes = static_cast<long>(tags.size());
    packet.granulepos = 0;
    packet.packetno = m_packet_number++;
    ogg_stream_packetin(&m_impl->stream, &packet);
    take_pages(true);
    m_pending.reserve(kVoiceFrameSamples);
}

OggOpusEncoder::~OggOpusEncoder() = default;

void OggOpusEncoder::append(const int16_t* samples, size_t count) {
    if (m_finished) {
        return;
    }
    m_samples_appended += static_cast<int64_t>(count);
    size_t used = 0;
    if (!m_pending.empty()) {
        size_t take = std::min(count, kVoiceFrameSamples - m_pending.size());
        m_pending.insert(m_pending.end(), samples, samples + take);
        used = take;
        if (m_pending.size() == kVoiceFrameSamples) {
            encode_frame(m_pending.data(), false);
            m_pending.clear();
        }
    }
    while (count - used >= kVoiceFrameSamples) {
        encode_frame(samples + used, false);
        used += kVoiceFrameSamples;
    }
    m_pending.insert(m_pending.end(), samples + used, samples + count);
    take_pages(false);
}

std::vector<uint8_t> OggOpusEncoder::finish() {
    if (m_finished) {
        return {};
    }
    // Feed silence until the encoder's look-ahead has pushed every real sample out; the last
    // page's granule then cuts the padding off again.
    int64_t needed = m_samples_appended + m_pre_skip / kGranulePerVoiceSample;
    do {
        m_pending.resize(kVoiceFrameSamples, 0);
        bool last = m_samples_encoded + kVoiceFrameSamples >= needed;
        encode_frame(m_pending.data(), last);
        m_pending.clear();
    } while (m_samples_encoded < needed);
    take_pages(true);
    m_finished = true;
    return std::move(m_file);
}

void OggOpusEncoder::encode_frame(const int16_t* frame, bool last) {
    unsigned char data[kMaxPacketBytes];
    opus_int32 bytes = opus_encode(m_impl->opus, frame, kVoiceFrameSamples, data, kMaxPacketBytes);
    if (bytes < 0) {
        bytes = 0;  // cannot happen with a valid encoder and frame size; an empty packet is a lost frame
    }
    m_samples_encoded += kVoiceFrameSamples;
    ogg_packet packet{};
    packet.packet = data;
    packet.bytes = bytes;
    packet.e_o_s = last ? 1 : 0;
    packet.granulepos =
        last ? m_pre_skip + m_samples_appended * kGranulePerVoiceSample : m_samples_encoded * kGranulePerVoiceSample;
    packet.packetno = m_packet_number++;
    ogg_stream_packetin(&m_impl->stream, &packet);
}

void OggOpusEncoder::take_pages(bool flush) {
    ogg_page page{};
    while ((flush ? ogg_stream_flush(&m_impl->stream, &page) : ogg_stream_pageout(&m_impl->stream, &page)) != 0) {
        m_file.insert(m_file.end(), page.header, page.header + page.header_len);
        m_file.insert(m_file.end(), page.body, page.body + page.body_len);
    }
}

}  // namespace xiangke::kiosk::audio
