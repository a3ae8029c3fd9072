/* hosted_intercept.c - where the program's life reaches the hosted runtime.
 *
 * The profile is written at process exit (this unit's destructor). This
 * unit adds the other moments a program's life can end or a user can ask,
 * and the events the runtime must see to count right, each by intercepting
 * the C library call or the signal that marks it:
 * FLUID_PROFILE_ON_SIGNAL (opt-in: TERM,INT by default) writes when a
 * signal arrives, then lets the signal do what it would have done; exec and
 * _exit, which skip exit's destructors, write first, unless the process is
 * a fork or vfork child of the one that loaded the runtime (its counts are
 * its parent's); fork starts the child's counts from zero; a C++ catch
 * closes the frames the unwinder skipped; dlclose retires an unloaded
 * object's records. What is done then is the units' below (hosted.h).
 */
#define _GNU_SOURCE
#include "hosted.h"

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
  __fluid_threads_fork_child();
  __fluid_reset_profile();
}

/* FLUID_PROFILE_ON_SIGNAL: "1" means TERM,INT; otherwise a comma list. */
__attribute__((constructor)) static FLUID_NO_INSTRUMENT void start(void) {
  loading_pid = getpid();
  pthread_atfork(__fluid_threads_fork_prepare, __fluid_threads_fork_parent,
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
    __fluid_threads_freeze_others(); /* other threads end with this one */
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
 * last moment its memory is there: its records are retired then
 * (hosted_threads.c).
 * Only within dlclose: at exit the profile is written before anything is
 * unmapped. This sees the objects a program unloads when the runtime comes
 * before the C library in the program's symbol lookup (an instrumented
 * executable). A program that does not link the runtime unloads it with its
 * last instrumented object, and the runtime's destructor writes the profile
 * first (write_at_exit, below). */

void __cxa_finalize(void *dso_handle);

static FLUID_THREAD_LOCAL int closing; /* dlclose calls under way */

FLUID_API FLUID_NO_INSTRUMENT int dlclose(void *handle) {
  REAL(dlclose);
  closing++;
  int result = real_dlclose(handle);
  closing--;
  return result;
}

/* The object's own destructors (which may call its functions) have run. */
FLUID_API FLUID_NO_INSTRUMENT void __cxa_finalize(void *dso_handle) {
  REAL(__cxa_finalize);
  real___cxa_finalize(dso_handle);
  if (closing && dso_handle)
    __fluid_threads_unload_object(dso_handle);
}

/* -------------------------------------------------------------------------
 * exit: at exit, or when the runtime itself is unloaded (a program that
 * does not link it loaded it with an instrumented object, and unloads it
 * with the last of them). Those are still mapped here, so the profile is
 * whole. */

__attribute__((destructor)) static FLUID_NO_INSTRUMENT void write_at_exit(void) {
  __fluid_threads_freeze_others();
  __fluid_hosted_write(0);
  __fluid_threads_unloading();
}
