/* hosted_profile.c - find every loaded object's records and write the profile.
 *
 * At process exit (the library's destructor) the counts of live threads are
 * merged, the records of the executable and each instrumented shared object
 * are found through their `.note.fluid` notes, functions present in several
 * objects (inline functions are instantiated per object) are merged by name,
 * and the framed profile is written to $FLUID_PROFILE_FILE atomically
 * (default fluid-%p.profile; a relative path is taken from the directory
 * the program started in).
 */
#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define NOTE_TYPE 0x44554c46u /* "FLUD", as the pass emits it */
#define MAX_RANGES 1024

struct range {
  struct fluid_record *start, *stop;
};

struct collection {
  struct range ranges[MAX_RANGES];
  size_t range_count;
  size_t record_count;
  int ranges_dropped;
};

/* Shared with hosted.c. */
void __fluid_hosted_merge_all(const struct fluid_edge_table **edges,
                              struct fluid_events **events);
struct fluid_edge *__fluid_merged_edge(struct fluid_edge_table *t,
                                       struct fluid_record *caller,
                                       struct fluid_record *callee,
                                       struct fluid_events *events);

static FLUID_NO_INSTRUMENT void add_range(struct collection *col,
                                          struct fluid_record *start,
                                          struct fluid_record *stop) {
  if (start >= stop)
    return;
  for (size_t i = 0; i < col->range_count; i++)
    if (col->ranges[i].start == start)
      return; /* every object file of a link carries the same note */
  if (col->range_count == MAX_RANGES) {
    col->ranges_dropped = 1;
    return;
  }
  col->ranges[col->range_count++] = (struct range){start, stop};
  col->record_count += (size_t)(stop - start);
}

static FLUID_NO_INSTRUMENT int scan_object(struct dl_phdr_info *info, size_t size,
                                           void *arg) {
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
      if (head[2] == NOTE_TYPE && head[0] == 6 && memcmp(name, "Fluid", 6) == 0 &&
          head[1] == 8) {
        const int32_t *rel = (const int32_t *)desc;
        add_range(arg, (struct fluid_record *)((const char *)&rel[0] + rel[0]),
                  (struct fluid_record *)((const char *)&rel[1] + rel[1]));
      }
      note = desc + desc_size;
    }
  }
  return 0;
}

static FLUID_NO_INSTRUMENT int by_name(const void *a, const void *b) {
  const struct fluid_record *x = *(struct fluid_record *const *)a;
  const struct fluid_record *y = *(struct fluid_record *const *)b;
  int order = strcmp(x->names ? x->names : "", y->names ? y->names : "");
  if (order)
    return order;
  return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static FLUID_NO_INSTRUMENT int by_address(const void *a, const void *b) {
  uintptr_t x = (uintptr_t) * (struct fluid_record *const *)a;
  uintptr_t y = (uintptr_t) * (struct fluid_record *const *)b;
  return x < y ? -1 : x > y;
}

struct record_list {
  struct fluid_record **items; /* canonical records, by name */
  size_t count, next;
};

static FLUID_NO_INSTRUMENT struct fluid_record *next_record(void *state) {
  struct record_list *list = state;
  return list->next < list->count ? list->items[list->next++] : NULL;
}

/* Merge records with the same name and hash into the first of them (an inline
 * function instantiated in several objects: linkage names are program-wide,
 * local ones carry their file name); return
 * the canonical list and, in `alias`, pairs {duplicate, canonical} sorted by
 * duplicate address for remapping edges. */
static FLUID_NO_INSTRUMENT size_t merge_duplicates(struct fluid_record **all,
                                                   size_t n,
                                                   struct fluid_record **alias,
                                                   size_t *alias_count,
                                                   struct fluid_events *ev) {
  qsort(all, n, sizeof(*all), by_name);
  size_t kept = 0;
  *alias_count = 0;
  for (size_t i = 0; i < n; i++) {
    if (kept && by_name(&all[kept - 1], &all[i]) == 0) {
      __fluid_merge_counters(&all[kept - 1]->counters, &all[i]->counters, ev);
      alias[2 * *alias_count] = all[i];
      alias[2 * *alias_count + 1] = all[kept - 1];
      ++*alias_count;
      continue;
    }
    all[kept++] = all[i];
  }
  qsort(alias, *alias_count, 2 * sizeof(*alias), by_address);
  return kept;
}

static FLUID_NO_INSTRUMENT struct fluid_record *
canonical(struct fluid_record *r, struct fluid_record **alias, size_t count) {
  struct fluid_record **hit = bsearch(&r, alias, count, 2 * sizeof(*alias), by_address);
  return hit ? hit[1] : r;
}

/* Edges between duplicates now name the same pair: add them up afresh. */
static FLUID_NO_INSTRUMENT const struct fluid_edge_table *
remap_edges(const struct fluid_edge_table *edges, struct fluid_record **alias,
            size_t alias_count, struct fluid_edge_table *fresh,
            struct fluid_events *events) {
  size_t bytes = (edges->mask + 1) * sizeof(struct fluid_edge);
  fresh->slots = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (fresh->slots == MAP_FAILED) {
    fresh->slots = NULL;
    return edges;
  }
  fresh->mask = edges->mask;
  for (uint32_t i = 0; i <= edges->mask; i++) {
    const struct fluid_edge *e = &edges->slots[i];
    if (!e->caller)
      continue;
    struct fluid_edge *into =
        __fluid_merged_edge(fresh, canonical(e->caller, alias, alias_count),
                            canonical(e->callee, alias, alias_count), events);
    if (into) {
      fluid_add(&into->calls, e->calls, events);
      fluid_add(&into->cycles, e->cycles, events);
    }
  }
  return fresh;
}

static FLUID_NO_INSTRUMENT void write_bytes(void *file, const char *bytes,
                                            size_t length) {
  fwrite(bytes, 1, length, file);
}

/* The profile path pattern, read when the library is loaded (before the
 * program runs): a relative one is taken from the directory the program
 * started in, whatever it changes to later. */
static char start_pattern[4096];
static char start_dir[4096];

__attribute__((constructor)) static FLUID_NO_INSTRUMENT void
remember_profile_path(void) {
  const char *pattern = getenv("FLUID_PROFILE_FILE");
  if (!pattern || !*pattern)
    pattern = "fluid-%p.profile";
  snprintf(start_pattern, sizeof(start_pattern), "%s", pattern);
  if (pattern[0] != '/' && !getcwd(start_dir, sizeof(start_dir) - 1))
    start_dir[0] = 0; /* relative to the directory at exit, then */
  if (start_dir[0])
    strcat(start_dir, "/");
}

/* Expand %p (pid) and %% in the FLUID_PROFILE_FILE pattern. */
static FLUID_NO_INSTRUMENT int profile_path(char *out, size_t size) {
  int prefix = snprintf(out, size, "%s", start_dir);
  if (prefix < 0 || (size_t)prefix >= size)
    return -1;
  size_t used = (size_t)prefix;
  for (const char *s = start_pattern; *s; s++) {
    int n;
    if (s[0] == '%' && s[1] == 'p') {
      n = snprintf(out + used, size - used, "%ld", (long)getpid());
      s++;
    } else if (s[0] == '%' && s[1] == '%') {
      n = snprintf(out + used, size - used, "%%");
      s++;
    } else {
      n = snprintf(out + used, size - used, "%c", *s);
    }
    if (n < 0 || (size_t)n >= size - used)
      return -1;
    used += (size_t)n;
  }
  return 0;
}

static FLUID_NO_INSTRUMENT void write_profile(struct record_list *list,
                                              const struct fluid_edge_table *edges,
                                              const struct fluid_events *events) {
  char path[4096], temp[4200];
  if (profile_path(path, sizeof(path)) != 0) {
    fprintf(stderr, "fluid-rt: error: the profile path '%s%s' "
                    "(FLUID_PROFILE_FILE) is too long; no profile written\n",
            start_dir, start_pattern);
    return;
  }
  snprintf(temp, sizeof(temp), "%s.tmp.%ld", path, (long)getpid());
  FILE *file = fopen(temp, "w");
  if (!file) {
    fprintf(stderr, "fluid-rt: error: cannot write profile '%s': %s\n", path,
            strerror(errno));
    return;
  }
  __fluid_export_records(write_bytes, file, next_record, list, edges, events);
  int failed = ferror(file);
  failed |= fclose(file) != 0;
  if (failed || rename(temp, path) != 0) {
    fprintf(stderr, "fluid-rt: error: cannot write profile '%s': %s\n", path,
            strerror(errno));
    unlink(temp);
  }
}

__attribute__((destructor)) static FLUID_NO_INSTRUMENT void write_at_exit(void) {
  const struct fluid_edge_table *edges;
  struct fluid_events *events;
  __fluid_hosted_merge_all(&edges, &events);

  static struct collection col;
  dl_iterate_phdr(scan_object, &col);
  if (col.ranges_dropped)
    fprintf(stderr, "fluid-rt: warning: more than %d instrumented objects; "
                    "some are missing from the profile\n", MAX_RANGES);
  size_t n = col.record_count;
  struct fluid_record **all = mmap(NULL, (3 * n + 1) * sizeof(*all),
                                   PROT_READ | PROT_WRITE,
                                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (all == MAP_FAILED) {
    fprintf(stderr, "fluid-rt: error: out of memory; no profile written\n");
    return;
  }
  size_t k = 0;
  for (size_t i = 0; i < col.range_count; i++)
    for (struct fluid_record *r = col.ranges[i].start; r < col.ranges[i].stop; r++)
      all[k++] = r;
  struct fluid_record **alias = all + n;
  size_t alias_count;
  size_t kept = merge_duplicates(all, n, alias, &alias_count, events);
  struct fluid_edge_table remapped = {0};
  if (alias_count && edges->slots)
    edges = remap_edges(edges, alias, alias_count, &remapped, events);
  struct record_list list = {all, kept, 0};
  write_profile(&list, edges, events);
  munmap(all, (3 * n + 1) * sizeof(*all));
  if (remapped.slots)
    munmap(remapped.slots, (remapped.mask + 1) * sizeof(struct fluid_edge));
}
