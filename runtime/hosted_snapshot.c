/* hosted_snapshot.c - a snapshot of the records, and the profile file.
 *
 * A snapshot copies the records of the objects hosted_objects.c found (the
 * executable, each instrumented shared object, the copies of unloaded
 * ones), merges copies of functions present in several objects (inline
 * functions are instantiated per object) by name, names apart functions
 * whose names clash, and exports them with the tally the threads' counts
 * and open frames were added to (hosted_threads.c): the running program's
 * own state is never changed, so the profile can be written at any moment,
 * as often as asked. This unit only reads what it is given (the ranges,
 * the tally) and calls none of the units that give it. It writes the
 * profile to $FLUID_PROFILE_FILE atomically (default fluid-%p.profile; a
 * relative path is taken from the directory the program started in).
 *
 * The writer may run in a signal handler (FLUID_PROFILE_ON_SIGNAL), so it
 * takes memory from mmap, sorts with its own heapsort, and writes with
 * open/write/rename: no malloc, no stdio.
 */
#define _GNU_SOURCE
#include "hosted.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* rename */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define WRITE_BUFFER 65536

/* Everything a snapshot holds, in two mappings: this one, and its memory. */
struct fluid_snapshot {
  struct fluid_range range[FLUID_MAX_OBJECTS];
  struct fluid_ranges ranges;
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

static FLUID_NO_INSTRUMENT struct fluid_record *next_copy(void *state) {
  struct fluid_snapshot *s = state;
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
static FLUID_NO_INSTRUMENT void name_clashes(struct fluid_snapshot *s) {
  size_t bytes = 0;
  for (size_t i = 0; i + 1 < s->kept; i++)
    if (same_name(s->by_name[i], s->by_name[i + 1]))
      bytes += unique_name(s->by_name[i], NULL) +
               unique_name(s->by_name[i + 1], NULL); /* an upper bound */
  if (!bytes)
    return;
  s->names = fluid_map_zeroed(bytes);
  if (!s->names)
    return;
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

FLUID_NO_INSTRUMENT struct fluid_snapshot *__fluid_snapshot_new(void) {
  struct fluid_snapshot *s = fluid_map_zeroed(sizeof(*s));
  if (s)
    s->ranges = (struct fluid_ranges){s->range, FLUID_MAX_OBJECTS, 0, 0, 0};
  return s;
}

FLUID_NO_INSTRUMENT struct fluid_ranges *
__fluid_snapshot_ranges(struct fluid_snapshot *s) {
  return &s->ranges;
}

/* Copies of the records, in range order, and the sort by name. */
static FLUID_NO_INSTRUMENT int copy_ranges(struct fluid_snapshot *s) {
  size_t n = s->ranges.records;
  s->memory_bytes = n * (sizeof(struct fluid_record) + sizeof(size_t) +
                         sizeof(struct fluid_record *)) + 64;
  s->memory = fluid_map_zeroed(s->memory_bytes);
  if (!s->memory)
    return -1;
  s->copies = s->memory; /* mmap is page aligned: so are the copies */
  s->canonical = (size_t *)(s->copies + n);
  s->by_name = (struct fluid_record **)(s->canonical + n);
  for (size_t i = 0; i < s->ranges.count; i++) {
    const struct fluid_range *r = &s->ranges.range[i];
    memcpy(&s->copies[r->first], r->start,
           (size_t)(r->stop - r->start) * sizeof(struct fluid_record));
  }
  for (size_t i = 0; i < n; i++)
    s->by_name[i] = &s->copies[i];
  sort_by_name(s->by_name, n);
  return 0;
}

/* Copy the records, then merge copies with the same name and hash into the
 * first of them (linkage names are program-wide, local ones carry their
 * file name): its counts go to the tally's events. */
FLUID_NO_INSTRUMENT int __fluid_snapshot_copy(struct fluid_snapshot *s,
                                              struct fluid_tally *t) {
  if (copy_ranges(s) != 0)
    return -1;
  for (size_t i = 0; i < s->ranges.records; i++) {
    struct fluid_record *r = s->by_name[i];
    struct fluid_record *kept = s->kept ? s->by_name[s->kept - 1] : NULL;
    if (kept && same_name(kept, r) && kept->hash == r->hash) {
      fluid_merge_counters(&kept->counters, &r->counters, t->events);
      s->canonical[r - s->copies] = (size_t)(kept - s->copies);
      continue;
    }
    s->canonical[r - s->copies] = (size_t)(r - s->copies);
    s->by_name[s->kept++] = r;
  }
  name_clashes(s);
  if (s->ranges.dropped)
    say("warning: more than 1024 instrumented objects; some are missing "
        "from the profile", NULL, NULL, NULL);
  t->ranges = &s->ranges;
  t->copies = s->copies;
  t->canonical = s->canonical;
  return 0;
}

FLUID_NO_INSTRUMENT void __fluid_snapshot_free(struct fluid_snapshot *s) {
  if (s->names)
    munmap(s->names, s->names_bytes);
  if (s->memory)
    munmap(s->memory, s->memory_bytes);
  munmap(s, sizeof(*s));
}

#ifdef FLUID_CONTEXTS
/* A context's function is its record's index in functions[]: the kept
 * copies in name order. s->canonical, no longer needed once the tally is
 * taken, holds it for each kept copy. */
static FLUID_NO_INSTRUMENT void number_functions(struct fluid_snapshot *s) {
  for (size_t i = 0; i < s->kept; i++)
    s->canonical[s->by_name[i] - s->copies] = i;
}

static FLUID_NO_INSTRUMENT uint64_t function_number(const struct fluid_record *r,
                                                    const void *state) {
  const struct fluid_snapshot *s = state;
  return s->canonical[r - s->copies];
}
#endif

/* The tally's canonical indices are the snapshot's: read before this. */
FLUID_NO_INSTRUMENT size_t __fluid_snapshot_export(struct fluid_snapshot *s,
                                                   const struct fluid_tally *t,
                                                   fluid_sink_fn sink,
                                                   void *context) {
#ifdef FLUID_CONTEXTS
  number_functions(s);
  struct fluid_ctx_export contexts = {t->tree, function_number, s, 0};
  __fluid_ctx_exporting = &contexts;
#endif
  size_t bytes = __fluid_export_records(sink, context, next_copy, s, t->edges,
                                        t->events);
#ifdef FLUID_CONTEXTS
  __fluid_ctx_exporting = NULL;
#endif
  return bytes;
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

static FLUID_NO_INSTRUMENT void flush_file(struct fluid_profile_file *f) {
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
  struct fluid_profile_file *f = context;
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

/* The profile is written to a temporary file, renamed over the profile
 * file once whole. Opened before the profile is gathered, as it always
 * was: 0, or -1 with a one-line error on stderr naming the configured path. */
FLUID_NO_INSTRUMENT int __fluid_profile_open(struct fluid_profile_file *f) {
  if (profile_path(f->path, sizeof(f->path)) != 0) {
    say("error: the profile path '", start_dir, start_pattern,
        "' (FLUID_PROFILE_FILE) is too long; no profile written");
    return -1;
  }
  size_t used = 0;
  append(f->temp, sizeof(f->temp), &used, f->path);
  append(f->temp, sizeof(f->temp), &used, ".tmp.");
  append_number(f->temp, sizeof(f->temp), &used, (unsigned long)getpid());
  f->fd = open(f->temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  f->failed = 0;
  f->used = 0;
  if (f->fd < 0) {
    say("error: cannot write profile '", f->path, "': ", strerror(errno));
    return -1;
  }
  f->buffer = fluid_map_zeroed(WRITE_BUFFER);
  return 0;
}

/* Writes the profile (s NULL: it could not be taken, in a signal handler
 * because the runtime was busy) and puts the file in place. 0, or -1 with
 * a one-line error on stderr. */
FLUID_NO_INSTRUMENT int __fluid_profile_close(struct fluid_profile_file *f,
                                              struct fluid_snapshot *s,
                                              const struct fluid_tally *t,
                                              int in_signal) {
  long bytes = -1;
  if (s && f->buffer) {
    bytes = (long)__fluid_snapshot_export(s, t, to_file, f);
    flush_file(f);
  }
  if (f->buffer)
    munmap(f->buffer, WRITE_BUFFER);
  int failed = bytes < 0 ? ENOMEM : f->failed;
  if (!failed)
    remember_written(f->fd);
  if (close(f->fd) != 0 && !failed)
    failed = errno;
  if (!failed)
    warn_if_shared(f->path);
  if (!failed && rename(f->temp, f->path) != 0)
    failed = errno;
  if (failed) {
    say("error: cannot write profile '", f->path, "': ",
        bytes < 0 && in_signal ? "the runtime was busy" : strerror(failed));
    unlink(f->temp);
    return -1;
  }
  return 0;
}
