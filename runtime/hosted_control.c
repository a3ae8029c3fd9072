/* hosted_control.c - when the hosted runtime writes: on request, on signals,
 * before exec and _exit.
 *
 * The profile is written at process exit (hosted_profile.c). This file adds
 * the other moments a program's life can end or a user can ask:
 * __fluid_write_profile() and __fluid_reset_profile() for programs that
 * never return from main (servers) or want one phase; FLUID_PROFILE_ON_SIGNAL
 * (opt-in: TERM,INT by default) writes when a signal arrives, then lets the
 * signal do what it would have done; exec and _exit, which skip exit's
 * destructors, write first, unless the process is a fork or vfork child
 * of the one that loaded the runtime (its counts are its parent's).
 */
#define _GNU_SOURCE
#include "internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pid_t loading_pid;

/* -------------------------------------------------------------------------
 * The public calls. */

FLUID_NO_INSTRUMENT int __fluid_write_profile(void) {
  return __fluid_hosted_write(0);
}

static FLUID_NO_INSTRUMENT void zero_records(struct fluid_record *r,
                                             struct fluid_record *stop,
                                             void *arg) {
  (void)arg;
  for (; r < stop; r++) {
    memset(&r->counters, 0, sizeof(r->counters));
    r->counters.min_cycles = UINT64_MAX;
  }
}

/* Every count starts afresh: the records' own (threads that ended were
 * merged there), and the ones hosted.c keeps. */
FLUID_NO_INSTRUMENT void __fluid_reset_profile(void) {
  __fluid_hosted_each_range(zero_records, NULL);
  __fluid_hosted_reset();
}

/* -------------------------------------------------------------------------
 * Signals. */

struct signal_name {
  const char *name;
  int number;
  int resumes; /* write and carry on, instead of doing what it did */
};

static const struct signal_name signal_names[] = {
    {"TERM", SIGTERM, 0}, {"INT", SIGINT, 0},   {"HUP", SIGHUP, 0},
    {"QUIT", SIGQUIT, 0}, {"ABRT", SIGABRT, 0}, {"SEGV", SIGSEGV, 0},
    {"BUS", SIGBUS, 0},   {"FPE", SIGFPE, 0},   {"ILL", SIGILL, 0},
    {"USR1", SIGUSR1, 1}, {"USR2", SIGUSR2, 1}};

static FLUID_NO_INSTRUMENT const struct signal_name *signal_named(int number) {
  for (size_t i = 0; i < sizeof(signal_names) / sizeof(*signal_names); i++)
    if (signal_names[i].number == number)
      return &signal_names[i];
  return NULL;
}

static FLUID_NO_INSTRUMENT void on_signal(int number) {
  int saved_errno = errno;
  const struct signal_name *s = signal_named(number);
  if (s && s->resumes) {
    __fluid_hosted_write(1);
    errno = saved_errno;
    return;
  }
  /* Once: a second signal while writing ends the process as it would. */
  static volatile sig_atomic_t writing;
  if (!writing) {
    writing = 1;
    __fluid_hosted_write(1);
  }
  /* What the signal would have done without us: a fault returns to the
   * faulting instruction and raises it again; others are raised anew. */
  signal(number, SIG_DFL);
  if (number != SIGSEGV && number != SIGBUS && number != SIGFPE &&
      number != SIGILL)
    raise(number);
  errno = saved_errno;
}

static FLUID_NO_INSTRUMENT void install(const char *name, size_t length) {
  for (size_t i = 0; i < sizeof(signal_names) / sizeof(*signal_names); i++) {
    const struct signal_name *s = &signal_names[i];
    if (strlen(s->name) != length || strncasecmp(s->name, name, length) != 0)
      continue;
    struct sigaction now;
    /* A signal the program was started ignoring (nohup, a background job)
     * stays ignored. */
    if (sigaction(s->number, NULL, &now) == 0 && now.sa_handler == SIG_IGN)
      return;
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(s->number, &action, NULL);
    return;
  }
  char word[32];
  size_t n = length < sizeof(word) - 1 ? length : sizeof(word) - 1;
  memcpy(word, name, n);
  word[n] = 0;
  static const char prefix[] = "fluid-rt: warning: FLUID_PROFILE_ON_SIGNAL: "
                               "unknown signal '";
  static const char suffix[] = "' ignored (TERM INT HUP QUIT ABRT SEGV BUS FPE "
                               "ILL USR1 USR2)\n";
  (void)!write(2, prefix, sizeof(prefix) - 1);
  (void)!write(2, word, n);
  (void)!write(2, suffix, sizeof(suffix) - 1);
}

/* -------------------------------------------------------------------------
 * fork: the child's profile holds what the child did, from zero (its
 * parent's profile has the rest). A vfork child shares its parent's memory
 * and runs no fork handler: it counts into the parent's counts. */

static FLUID_NO_INSTRUMENT void forked_child(void) {
  __fluid_hosted_fork_child();
  __fluid_reset_profile();
}

/* FLUID_PROFILE_ON_SIGNAL: "1" means TERM,INT; otherwise a comma list. */
__attribute__((constructor)) static FLUID_NO_INSTRUMENT void start(void) {
  loading_pid = getpid();
  pthread_atfork(__fluid_hosted_fork_prepare, __fluid_hosted_fork_parent,
                 forked_child);
  const char *list = getenv("FLUID_PROFILE_ON_SIGNAL");
  if (!list || !*list || strcmp(list, "0") == 0)
    return;
  if (strcmp(list, "1") == 0)
    list = "TERM,INT";
  while (*list) {
    size_t length = strcspn(list, ",");
    if (length)
      install(list, length);
    list += length + (list[length] == ',');
  }
}

/* -------------------------------------------------------------------------
 * exec and _exit: the image goes without running exit's destructors. */

static FLUID_NO_INSTRUMENT void write_before_leaving(void) {
  if (getpid() == loading_pid)
    __fluid_write_profile();
}

/* The C library's own function of that name. */
#define REAL(name)                                                             \
  static __typeof__(&name) real_##name;                                        \
  if (!real_##name)                                                            \
  real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

FLUID_API FLUID_NO_INSTRUMENT int execve(const char *path, char *const argv[],
                                         char *const envp[]) {
  REAL(execve);
  write_before_leaving();
  return real_execve(path, argv, envp);
}

FLUID_API FLUID_NO_INSTRUMENT int execv(const char *path, char *const argv[]) {
  REAL(execv);
  write_before_leaving();
  return real_execv(path, argv);
}

FLUID_API FLUID_NO_INSTRUMENT int execvp(const char *file, char *const argv[]) {
  REAL(execvp);
  write_before_leaving();
  return real_execvp(file, argv);
}

FLUID_API FLUID_NO_INSTRUMENT int execvpe(const char *file, char *const argv[],
                                          char *const envp[]) {
  REAL(execvpe);
  write_before_leaving();
  return real_execvpe(file, argv, envp);
}

FLUID_API FLUID_NO_INSTRUMENT int fexecve(int fd, char *const argv[],
                                          char *const envp[]) {
  REAL(fexecve);
  write_before_leaving();
  return real_fexecve(fd, argv, envp);
}

/* The execl family: collect the arguments, then the execv one. */
#define COLLECT_ARGUMENTS(first, args, argv)                                   \
  size_t count = 1;                                                            \
  va_start(args, first);                                                       \
  while (va_arg(args, char *))                                                 \
    count++;                                                                   \
  va_end(args);                                                                \
  char **argv = __builtin_alloca((count + 1) * sizeof(char *));                \
  va_start(args, first);                                                       \
  argv[0] = (char *)(first);                                                   \
  for (size_t i = 1; i <= count; i++)                                          \
    argv[i] = va_arg(args, char *)

FLUID_API FLUID_NO_INSTRUMENT int execl(const char *path, const char *arg, ...) {
  va_list args;
  COLLECT_ARGUMENTS(arg, args, argv);
  va_end(args);
  return execv(path, argv);
}

FLUID_API FLUID_NO_INSTRUMENT int execlp(const char *file, const char *arg, ...) {
  va_list args;
  COLLECT_ARGUMENTS(arg, args, argv);
  va_end(args);
  return execvp(file, argv);
}

FLUID_API FLUID_NO_INSTRUMENT int execle(const char *path, const char *arg, ...) {
  va_list args;
  COLLECT_ARGUMENTS(arg, args, argv);
  char *const *envp = va_arg(args, char *const *);
  va_end(args);
  return execve(path, argv, envp);
}

FLUID_API FLUID_NO_INSTRUMENT __attribute__((noreturn)) void _exit(int status) {
  REAL(_exit);
  if (getpid() == loading_pid)
    __fluid_hosted_freeze_others(); /* other threads end with this one */
  write_before_leaving();
  real__exit(status);
  __builtin_unreachable();
}

FLUID_API FLUID_NO_INSTRUMENT __attribute__((noreturn)) void _Exit(int status) {
  _exit(status);
}

/* -------------------------------------------------------------------------
 * C++ catches. Frames an exception unwinds without cleanups run no exit
 * hook; the catch is the moment they are known to be gone, whoever catches
 * (libstdc++ itself catches what a stream buffer throws). Seen when the
 * runtime comes before the C++ runtime in the lookup order, as it does in
 * every program fluid-c++ links; otherwise the next hook finds them. */

void *__cxa_begin_catch(void *exception);

FLUID_API FLUID_NO_INSTRUMENT void *__cxa_begin_catch(void *exception) {
  REAL(__cxa_begin_catch);
  /* Our return-address slot, just below the catching frame, sits above
   * the frame pointer (asking for it gives this function one). */
  __fluid_caught_above((uintptr_t)__builtin_frame_address(0) + sizeof(void *));
  return real___cxa_begin_catch(exception);
}

/* -------------------------------------------------------------------------
 * dlclose: an instrumented object's records go with it. Each object's
 * destructors end with __cxa_finalize(its __dso_handle) (crtbeginS.o), the
 * last moment its memory is there: its records are copied then (hosted.c).
 * Only within dlclose: at exit the profile is written before anything is
 * unmapped. This sees the objects a program unloads when the runtime comes
 * before the C library in the program's symbol lookup (an instrumented
 * executable). A program that does not link the runtime unloads it with its
 * last instrumented object, and the runtime's destructor writes the profile
 * first (hosted_profile.c). */

void __cxa_finalize(void *dso_handle);

static FLUID_THREAD_LOCAL int closing; /* dlclose calls under way */

FLUID_API FLUID_NO_INSTRUMENT int dlclose(void *handle) {
  REAL(dlclose);
  closing++;
  int result = real_dlclose(handle);
  closing--;
  return result;
}

/* Every object file of a link carries the same note: retire its range once. */
struct retiring {
  struct fluid_record *done[16];
  size_t count;
};

static FLUID_NO_INSTRUMENT void retire_range(struct fluid_record *start,
                                             struct fluid_record *stop,
                                             void *arg) {
  struct retiring *r = arg;
  for (size_t i = 0; i < r->count; i++)
    if (r->done[i] == start)
      return;
  if (r->count < sizeof(r->done) / sizeof(*r->done))
    r->done[r->count++] = start;
  if (start < stop)
    __fluid_hosted_retire(start, stop);
}

/* The object's own destructors (which may call its functions) have run. */
FLUID_API FLUID_NO_INSTRUMENT void __cxa_finalize(void *dso_handle) {
  REAL(__cxa_finalize);
  real___cxa_finalize(dso_handle);
  struct retiring retiring = {{NULL}, 0};
  if (closing && dso_handle)
    __fluid_hosted_object_ranges(dso_handle, retire_range, &retiring);
}
