/* sha256.c - SHA-256 (FIPS 180-4) of a 1 KiB generated message.
 *
 * sha256_compress is the hot function (16 blocks of 64 rounds); padding and
 * output are cold. The message is byte i = (i * 7 + 3) & 0xff, and the host
 * test compares the full digest with a reference implementation's.
 */
#include "module.h"

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

void sha256_compress(uint32_t state[8], const uint8_t block[64]) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 |
           (uint32_t)block[4 * i + 2] << 8 | block[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) +
                  ((e & f) ^ (~e & g)) + sha256_k[i] + w[i];
    uint32_t t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) +
                  ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

/* Hashes `length` bytes (length < 2^29) into `digest`. */
void sha256(const uint8_t *message, uint32_t length, uint8_t digest[32]) {
  uint32_t state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  uint8_t block[64];
  uint32_t offset = 0;
  for (; offset + 64 <= length; offset += 64)
    sha256_compress(state, message + offset);
  uint32_t tail = length - offset;
  for (uint32_t i = 0; i < 64; i++)
    block[i] = i < tail ? message[offset + i] : 0;
  block[tail] = 0x80;
  if (tail >= 56) {
    sha256_compress(state, block);
    for (int i = 0; i < 64; i++)
      block[i] = 0;
  }
  uint32_t bits_high = length >> 29, bits_low = length << 3;
  for (int i = 0; i < 4; i++) {
    block[56 + i] = (uint8_t)(bits_high >> (24 - 8 * i));
    block[60 + i] = (uint8_t)(bits_low >> (24 - 8 * i));
  }
  sha256_compress(state, block);
  for (int i = 0; i < 32; i++)
    digest[i] = (uint8_t)(state[i / 4] >> (24 - 8 * (i % 4)));
}

#define SHA256_MESSAGE_BYTES 1024
static uint8_t sha256_message[SHA256_MESSAGE_BYTES];

void sha256_fill_message(uint8_t *message, uint32_t length) {
  for (uint32_t i = 0; i < length; i++)
    message[i] = (uint8_t)(i * 7 + 3);
}

static uint64_t sha256_run(void) {
  uint8_t digest[32];
  uint64_t value = 0;
  sha256_fill_message(sha256_message, SHA256_MESSAGE_BYTES);
  sha256(sha256_message, SHA256_MESSAGE_BYTES, digest);
  for (int i = 0; i < 8; i++)
    value = value << 8 | digest[i];
  return value;
}

FLUID_MODULE(sha256, "sha256", sha256_run, 0xe9183d9a79aad8a0ull, 5, 0);
