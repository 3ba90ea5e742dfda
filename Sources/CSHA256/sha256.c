// The SHA-NI path of HuibaoCore's SHA256. Built for baseline x86-64: only the one function
// that uses the extensions is compiled for them (the target attribute), and it is called only
// after cpuid has said yes, so the library still runs on CPUs without them.

#include "CSHA256.h"

#if defined(__x86_64__)

#include <cpuid.h>
#include <immintrin.h>

int huibao_sha256_accelerated(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    int sse = (ecx & (1u << 19)) && (ecx & (1u << 9)); // SSE4.1, SSSE3
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return sse && (ebx & (1u << 29)); // SHA
}

static const uint32_t K[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// Four rounds on the words of `w` (W[4i..4i+3]). sha256rnds2 does two rounds with the two
// low words of its third operand, so the upper two are moved down for the second call.
#define ROUNDS4(w, i)                                                                  \
    do {                                                                               \
        __m128i wk = _mm_add_epi32((w), _mm_load_si128((const __m128i *)&K[4 * (i)])); \
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);                                  \
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));         \
    } while (0)

// W[4(i+1)..] from the msg1 part already in `next`: msg2 wants W[t-7] added first, which is
// `cur` and `prev` shifted by one word.
#define SCHEDULE(next, cur, prev) \
    (next) = _mm_sha256msg2_epu32(_mm_add_epi32((next), _mm_alignr_epi8((cur), (prev), 4)), (cur))

// The sigma0 half of the schedule for the quad three ahead, as soon as both of its inputs exist.
#define MSG1(a, b) (a) = _mm_sha256msg1_epu32((a), (b))

__attribute__((target("sha,sse4.1,ssse3")))
void huibao_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
    // The message is big-endian words; the registers want them little-endian.
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);

    // The instructions keep the state as ABEF and CDGH rather than ABCD and EFGH.
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

    for (; blocks > 0; blocks--, data += 64) {
        __m128i abef0 = abef, cdgh0 = cdgh;
        __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), bswap);
        __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), bswap);
        __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), bswap);
        __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), bswap);

        // Four registers hold the schedule in turn: quad i's words are in m[i % 4].
        ROUNDS4(m0, 0);
        ROUNDS4(m1, 1);  MSG1(m0, m1);
        ROUNDS4(m2, 2);  MSG1(m1, m2);
        ROUNDS4(m3, 3);  SCHEDULE(m0, m3, m2); MSG1(m2, m3);
        ROUNDS4(m0, 4);  SCHEDULE(m1, m0, m3); MSG1(m3, m0);
        ROUNDS4(m1, 5);  SCHEDULE(m2, m1, m0); MSG1(m0, m1);
        ROUNDS4(m2, 6);  SCHEDULE(m3, m2, m1); MSG1(m1, m2);
        ROUNDS4(m3, 7);  SCHEDULE(m0, m3, m2); MSG1(m2, m3);
        ROUNDS4(m0, 8);  SCHEDULE(m1, m0, m3); MSG1(m3, m0);
        ROUNDS4(m1, 9);  SCHEDULE(m2, m1, m0); MSG1(m0, m1);
        ROUNDS4(m2, 10); SCHEDULE(m3, m2, m1); MSG1(m1, m2);
        ROUNDS4(m3, 11); SCHEDULE(m0, m3, m2); MSG1(m2, m3);
        ROUNDS4(m0, 12); SCHEDULE(m1, m0, m3); MSG1(m3, m0);
        ROUNDS4(m1, 13); SCHEDULE(m2, m1, m0);
        ROUNDS4(m2, 14); SCHEDULE(m3, m2, m1);
        ROUNDS4(m3, 15);

        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
    }

    // Back to H0..H7 order.
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

#else

int huibao_sha256_accelerated(void) { return 0; }

// Never called: the Swift side asks huibao_sha256_accelerated() first.
void huibao_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
    (void)state; (void)data; (void)blocks;
    __builtin_trap();
}

#endif
