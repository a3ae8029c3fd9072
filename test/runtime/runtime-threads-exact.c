// Four threads making 100,000 calls each: exact counts (per-thread counters,
// merged when each thread exits), five threads seen, every stack balanced.
// RUN: %clang -O1 %fluid_cc_instrument %s -o %t -pthread %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t | %FileCheck --check-prefix=OUT %s
// RUN: %python %S/../Inputs/profile_check.py %t.profile | %FileCheck %s
#include <fluid_rt.h>
#include <pthread.h>
#include <stdio.h>

__attribute__((noinline)) int step(int x) { return x * 3 + 1; }

static unsigned depths[4];

void *worker(void *arg) {
  volatile int sink = 0;
  for (int i = 0; i < 100000; i++)
    sink += step(i);
  depths[(long)arg] = __fluid_depth();
  return NULL;
}

int main(void) {
  pthread_t threads[4];
  for (long i = 0; i < 4; i++)
    pthread_create(&threads[i], NULL, worker, (void *)i);
  for (int i = 0; i < 4; i++)
    pthread_join(threads[i], NULL);
  printf("depths %u %u %u %u\n", depths[0], depths[1], depths[2], depths[3]);
  return 0;
}
// Inside worker(), only worker's own frame is live.
// OUT: depths 1 1 1 1
// CHECK: function step calls=400000
// CHECK: function worker calls=4
// CHECK: edge worker -> step calls=400000
// CHECK: event orphan_exits=0
// CHECK: event threads=5
