// A small multithreaded program of the kind profiles are made of: two
// threads each run-length encode and decode their half of 64 blocks, and
// main verifies every round trip and a checksum of the encoded bytes. Built
// post-inline and pre-inline, run 20 times each: every profile passes
// fluid-prof validate (through %profile_check) and counts each block's
// encode and decode exactly once, from the two workers, in three threads,
// with no frame left open at exit and no saturation. No cycle figure is
// asserted: they come from the real clock.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %fluid_cc -O2 --fluid-instrument -pthread %s -o %t/post
// RUN: %fluid_cc -O2 --fluid-instrument=pre-inline -pthread %s -o %t/pre
// RUN: %python %S/../Inputs/run_times.py 20 %t/post.{}.profile --stdout "checksum 39a94318" -- %t/post
// RUN: %profile_check --expect %s %t/post.*.profile | FileCheck %s
// RUN: %python %S/../Inputs/run_times.py 20 %t/pre.{}.profile --stdout "checksum 39a94318" -- %t/pre
// RUN: %profile_check --expect %s %t/pre.*.profile | FileCheck %s
// expect: function encode_block calls=64
// expect: function decode_block calls=64
// expect: function codec_worker calls=2
// expect: edge codec_worker -> encode_block calls=64
// expect: edge codec_worker -> decode_block calls=64
// expect: event threads=3
// expect: event closed_at_exit=0
// expect: event saturations=0
// CHECK-COUNT-20: expected event saturations=0
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { Blocks = 64, BlockBytes = 4096, EncodedBytes = 2 * BlockBytes };

static uint8_t input[Blocks][BlockBytes];
static uint8_t encoded[Blocks][EncodedBytes];
static size_t encoded_size[Blocks];
static int round_trip_failed[Blocks];

/* Runs of a byte as (count, byte) pairs, counts up to 255. */
__attribute__((noinline)) size_t encode_block(const uint8_t *in, size_t size,
                                              uint8_t *out) {
  size_t used = 0;
  for (size_t i = 0; i < size;) {
    size_t run = 1;
    while (i + run < size && run < 255 && in[i + run] == in[i])
      run++;
    out[used++] = (uint8_t)run;
    out[used++] = in[i];
    i += run;
  }
  return used;
}

__attribute__((noinline)) size_t decode_block(const uint8_t *in, size_t size,
                                              uint8_t *out) {
  size_t used = 0;
  for (size_t i = 0; i + 1 < size; i += 2) {
    memset(out + used, in[i + 1], in[i]);
    used += in[i];
  }
  return used;
}

/* Blocks first, first + 2, ...: the two workers interleave. */
__attribute__((noinline)) void *codec_worker(void *arg) {
  uint8_t decoded[BlockBytes];
  for (size_t block = (size_t)arg; block < Blocks; block += 2) {
    encoded_size[block] = encode_block(input[block], BlockBytes, encoded[block]);
    size_t size = decode_block(encoded[block], encoded_size[block], decoded);
    round_trip_failed[block] =
        size != BlockBytes || memcmp(decoded, input[block], BlockBytes) != 0;
  }
  return NULL;
}

/* Runs of varying length, from a fixed linear congruential sequence. */
static void fill_input(void) {
  uint32_t seed = 12345;
  for (size_t block = 0; block < Blocks; block++)
    for (size_t i = 0; i < BlockBytes;) {
      seed = seed * 1103515245u + 12345u;
      size_t run = 1 + (seed >> 16) % 300;
      uint8_t byte = (uint8_t)(seed >> 8);
      for (; run && i < BlockBytes; run--)
        input[block][i++] = byte;
    }
}

int main(void) {
  fill_input();
  pthread_t threads[2];
  for (size_t i = 0; i < 2; i++)
    pthread_create(&threads[i], NULL, codec_worker, (void *)i);
  for (size_t i = 0; i < 2; i++)
    pthread_join(threads[i], NULL);
  uint32_t checksum = 2166136261u; /* FNV-1a over every encoded byte */
  for (size_t block = 0; block < Blocks; block++) {
    if (round_trip_failed[block]) {
      printf("block %zu does not decode to its input\n", block);
      return 1;
    }
    for (size_t i = 0; i < encoded_size[block]; i++)
      checksum = (checksum ^ encoded[block][i]) * 16777619u;
  }
  printf("checksum %08x\n", checksum);
  return 0;
}
