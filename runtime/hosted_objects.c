/* hosted_objects.c - which instrumented objects there are, loaded or gone.
 *
 * One copy of the runtime serves the executable and every instrumented
 * shared object. Their records are found through the `.note.fluid` note
 * the pass puts in each (an object's several notes name the same range).
 *
 * Threads key their counters and edges by record address, and threads that
 * ended left their counts in the records themselves: both would point into
 * unmapped memory once an instrumented object is unloaded (dlclose). So
 * the object is retired just before it goes: its records, names included,
 * are copied into memory the runtime keeps, and the copies take its place
 * in every later profile (hosted_threads.c renames the threads' keys to
 * them meanwhile). So this unit also says where a record's counts go:
 * __fluid_tally_target.
 */
#define _GNU_SOURCE
#include "hosted.h"

#include <link.h>
#include <string.h>

static FLUID_NO_INSTRUMENT void add_range(struct fluid_ranges *s,
                                          struct fluid_record *start,
                                          struct fluid_record *stop) {
  if (start >= stop)
    return;
  for (size_t i = 0; i < s->count; i++)
    if (s->range[i].start == start)
      return; /* every object file of a link carries the same note */
  if (s->count == s->capacity) {
    s->dropped = 1;
    return;
  }
  s->range[s->count++] = (struct fluid_range){start, stop, s->records};
  s->records += (size_t)(stop - start);
}

static FLUID_NO_INSTRUMENT int scan_object(struct dl_phdr_info *info, size_t size,
                                           void *arg) {
  struct fluid_ranges *ranges = arg;
  (void)size;
  for (int p = 0; p < info->dlpi_phnum; p++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[p];
    if (ph->p_type != PT_NOTE)
      continue;
    const char *note = (const char *)(info->dlpi_addr + ph->p_vaddr);
    const char *end = note + ph->p_memsz;
    while (note + 12 <= end) {
      const uint32_t *head = (const uint32_t *)note;
      uint32_t name_size = (head[0] + 3) & ~3u, desc_size = (head[1] + 3) & ~3u;
      const char *name = note + 12, *desc = name + name_size;
      if (desc + desc_size > end)
        break;
      if (head[2] == FLUID_NOTE_TYPE && head[0] == 6 && memcmp(name, "Fluid", 6) == 0 &&
          head[1] == 8) {
        const int32_t *rel = (const int32_t *)desc;
        add_range(ranges, (struct fluid_record *)((const char *)&rel[0] + rel[0]),
                  (struct fluid_record *)((const char *)&rel[1] + rel[1]));
      }
      note = desc + desc_size;
    }
  }
  return 0;
}

struct object_walk {
  uintptr_t address;
  struct fluid_ranges *ranges;
};

static FLUID_NO_INSTRUMENT int scan_object_at(struct dl_phdr_info *info,
                                              size_t size, void *arg) {
  struct object_walk *w = arg;
  for (int p = 0; p < info->dlpi_phnum; p++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[p];
    uintptr_t start = info->dlpi_addr + ph->p_vaddr;
    if (ph->p_type == PT_LOAD && w->address >= start &&
        w->address - start < ph->p_memsz) {
      scan_object(info, size, w->ranges);
      return 1;
    }
  }
  return 0;
}

FLUID_NO_INSTRUMENT void __fluid_objects_at(const void *address,
                                            struct fluid_ranges *ranges) {
  struct object_walk w = {(uintptr_t)address, ranges};
  dl_iterate_phdr(scan_object_at, &w);
}

/* -------------------------------------------------------------------------
 * Objects unloaded while the program runs. */
struct retired_object {
  struct fluid_record *old_start, *old_stop; /* where its records were */
  struct fluid_record *copies;
  size_t bytes;
  struct retired_object *next;
};
/* Newest first, never freed; appended by one thread at a time (under
 * hosted_threads.c's registry lock) and read without a lock (a pointer
 * stored after the block is complete). */
static struct retired_object *retired_objects;

FLUID_NO_INSTRUMENT void __fluid_objects_scan(struct fluid_ranges *ranges) {
  dl_iterate_phdr(scan_object, ranges);
  for (struct retired_object *o = __atomic_load_n(&retired_objects, __ATOMIC_ACQUIRE);
       o; o = o->next)
    add_range(ranges, o->copies, o->copies + (o->old_stop - o->old_start));
}

/* The name, the level if marked, the file: every byte to the file's NUL. */
static FLUID_NO_INSTRUMENT size_t names_bytes(const struct fluid_record *r) {
  if (!r->names)
    return 0;
  const char *file = fluid_record_file(r);
  return (size_t)(file - r->names) + strlen(file) + 1;
}

FLUID_NO_INSTRUMENT struct fluid_record *
__fluid_objects_retire(struct fluid_record *start, struct fluid_record *stop) {
  size_t n = (size_t)(stop - start), bytes = n * sizeof(struct fluid_record);
  for (size_t i = 0; i < n; i++)
    bytes += names_bytes(&start[i]);
  bytes += sizeof(struct retired_object);
  struct fluid_record *copies = fluid_map_zeroed(bytes); /* page aligned */
  if (!copies)
    return NULL; /* its counts are lost, and never touched again */
  struct retired_object *o = (struct retired_object *)(copies + n);
  char *names = (char *)(o + 1);
  *o = (struct retired_object){start, stop, copies, bytes, retired_objects};
  for (size_t i = 0; i < n; i++) {
    copies[i] = start[i];
    size_t length = names_bytes(&start[i]);
    copies[i].names = length ? memcpy(names, start[i].names, length) : NULL;
    names += length;
  }
  __atomic_store_n(&retired_objects, o, __ATOMIC_RELEASE);
  return copies;
}

/* The copy that took the place of a record of a retired object; NULL for
 * any other address. */
static FLUID_NO_INSTRUMENT struct fluid_record *retired_copy(struct fluid_record *r) {
  for (struct retired_object *o = __atomic_load_n(&retired_objects, __ATOMIC_ACQUIRE);
       o; o = o->next)
    if (r >= o->old_start && r < o->old_stop)
      return &o->copies[r - o->old_start];
  return NULL;
}

/* Where r's counts go in the tally, if r is one of its records. */
static FLUID_NO_INSTRUMENT struct fluid_record *
target_in_ranges(const struct fluid_tally *t, struct fluid_record *r) {
  const struct fluid_ranges *s = t->ranges;
  for (size_t i = 0; i < s->count; i++) {
    const struct fluid_range *range = &s->range[i];
    if (r >= range->start && r < range->stop)
      return t->copies ? &t->copies[t->canonical[range->first +
                                                 (size_t)(r - range->start)]]
                       : r;
  }
  return NULL;
}

/* r's own target while its object is loaded; once it is retired, its
 * copy's (a thread's frame may still name the old record). NULL when its
 * object was unloaded without the runtime seeing it (a dlclose the runtime
 * could not intercept): its counts are lost, but nothing writes to the
 * unmapped record. */
FLUID_NO_INSTRUMENT struct fluid_record *__fluid_tally_target(struct fluid_record *r,
                                                              void *tally) {
  struct fluid_record *target = target_in_ranges(tally, r);
  struct fluid_record *retired = target ? NULL : retired_copy(r);
  return retired ? target_in_ranges(tally, retired) : target;
}
