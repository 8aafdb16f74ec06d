// Ogg Opus voice notes without any device: the WAV fixture through the encoder and back through
// libopusfile, and the file's structure checked page by page against RFC 3533 and RFC 7845.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "audio/audio_level.h"
#include "audio/ogg_opus_decoder.h"
#include "audio/ogg_opus_encoder.h"
#include "kiosk/support/voice_test_support.h"
#include "xiangke/core/protocol.h"

using namespace xiangke;
using namespace xiangke::kiosk::audio;

namespace {

std::vector<uint8_t> encode(const std::vector<int16_t>& samples, size_t chunk = 0) {
    auto encoder = OggOpusEncoder::create();
    EXPECT_TRUE(encoder.ok());
    if (chunk == 0) {
        chunk = samples.size();
    }
    for (size_t at = 0; at < samples.size(); at += chunk) {
        (*encoder)->append(samples.data() + at, std::min(chunk, samples.size() - at));
    }
    return (*encoder)->finish();
}

size_t base64_size(size_t bytes) {
    return (bytes + 2) / 3 * 4;
}

// Normalised correlation of `a` with `b` shifted by `lag` samples.
double correlation(const std::vector<int16_t>& a, const std::vector<int16_t>& b, int lag) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (size_t i = 200; i + 200 < a.size(); ++i) {
        auto j = static_cast<int64_t>(i) + lag;
        if (j < 0 || j >= static_cast<int64_t>(b.size())) {
            continue;
        }
        ab += static_cast<double>(a[i]) * b[static_cast<size_t>(j)];
        aa += static_cast<double>(a[i]) * a[i];
        bb += static_cast<double>(b[static_cast<size_t>(j)]) * b[static_cast<size_t>(j)];
    }
    return ab / std::sqrt(aa * bb + 1e-9);
}

}  // namespace

TEST(VoiceEncoder, FixtureIsTheExpectedTone) {
    auto tone = test::tone_fixture();
    ASSERT_EQ(tone.sample_rate, kVoiceSampleRate);
    ASSERT_EQ(tone.samples.size(), 16000u);
    EXPECT_NEAR(test::dominant_frequency(tone.samples.data(), tone.samples.size(), tone.sample_rate), 440, 5);
}

TEST(VoiceEncoder, RoundTripKeepsLengthPitchAndTiming) {
    auto tone = test::tone_fixture();
    auto file = encode(tone.samples);
    auto decoded = decode_ogg_opus(file);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->sample_rate, kOpusGranuleRate);
    // Pre-skip and end trimming leave exactly the samples given, at 48 kHz.
    EXPECT_EQ(decoded->samples.size(), tone.samples.size() * 3);
    EXPECT_EQ(decoded->duration_ms(), 1000);

    const auto& out = decoded->samples;
    size_t middle = out.size() / 4;
    EXPECT_NEAR(test::dominant_frequency(out.data() + middle, out.size() / 2, kOpusGranuleRate), 440, 5);

    // Back at 16 kHz the waveform matches the input closely. (Decoding SILK at 48 kHz adds a
    // resampler delay of about 2 samples at 16 kHz that the encoder's look-ahead does not count.)
    std::vector<int16_t> every_third;
    for (size_t i = 0; i < out.size(); i += 3) {
        every_third.push_back(out[i]);
    }
    int best_lag = 0;
    double best = -2;
    for (int lag = -10; lag <= 10; ++lag) {
        double c = correlation(tone.samples, every_third, lag);
        if (c > best) {
            best = c;
            best_lag = lag;
        }
    }
    EXPECT_LE(std::abs(best_lag), 2);
    EXPECT_GT(best, 0.9);
}

TEST(VoiceEncoder, PreSkipKeepsSoundWhereItWas) {
    // Half a second of silence, then the tone starts at once: after decoding it must start at
    // 0.5 s, not earlier or later by the encoder's delay (6.5 ms) or part of it.
    auto tone = test::tone_fixture();
    std::vector<int16_t> input(8000, 0);
    input.insert(input.end(), tone.samples.begin() + 4000, tone.samples.begin() + 12000);
    auto decoded = decode_ogg_opus(encode(input));
    ASSERT_TRUE(decoded.ok());
    const auto& out = decoded->samples;
    size_t onset = 0;
    while (onset < out.size() && std::abs(out[onset]) < 3000) {
        ++onset;
    }
    EXPECT_NEAR(static_cast<double>(onset), 24000.0, 48.0) << "within 1 ms at 48 kHz";
}

TEST(VoiceEncoder, OggPagesFollowRfc7845) {
    auto tone = test::tone_fixture();
    auto encoder = OggOpusEncoder::create();
    ASSERT_TRUE(encoder.ok());
    // Three seconds, so the audio spans several pages.
    for (int i = 0; i < 3; ++i) {
        (*encoder)->append(tone.samples.data(), tone.samples.size());
    }
    const int pre_skip = (*encoder)->pre_skip();
    auto file = (*encoder)->finish();

    std::string error;
    auto pages = test::parse_ogg_pages(file, error);
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_GE(pages.size(), 4u);
    for (size_t i = 0; i < pages.size(); ++i) {
        EXPECT_TRUE(pages[i].crc_ok) << "page " << i;
        EXPECT_EQ(pages[i].sequence, i);
        EXPECT_EQ(pages[i].serial, pages[0].serial);
        EXPECT_EQ(pages[i].begins_stream(), i == 0) << "page " << i;
        EXPECT_EQ(pages[i].ends_stream(), i + 1 == pages.size()) << "page " << i;
    }

    // Page 0: OpusHead alone (RFC 7845 §5.1).
    const auto& head = pages[0].body;
    ASSERT_EQ(pages[0].lacing.size(), 1u);
    ASSERT_EQ(head.size(), 19u);
    EXPECT_EQ(std::memcmp(head.data(), "OpusHead", 8), 0);
    EXPECT_EQ(head[8], 1);  // version
    EXPECT_EQ(head[9], 1);  // mono
    EXPECT_EQ(head[10] | head[11] << 8, pre_skip);
    EXPECT_GT(pre_skip, 0);
    EXPECT_EQ(head[12] | head[13] << 8 | head[14] << 16 | head[15] << 24, 16000);
    EXPECT_EQ(head[16] | head[17] << 8, 0);  // output gain
    EXPECT_EQ(head[18], 0);                  // mapping family
    EXPECT_EQ(pages[0].granule, 0);

    // Page 1: OpusTags, ending on its page so audio starts on a fresh one (§5.2).
    const auto& tags = pages[1].body;
    ASSERT_GE(tags.size(), 16u);
    EXPECT_EQ(std::memcmp(tags.data(), "OpusTags", 8), 0);
    uint32_t vendor_length = tags[8] | tags[9] << 8 | tags[10] << 16 | static_cast<uint32_t>(tags[11]) << 24;
    ASSERT_EQ(tags.size(), 8 + 4 + vendor_length + 4);
    EXPECT_EQ(std::string(tags.begin() + 12, tags.begin() + 12 + vendor_length).rfind("libopus", 0), 0u);
    EXPECT_TRUE(pages[1].last_packet_complete());
    EXPECT_EQ(pages[1].granule, 0);

    // Audio pages: granules at 48 kHz grow, and the last one trims to the exact input length.
    int64_t previous = 0;
    for (size_t i = 2; i < pages.size(); ++i) {
        EXPECT_GT(pages[i].granule, previous) << "page " << i;
        previous = pages[i].granule;
    }
    EXPECT_EQ(pages.back().granule - pre_skip, static_cast<int64_t>(tone.samples.size()) * 3 * 3);
    EXPECT_TRUE(pages.back().last_packet_complete());
}

TEST(VoiceEncoder, ChunkingDoesNotChangeTheFile) {
    auto tone = test::tone_fixture();
    auto whole = encode(tone.samples);
    EXPECT_EQ(encode(tone.samples, 7), whole);
    EXPECT_EQ(encode(tone.samples, 321), whole);
    EXPECT_EQ(encode(tone.samples, 1600), whole);
}

TEST(VoiceEncoder, SixtySecondsOfNoiseStayUnderTheProtocolLimit) {
    // Noise is the worst case for a size budget; speech comes out smaller.
    auto noise = test::white_noise(static_cast<size_t>(kVoiceSampleRate) * 60, 7);
    auto file = encode(noise);
    size_t limit = core::protocol::limits::kVoiceNoteBase64;
    EXPECT_LT(base64_size(file.size()), limit * 3 / 4) << "a quarter of the limit is kept as margin";
    auto decoded = decode_ogg_opus(file);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->duration_ms(), 60'000);
    std::printf("60 s of white noise: %zu bytes, %zu in base64 (limit %zu)\n", file.size(), base64_size(file.size()),
                limit);
}

TEST(VoiceEncoder, EmptyRecordingIsAValidEmptyStream) {
    auto file = encode({});
    auto decoded = decode_ogg_opus(file);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_TRUE(decoded->samples.empty());
}

TEST(VoiceEncoder, FinishTwiceGivesNothingMore) {
    auto encoder = OggOpusEncoder::create();
    ASSERT_TRUE(encoder.ok());
    auto tone = test::tone_fixture();
    (*encoder)->append(tone.samples.data(), tone.samples.size());
    EXPECT_EQ((*encoder)->duration_ms(), 1000);
    EXPECT_FALSE((*encoder)->finish().empty());
    EXPECT_TRUE((*encoder)->finish().empty());
}

TEST(VoiceDecoder, RefusesWhatIsNotOggOpus) {
    std::vector<uint8_t> riff = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E'};
    EXPECT_FALSE(decode_ogg_opus(riff).ok());
    std::vector<uint8_t> junk(4000, 0x01);
    std::memcpy(junk.data(), "OggS", 4);
    EXPECT_FALSE(decode_ogg_opus(junk).ok());
    EXPECT_FALSE(decode_ogg_opus({}).ok());
}

TEST(VoiceLevel, SilenceIsZeroFullScaleIsNearlyOneSpeechInBetween) {
    std::vector<int16_t> silence(1600, 0);
    EXPECT_EQ(level_from_samples(silence.data(), silence.size()), 0.0f);
    EXPECT_EQ(level_from_samples(nullptr, 0), 0.0f);
    std::vector<int16_t> loud(1600);
    std::vector<int16_t> quiet(1600);
    for (size_t i = 0; i < loud.size(); ++i) {
        double s = std::sin(2 * M_PI * 440 * static_cast<double>(i) / 16000);
        loud[i] = static_cast<int16_t>(32767 * s);
        quiet[i] = static_cast<int16_t>(300 * s);  // about -43 dBFS
    }
    float loud_level = level_from_samples(loud.data(), loud.size());
    float quiet_level = level_from_samples(quiet.data(), quiet.size());
    EXPECT_GT(loud_level, 0.9f);
    EXPECT_LE(loud_level, 1.0f);
    EXPECT_GT(quiet_level, 0.0f);
    EXPECT_LT(quiet_level, 0.2f);
    auto tone = test::tone_fixture();  // 30 % of full scale: about -13 dBFS
    float tone_level = level_from_samples(tone.samples.data() + 4000, 1600);
    EXPECT_GT(tone_level, quiet_level);
    EXPECT_LT(tone_level, loud_level);
}
