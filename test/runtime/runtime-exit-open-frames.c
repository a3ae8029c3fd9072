// Frames still open when the program ends are closed with their real time
// and counted as closed_at_exit: exit() called three frames deep (main ->
// work -> leave), pthread_exit() two frames deep in a thread (worker ->
// quit), and a thread still parked two frames deep when the process exits
// (sleeper -> park). Each of those 7 functions has its one call, inclusive
// time above its callees' (each spins first) and its caller edge; before,
// they read inclusive 0 below their edges' cycles.
// RUN: %clang -O1 %fluid_cc_instrument %s -o %t -pthread %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t | %FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t.profile --edge-cycles | %FileCheck %s
// RUN: %fluid_prof show %t.profile | %FileCheck --check-prefix=SHOW %s
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

volatile unsigned long sink;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t parked = PTHREAD_COND_INITIALIZER;
static int sleeping;

__attribute__((noinline)) void spin(void) {
  for (int i = 0; i < 20000; i++)
    sink += (unsigned long)i * i;
}

__attribute__((noinline)) void leave(void) {
  spin();
  fflush(stdout);
  exit(0);
}

__attribute__((noinline)) void work(void) {
  spin();
  leave();
}

__attribute__((noinline)) void quit(void) {
  spin();
  pthread_exit(NULL);
}

void *worker(void *arg) {
  spin();
  quit();
  return arg;
}

__attribute__((noinline)) void park(void) {
  spin();
  pthread_mutex_lock(&lock);
  sleeping = 1;
  pthread_cond_signal(&parked);
  pthread_mutex_unlock(&lock);
  for (;;)
    pause();
}

void *sleeper(void *arg) {
  spin();
  park();
  return arg;
}

int main(void) {
  pthread_t quitter, parker;
  pthread_create(&quitter, NULL, worker, NULL);
  pthread_join(quitter, NULL);
  pthread_create(&parker, NULL, sleeper, NULL);
  pthread_mutex_lock(&lock);
  while (!sleeping)
    pthread_cond_wait(&parked, &lock);
  pthread_mutex_unlock(&lock);
  printf("leaving from deep inside\n");
  work();
  return 1;
}
// OUT: leaving from deep inside
// SHOW: threads: 3; events: closed_at_exit=7

// CHECK: function leave calls=1 self={{[1-9][0-9]*}} total={{[1-9][0-9]*}}
// CHECK: function main calls=1 self={{[1-9][0-9]*}} total={{[1-9][0-9]*}}
// CHECK: function park calls=1 self={{[1-9][0-9]*}} total={{[1-9][0-9]*}}
// CHECK: function quit calls=1 self={{[1-9][0-9]*}} total={{[1-9][0-9]*}}
// CHECK: function sleeper calls=1 self={{[1-9][0-9]*}} total={{[1-9][0-9]*}}
// CHECK: function spin calls=6 self={{[1-9][0-9]*}}
// CHECK: function work calls=1 self={{[1-9][0-9]*}} total={{[1-9][0-9]*}}
// CHECK: function worker calls=1 self={{[1-9][0-9]*}} total={{[1-9][0-9]*}}
// CHECK: edge leave -> spin calls=1 cycles={{[1-9][0-9]*}}
// CHECK: edge main -> work calls=1 cycles={{[1-9][0-9]*}}
// CHECK: edge park -> spin calls=1 cycles={{[1-9][0-9]*}}
// CHECK: edge quit -> spin calls=1 cycles={{[1-9][0-9]*}}
// CHECK: edge sleeper -> park calls=1 cycles={{[1-9][0-9]*}}
// CHECK: edge work -> leave calls=1 cycles={{[1-9][0-9]*}}
// CHECK: edge worker -> quit calls=1 cycles={{[1-9][0-9]*}}
// CHECK: event closed_at_exit=7
// CHECK: event orphan_exits=0
// CHECK: event threads=3
