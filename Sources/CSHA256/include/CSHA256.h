// SHA-256 compression with the x86 SHA extensions, for HuibaoCore's SHA256 (which keeps its
// portable Swift rounds as the fallback). Nothing else of SHA-256 lives here.

#ifndef HUIBAO_CSHA256_H
#define HUIBAO_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has SHA, SSE4.1 and SSSE3 (asked of cpuid), else 0; always 0 off x86-64.
int huibao_sha256_accelerated(void);

/// Compresses `blocks` 64-byte message blocks at `data` (bytes as FIPS 180-4 gives them) into
/// `state` (H0..H7). Only when huibao_sha256_accelerated() returned 1.
void huibao_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
