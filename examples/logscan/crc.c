/* crc.c - CRC-32 (IEEE 802.3, as zlib's crc32), bit by bit: slow on
 * purpose, the log's hottest loop. */
#include "logscan.h"

uint32_t crc32_update(uint32_t crc, const void *data, size_t size) {
  const unsigned char *p = data;
  crc = ~crc;
  while (size--) {
    crc ^= *p++;
    for (int bit = 0; bit < 8; bit++)
      crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
  }
  return ~crc;
}
