#ifndef BCPLAN_SHA256_HARDWARE_H
#define BCPLAN_SHA256_HARDWARE_H

#include <stddef.h>
#include <stdint.h>

/// The 64 round constants of FIPS 180-4 (section 4.2.2), for the portable code in Swift too.
const uint32_t *bcplan_sha256_round_constants(void);

/// 1 when this CPU has the x86 SHA extensions (and the SSSE3/SSE4.1 the code around them needs),
/// 0 otherwise (and on every other architecture).
int bcplan_sha256_hardware_available(void);

/// Runs SHA-256's compression function over `blocks` 64-byte blocks at `data`, updating `state`
/// (the eight working words h0..h7 of FIPS 180-4). Call only when
/// `bcplan_sha256_hardware_available()` returned 1.
void bcplan_sha256_hardware_compress(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
