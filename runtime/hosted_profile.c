/* hosted_profile.c - take a snapshot of every loaded object's records and write it.
 *
 * A snapshot copies the records of the executable and each instrumented
 * shared object (found through their `.note.fluid` notes), merges copies of
 * functions present in several objects (inline functions are instantiated
 * per object) by name, and adds every live thread's counts and open frames
 * to the copies (hosted.c): the running program's own state is never
 * changed, so the profile can be written at any moment, as often as asked.
 * It is written at process exit (the library's destructor) and when asked
 * (hosted_control.c), to $FLUID_PROFILE_FILE atomically (default
 * fluid-%p.profile; a relative path is taken from the directory the program
 * started in).
 *
 * The writer may run in a signal handler (FLUID_PROFILE_ON_SIGNAL), so it
 * takes memory from mmap, sorts with its own heapsort, and writes with
 * open/write/rename: no malloc, no stdio.
 */
#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h> /* rename */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_RANGES 1024
#define WRITE_BUFFER 65536

struct range {
  struct fluid_record *start, *stop;
  size_t first; /* index of its first record among all */
};

/* Everything a snapshot holds, in one mapping. */
struct snapshot {
  struct range ranges[MAX_RANGES];
  size_t range_count;
  size_t record_count;
  int ranges_dropped;
  struct fluid_record *copies;  /* one per record, in range order */
  size_t *canonical;            /* index of the copy that takes its counts */
  struct fluid_record **by_name; /* canonical copies, sorted by name */
  size_t kept, next;
  void *memory;
  size_t memory_bytes;
  char *names; /* the names given to functions whose names clash */
  size_t names_bytes;
};

/* One line on stderr, without stdio (a signal handler may be writing). */
static FLUID_NO_INSTRUMENT void say(const char *a, const char *b,
                                    const char *c, const char *d) {
  char line[8400];
  size_t used = 0;
  const char *parts[] = {"fluid-rt: ", a, b, c, d, "\n"};
  for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++)
    for (const char *s = parts[i]; s && *s && used < sizeof(line); s++)
      line[used++] = *s;
  while (used && write(2, line, used) < 0 && errno == EINTR) {
  }
}

static FLUID_NO_INSTRUMENT void add_range(struct fluid_record *start,
                                          struct fluid_record *stop, void *arg) {
  struct snapshot *s = arg;
  if (start >= stop)
    return;
  for (size_t i = 0; i < s->range_count; i++)
    if (s->ranges[i].start == start)
      return; /* every object file of a link carries the same note */
  if (s->range_count == MAX_RANGES) {
    s->ranges_dropped = 1;
    return;
  }
  s->ranges[s->range_count++] = (struct range){start, stop, s->record_count};
  s->record_count += (size_t)(stop - start);
}

struct range_walk {
  fluid_range_fn each;
  void *arg;
};

static FLUID_NO_INSTRUMENT int scan_object(struct dl_phdr_info *info, size_t size,
                                           void *arg) {
  struct range_walk *walk = arg;
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
        walk->each((struct fluid_record *)((const char *)&rel[0] + rel[0]),
                   (struct fluid_record *)((const char *)&rel[1] + rel[1]),
                   walk->arg);
      }
      note = desc + desc_size;
    }
  }
  return 0;
}

/* Every loaded object's records, through the `.note.fluid` note the pass
 * puts in each (an object's several notes name the same range), then the
 * copies of those of objects unloaded since (hosted.c). */
FLUID_NO_INSTRUMENT void __fluid_hosted_each_range(fluid_range_fn each,
                                                   void *arg) {
  struct range_walk walk = {each, arg};
  dl_iterate_phdr(scan_object, &walk);
  __fluid_hosted_each_retired(each, arg);
}

struct object_walk {
  uintptr_t address;
  struct range_walk walk;
};

static FLUID_NO_INSTRUMENT int scan_object_at(struct dl_phdr_info *info,
                                              size_t size, void *arg) {
  struct object_walk *w = arg;
  for (int p = 0; p < info->dlpi_phnum; p++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[p];
    uintptr_t start = info->dlpi_addr + ph->p_vaddr;
    if (ph->p_type == PT_LOAD && w->address >= start &&
        w->address - start < ph->p_memsz) {
      scan_object(info, size, &w->walk);
      return 1;
    }
  }
  return 0;
}

/* The records of the one object mapped at `address`. */
FLUID_NO_INSTRUMENT void __fluid_hosted_object_ranges(const void *address,
                                                      fluid_range_fn each,
                                                      void *arg) {
  struct object_walk w = {(uintptr_t)address, {each, arg}};
  dl_iterate_phdr(scan_object_at, &w);
}

/* By name, then hash; ties (the same function in several objects) by
 * address, so the copy that stays is always the same. */
static FLUID_NO_INSTRUMENT int by_name(const struct fluid_record *x,
                                       const struct fluid_record *y) {
  int order = strcmp(x->names ? x->names : "", y->names ? y->names : "");
  if (order)
    return order;
  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return x < y ? -1 : x > y;
}

static FLUID_NO_INSTRUMENT void sift_down(struct fluid_record **a, size_t root,
                                          size_t n) {
  for (size_t child; (child = 2 * root + 1) < n; root = child) {
    if (child + 1 < n && by_name(a[child], a[child + 1]) < 0)
      child++;
    if (by_name(a[root], a[child]) >= 0)
      return;
    struct fluid_record *swap = a[root];
    a[root] = a[child];
    a[child] = swap;
  }
}

/* Heapsort: qsort may call malloc, which a signal handler must not. */
static FLUID_NO_INSTRUMENT void sort_by_name(struct fluid_record **a, size_t n) {
  for (size_t root = n / 2; root-- > 0;)
    sift_down(a, root, n);
  for (size_t end = n; end-- > 1;) {
    struct fluid_record *swap = a[0];
    a[0] = a[end];
    a[end] = swap;
    sift_down(a, 0, end);
  }
}

/* The copy that takes a live record's counts; NULL for a record of no
 * object the snapshot found. */
static FLUID_NO_INSTRUMENT struct fluid_record *
copy_in_ranges(struct snapshot *s, struct fluid_record *r) {
  for (size_t i = 0; i < s->range_count; i++)
    if (r >= s->ranges[i].start && r < s->ranges[i].stop)
      return &s->copies[s->canonical[s->ranges[i].first +
                                     (size_t)(r - s->ranges[i].start)]];
  return NULL;
}

static FLUID_NO_INSTRUMENT struct fluid_record *copy_of(struct fluid_record *r,
                                                        void *state) {
  struct fluid_record *copy = copy_in_ranges(state, r);
  /* A thread's edge or frame may still name a record of an object
   * unloaded since: the runtime's copy of it stands in. */
  struct fluid_record *retired = copy ? NULL : __fluid_hosted_retired_copy(r);
  return retired ? copy_in_ranges(state, retired) : copy;
}

static FLUID_NO_INSTRUMENT struct fluid_record *next_copy(void *state) {
  struct snapshot *s = state;
  return s->next < s->kept ? s->by_name[s->next++] : NULL;
}

static FLUID_NO_INSTRUMENT int same_name(const struct fluid_record *x,
                                         const struct fluid_record *y) {
  return strcmp(x->names ? x->names : "", y->names ? y->names : "") == 0;
}

/* Writes r's name made unique by its hash (16 hex digits) into `out`, the
 * level and file after it as in every record's names, and returns the
 * bytes used:
 * "util.c:helper" becomes "util.c@<hash>:helper" (the bare name stays
 * last, so fluid-cc still finds the function by bare name and hash), an
 * external "name" becomes "name@<hash>". fluid-prof renames the duplicate
 * names older runtimes wrote the same way (driver/prof/Profile.cpp). */
static FLUID_NO_INSTRUMENT size_t unique_name(const struct fluid_record *r,
                                              char *out) {
  const char *name = r->names ? r->names : "";
  const char *colon = strrchr(name, ':');
  size_t head = colon ? (size_t)(colon - name) : strlen(name), used = 0;
  const char *rest = name + head;
  size_t rest_length = strlen(rest);
  /* The level (if marked) and the file, copied as they are. */
  const char *tail = fluid_after_name(r->names), *file = fluid_record_file(r);
  size_t tail_length = (size_t)(file - tail) + strlen(file);
  size_t bytes = head + 17 + rest_length + 1 + tail_length + 1;
  if (!out)
    return bytes;
  memcpy(out, name, head);
  used = head;
  out[used++] = '@';
  for (int shift = 60; shift >= 0; shift -= 4)
    out[used++] = "0123456789abcdef"[(r->hash >> shift) & 15];
  memcpy(out + used, rest, rest_length + 1);
  used += rest_length + 1;
  memcpy(out + used, tail, tail_length + 1);
  return bytes;
}

/* Functions whose names clash (same-named static functions of files with
 * the same name, built in different directories; one source built into
 * two objects with other macros) are named apart by their hashes, so that
 * every name in a profile stays unique, and the same in every run of the
 * same code. The copies are sorted by name: clashes are neighbours. */
static FLUID_NO_INSTRUMENT void name_clashes(struct snapshot *s) {
  size_t bytes = 0;
  for (size_t i = 0; i + 1 < s->kept; i++)
    if (same_name(s->by_name[i], s->by_name[i + 1]))
      bytes += unique_name(s->by_name[i], NULL) +
               unique_name(s->by_name[i + 1], NULL); /* an upper bound */
  if (!bytes)
    return;
  s->names = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (s->names == MAP_FAILED) {
    s->names = NULL;
    return;
  }
  s->names_bytes = bytes;
  /* A record takes its new name once its successor has been compared with
   * the old one. */
  char *out = s->names, *renaming = NULL;
  struct fluid_record *renamed = NULL;
  for (size_t i = 0; i < s->kept; i++) {
    struct fluid_record *r = s->by_name[i];
    int clash = (i > 0 && same_name(s->by_name[i - 1], r)) ||
                (i + 1 < s->kept && same_name(s->by_name[i + 1], r));
    if (renamed)
      renamed->names = renaming;
    renamed = NULL;
    if (!clash)
      continue;
    renamed = r;
    renaming = out;
    out += unique_name(r, out);
  }
  if (renamed)
    renamed->names = renaming;
}

/* Copy the records, then merge copies with the same name and hash into the
 * first of them (linkage names are program-wide, local ones carry their
 * file name). Returns NULL when memory runs out. */
static FLUID_NO_INSTRUMENT struct snapshot *copy_records(struct fluid_events *ev) {
  struct snapshot *s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (s == MAP_FAILED)
    return NULL;
  __fluid_hosted_each_range(add_range, s);
  size_t n = s->record_count;
  s->memory_bytes = n * (sizeof(struct fluid_record) + sizeof(size_t) +
                         sizeof(struct fluid_record *)) + 64;
  s->memory = mmap(NULL, s->memory_bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (s->memory == MAP_FAILED) {
    munmap(s, sizeof(*s));
    return NULL;
  }
  s->copies = s->memory; /* mmap is page aligned: so are the copies */
  s->canonical = (size_t *)(s->copies + n);
  s->by_name = (struct fluid_record **)(s->canonical + n);
  for (size_t i = 0; i < s->range_count; i++)
    memcpy(&s->copies[s->ranges[i].first], s->ranges[i].start,
           (size_t)(s->ranges[i].stop - s->ranges[i].start) *
               sizeof(struct fluid_record));
  for (size_t i = 0; i < n; i++)
    s->by_name[i] = &s->copies[i];
  sort_by_name(s->by_name, n);
  for (size_t i = 0; i < n; i++) {
    struct fluid_record *r = s->by_name[i];
    struct fluid_record *kept = s->kept ? s->by_name[s->kept - 1] : NULL;
    if (kept && strcmp(kept->names ? kept->names : "", r->names ? r->names : "") == 0 &&
        kept->hash == r->hash) {
      __fluid_merge_counters(&kept->counters, &r->counters, ev);
      s->canonical[r - s->copies] = (size_t)(kept - s->copies);
      continue;
    }
    s->canonical[r - s->copies] = (size_t)(r - s->copies);
    s->by_name[s->kept++] = r;
  }
  name_clashes(s);
  return s;
}

static FLUID_NO_INSTRUMENT void free_snapshot(struct snapshot *s) {
  if (s->names)
    munmap(s->names, s->names_bytes);
  munmap(s->memory, s->memory_bytes);
  munmap(s, sizeof(*s));
}

#ifdef FLUID_CONTEXTS
/* A context's function is its record's index in functions[]: the kept
 * copies in name order. s->canonical, no longer needed once the tally is
 * taken, holds it for each kept copy. */
static FLUID_NO_INSTRUMENT void number_functions(struct snapshot *s) {
  for (size_t i = 0; i < s->kept; i++)
    s->canonical[s->by_name[i] - s->copies] = i;
}

static FLUID_NO_INSTRUMENT uint64_t function_number(const struct fluid_record *r,
                                                    const void *state) {
  const struct snapshot *s = state;
  return s->canonical[r - s->copies];
}
#endif

/* Stream the profile as of now through `sink`. -1 when it could not be
 * taken (out of memory, or in a signal handler that interrupted the
 * registry's holder), else the number of JSON payload bytes. */
static FLUID_NO_INSTRUMENT long export_now(fluid_sink_fn sink, void *context,
                                           int in_signal) {
  uint64_t now = fluid_rdtsc();
  struct fluid_events events = {0};
  struct snapshot *s = copy_records(&events);
  if (!s)
    return -1;
  if (s->ranges_dropped)
    say("warning: more than 1024 instrumented objects; some are missing "
        "from the profile", NULL, NULL, NULL);
  struct fluid_edge_table edges = {0};
  struct fluid_tally tally = {.map = copy_of, .state = s, .edges = &edges,
                              .events = &events};
  long bytes = -1;
#ifdef FLUID_CONTEXTS
  struct fluid_ctree tree = {0};
  tally.tree = __fluid_ctx_map(&tree) ? &tree : NULL;
#endif
  if (__fluid_hosted_snapshot(&tally, now, in_signal) == 0) {
#ifdef FLUID_CONTEXTS
    number_functions(s);
    struct fluid_ctx_export contexts = {&tree, function_number, s, 0};
    __fluid_ctx_exporting = &contexts;
#endif
    bytes = (long)__fluid_export_records(sink, context, next_copy, s, &edges,
                                         &events);
  }
#ifdef FLUID_CONTEXTS
  __fluid_ctx_exporting = NULL;
  __fluid_ctx_unmap(&tree);
#endif
  if (edges.slots)
    munmap(edges.slots, ((size_t)edges.mask + 1) * sizeof(struct fluid_edge));
  free_snapshot(s);
  return bytes;
}

/* Hosted: the profile of every instrumented object and thread, as of now. */
FLUID_NO_INSTRUMENT size_t __fluid_export(fluid_sink_fn sink, void *context) {
  long bytes = export_now(sink, context, 0);
  return bytes < 0 ? 0 : (size_t)bytes;
}

/* The profile path pattern, read when the library is loaded (before the
 * program runs): a relative one is taken from the directory the program
 * started in, whatever it changes to later. */
static char start_pattern[4096];
static char start_dir[4096];
static struct timespec start_time;

__attribute__((constructor)) static FLUID_NO_INSTRUMENT void
remember_profile_path(void) {
  const char *pattern = getenv("FLUID_PROFILE_FILE");
  if (!pattern || !*pattern)
    pattern = "fluid-%p.profile";
  size_t length = strlen(pattern);
  if (length >= sizeof(start_pattern))
    length = sizeof(start_pattern) - 1; /* refused when writing */
  memcpy(start_pattern, pattern, length);
  /* The clock file times come from, which lags the precise one by up to
   * a tick: a profile written just after the start is not taken for one
   * written before it. */
  clock_gettime(CLOCK_REALTIME_COARSE, &start_time);
  if (pattern[0] != '/' && !getcwd(start_dir, sizeof(start_dir) - 1))
    start_dir[0] = 0; /* relative to the directory at exit, then */
  if (start_dir[0])
    strcat(start_dir, "/");
}

static FLUID_NO_INSTRUMENT int append(char *out, size_t size, size_t *used,
                                      const char *text) {
  for (; *text; text++) {
    if (*used + 1 >= size)
      return -1;
    out[(*used)++] = *text;
  }
  out[*used] = 0;
  return 0;
}

static FLUID_NO_INSTRUMENT int append_number(char *out, size_t size,
                                             size_t *used, unsigned long v) {
  char digits[24];
  size_t n = sizeof(digits);
  digits[--n] = 0;
  do
    digits[--n] = (char)('0' + v % 10);
  while (v /= 10);
  return append(out, size, used, &digits[n]);
}

/* The start-up directory and FLUID_PROFILE_FILE, %p (pid) and %% expanded. */
static FLUID_NO_INSTRUMENT int profile_path(char *out, size_t size) {
  size_t used = 0;
  out[0] = 0;
  if (append(out, size, &used, start_dir) != 0 ||
      strlen(start_pattern) + 1 >= sizeof(start_pattern))
    return -1;
  for (const char *s = start_pattern; *s; s++) {
    char one[2] = {*s, 0};
    int failed;
    if (s[0] == '%' && s[1] == 'p') {
      failed = append_number(out, size, &used, (unsigned long)getpid());
      s++;
    } else {
      if (s[0] == '%' && s[1] == '%')
        s++;
      failed = append(out, size, &used, one);
    }
    if (failed)
      return -1;
  }
  return 0;
}

struct file_sink {
  int fd;
  int failed; /* errno of the first failure */
  size_t used;
  char *buffer;
};

static FLUID_NO_INSTRUMENT void flush_file(struct file_sink *f) {
  for (size_t done = 0; done < f->used && !f->failed;) {
    ssize_t n = write(f->fd, f->buffer + done, f->used - done);
    if (n > 0)
      done += (size_t)n;
    else if (n < 0 && errno != EINTR)
      f->failed = errno;
  }
  f->used = 0;
}

static FLUID_NO_INSTRUMENT void to_file(void *context, const char *bytes,
                                        size_t length) {
  struct file_sink *f = context;
  if (f->used + length > WRITE_BUFFER)
    flush_file(f);
  memcpy(f->buffer + f->used, bytes, length); /* pieces are 128 bytes */
  f->used += length;
}

/* Processes sharing one path (no %p: a fork child, a parallel build)
 * replace each other's profiles, the last writer's staying. Said once per
 * process, when the profile it is about to replace was written by another
 * since it started (a profile left by an earlier run is replaced quietly). */
static struct {
  pid_t warned, wrote; /* per process: a fork child starts anew */
  dev_t device;        /* the file this process put there last */
  ino_t inode;
} shared_path;

static FLUID_NO_INSTRUMENT void warn_if_shared(const char *path) {
  struct stat old;
  pid_t self = getpid();
  if (shared_path.warned == self || stat(path, &old) != 0)
    return;
  if (shared_path.wrote == self && old.st_dev == shared_path.device &&
      old.st_ino == shared_path.inode)
    return; /* our own earlier profile */
  if (old.st_mtim.tv_sec < start_time.tv_sec ||
      (old.st_mtim.tv_sec == start_time.tv_sec &&
       old.st_mtim.tv_nsec < start_time.tv_nsec))
    return; /* from an earlier run */
  shared_path.warned = self;
  say("warning: profile '", path,
      "' was written by another process since this one started and is "
      "replaced; put %p in FLUID_PROFILE_FILE to keep one profile per "
      "process", NULL);
}

static FLUID_NO_INSTRUMENT void remember_written(int fd) {
  struct stat own;
  if (fstat(fd, &own) == 0) {
    shared_path.wrote = getpid();
    shared_path.device = own.st_dev;
    shared_path.inode = own.st_ino;
  }
}

/* Write the profile as of now to its file, atomically (a temporary file
 * renamed over it). 0, or -1 with a one-line error on stderr naming the
 * configured path. */
FLUID_NO_INSTRUMENT int __fluid_hosted_write(int in_signal) {
  char path[4096], temp[4200];
  if (profile_path(path, sizeof(path)) != 0) {
    say("error: the profile path '", start_dir, start_pattern,
        "' (FLUID_PROFILE_FILE) is too long; no profile written");
    return -1;
  }
  size_t used = 0;
  append(temp, sizeof(temp), &used, path);
  append(temp, sizeof(temp), &used, ".tmp.");
  append_number(temp, sizeof(temp), &used, (unsigned long)getpid());
  struct file_sink file = {open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666),
                           0, 0, NULL};
  if (file.fd < 0) {
    say("error: cannot write profile '", path, "': ", strerror(errno));
    return -1;
  }
  file.buffer = mmap(NULL, WRITE_BUFFER, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  long bytes = -1;
  if (file.buffer != MAP_FAILED) {
    bytes = export_now(to_file, &file, in_signal);
    flush_file(&file);
    munmap(file.buffer, WRITE_BUFFER);
  }
  int failed = bytes < 0 ? ENOMEM : file.failed;
  if (!failed)
    remember_written(file.fd);
  if (close(file.fd) != 0 && !failed)
    failed = errno;
  if (!failed)
    warn_if_shared(path);
  if (!failed && rename(temp, path) != 0)
    failed = errno;
  if (failed) {
    say("error: cannot write profile '", path, "': ",
        bytes < 0 && in_signal ? "the runtime was busy" : strerror(failed));
    unlink(temp);
    return -1;
  }
  return 0;
}

/* At exit, or when the runtime itself is unloaded: a program that does not
 * link it loaded it with an instrumented object, and unloads it with the
 * last of them. Those are still mapped here, so the profile is whole. */
__attribute__((destructor)) static FLUID_NO_INSTRUMENT void write_at_exit(void) {
  __fluid_hosted_freeze_others();
  __fluid_hosted_write(0);
  __fluid_hosted_unloading();
}
