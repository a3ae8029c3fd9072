// A fork child's profile holds only what the child did: its counts start
// from zero at the fork (the parent's earlier calls, and the counts of the
// parent's other threads, are the parent's), and the forking thread is its
// one thread. The parent's own profile is unchanged by the fork.
// RUN: %clang -O1 %fluid_cc_instrument %s -o %t -pthread %fluid_link_hosted
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env FLUID_PROFILE_FILE=%t.dir/%%p.profile %t %t.dir | %FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t.dir/child.profile | %FileCheck --check-prefix=CHILD %s
// RUN: %profile_check %t.dir/[0-9]*.profile | %FileCheck --check-prefix=PARENT %s
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

volatile int sink;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int stage;

__attribute__((noinline)) void parent_work(void) { sink++; }
__attribute__((noinline)) void child_work(void) { sink++; }
__attribute__((noinline)) void thread_work(void) { sink++; }

static void move_to(int next) {
  pthread_mutex_lock(&lock);
  stage = next;
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
}

static void wait_for(int wanted) {
  pthread_mutex_lock(&lock);
  while (stage < wanted)
    pthread_cond_wait(&changed, &lock);
  pthread_mutex_unlock(&lock);
}

// Still alive, with counts of its own, when the parent forks.
static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 5; i++)
    thread_work();
  move_to(1);
  wait_for(2);
  return NULL;
}

int main(int argc, char **argv) {
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  wait_for(1);
  parent_work();
  parent_work();
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    for (int i = 0; i < 3; i++)
      child_work();
    return 0; // exit(): the child writes its own profile
  }
  int status;
  waitpid(child, &status, 0);
  // The child's profile, named by its pid, is renamed for the test to find.
  char from[4096], to[4096];
  snprintf(from, sizeof(from), "%s/%d.profile", argc > 1 ? argv[1] : ".", (int)child);
  snprintf(to, sizeof(to), "%s/child.profile", argc > 1 ? argv[1] : ".");
  if (argc > 1 && rename(from, to) != 0)
    return 3;
  parent_work();
  move_to(2);
  pthread_join(thread, NULL);
  printf("child status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return 0;
}
// OUT: child status 0
// CHILD: function child_work calls=3
// CHILD-NEXT: function main calls=1
// CHILD-NEXT: function parent_work calls=0
// CHILD-NEXT: function runtime-fork-child-profile.c:worker calls=0
// CHILD-NEXT: function thread_work calls=0
// CHILD-NEXT: edge main -> child_work calls=3
// CHILD-NOT: {{^}}edge
// CHILD: event threads=1
// PARENT: function child_work calls=0
// PARENT-NEXT: function main calls=1
// PARENT-NEXT: function parent_work calls=3
// PARENT-NEXT: function runtime-fork-child-profile.c:worker calls=1
// PARENT-NEXT: function thread_work calls=5
// PARENT: event threads=2
